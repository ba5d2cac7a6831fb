import { Tokens, type ServiceDeps, type ServiceParts } from '@winvestco/common';
import type { UserConfig } from './config.ts';
import { argon2Passwords } from './passwords.ts';
import { createUser, userRoutes } from './routes.ts';
import type { UserRepositories } from './store.ts';

/**
 * The user service: secrets from the Dapr secret store, the first admin from them, routes.
 * It consumes no events, so it declares no subscriptions.
 */
export async function buildUserService(deps: ServiceDeps<UserRepositories, UserConfig>): Promise<ServiceParts> {
  const { config, dapr, db, log } = deps;
  const store = config.dapr.secretStore;
  const tokens = new Tokens(await dapr.secret(store, 'JWT_SECRET'), config.jwtTtlSeconds);
  const adminEmail = await dapr.secret(store, 'ADMIN_EMAIL');
  if (!(await db.users.emailTaken(adminEmail))) {
    const passwordHash = await argon2Passwords.hash(await dapr.secret(store, 'ADMIN_PASSWORD'));
    await createUser(db, { email: adminEmail, passwordHash, firstName: 'Platform', lastName: 'Administrator', phone: null, roles: ['ADMIN'] })
      .catch((error) => log.info({ err: error }, 'first admin already created by another replica'));
    log.info({ email: adminEmail }, 'created the first admin from the secret store');
  }
  return { router: userRoutes({ db, tokens, passwords: argon2Passwords }) };
}
