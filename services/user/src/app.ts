import { Tokens, type ServiceDeps, type ServiceParts } from '@winvestco/common';
import type { UserConfig } from './config.ts';
import { argon2Passwords } from './passwords.ts';
import { userRoutes } from './routes.ts';
import type { UserRepositories } from './store.ts';
import { ensureFirstAdmin } from './usecases.ts';

/**
 * The user service: signing key and the first admin from the Dapr secret store, then the
 * routes. It consumes no events, so it declares no subscriptions.
 */
export async function buildUserService({ config, dapr, db, log }: ServiceDeps<UserRepositories, UserConfig>): Promise<ServiceParts<UserRepositories>> {
  const store = config.dapr.secretStore;
  const tokens = new Tokens(await dapr.secret(store, 'JWT_SECRET'), config.jwtTtlSeconds);
  const deps = { db, passwords: argon2Passwords() };
  const adminEmail = await dapr.secret(store, 'ADMIN_EMAIL');
  const outcome = await ensureFirstAdmin(deps, adminEmail, await dapr.secret(store, 'ADMIN_PASSWORD'));
  log.info({ email: adminEmail }, outcome === 'created' ? 'created the first admin from the secret store' : 'the first admin already exists');
  return { routes: userRoutes(deps, tokens) };
}
