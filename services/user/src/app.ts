import { createPublicKey } from 'node:crypto';
import { keyId, repeat, TokenSigner, type Repeating, type ServiceDeps, type ServiceParts } from '@winvestco/common';
import type { UserConfig } from './config.ts';
import { argon2Passwords } from './passwords.ts';
import { userRoutes } from './routes.ts';
import type { UserRepositories } from './store.ts';
import { currentCaller, ensureFirstAdmin, pruneSignIns } from './usecases.ts';

const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * The user service: the signing key pair and the first admin from the Dapr secret store,
 * then the routes. It signs tokens with the private key, which no other app can read, and
 * publishes the public key. It consumes no events, so it declares no subscriptions; it
 * judges tokens by its own tables, which every other service projects.
 */
export async function buildUserService({ config, dapr, db, log, verifier }: ServiceDeps<UserRepositories, UserConfig>): Promise<ServiceParts<UserRepositories>> {
  const secret = (key: string) => dapr.secret(config.dapr.secretStore, key);
  const publicKey = await secret('JWT_PUBLIC_KEY');
  const tokens = await TokenSigner.fromKeys(await secret('JWT_PRIVATE_KEY'), publicKey, config.accessTtlSeconds);
  const jwks = { keys: [{ ...createPublicKey(publicKey).export({ format: 'jwk' }), kid: keyId(publicKey), alg: 'EdDSA', use: 'sig' }] };
  const deps = { db, passwords: argon2Passwords(), tokens, refreshTtlSeconds: config.refreshTtlSeconds };

  const adminEmail = await secret('ADMIN_EMAIL');
  const outcome = await ensureFirstAdmin(deps, adminEmail, await secret('ADMIN_PASSWORD'));
  if (outcome === 'created') log.info({ email: adminEmail }, 'created the first admin from the secret store');
  else if (outcome === 'exists') log.info({ email: adminEmail }, 'the first admin exists and the secret store\'s password opens it');
  else log.warn({ email: adminEmail }, 'the first admin exists, but ADMIN_PASSWORD in the secret store does not open it (changed through the API since, or the secret store was made anew); it keeps its password');

  let pruning: Repeating | undefined;
  const sessions = (claims: Parameters<typeof currentCaller>[1]) => currentCaller(db, claims);
  return {
    routes: userRoutes(deps, verifier, jwks, sessions),
    sessions,
    start: async () => {
      pruning = repeat(() => pruneSignIns(db), PRUNE_EVERY_MS, (error) => log.warn({ err: error }, 'pruning sign-in records failed'));
    },
    stop: async () => pruning?.stop(),
  };
}
