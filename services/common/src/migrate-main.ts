// The migration Job's entry point (k8s/base/apps/<app>.yaml, `<app>-migrate`; in the image
// `node /app/services/common/dist/migrate-main.js`): applies the kit's and the service's
// migrations to the service's own database and exits. The service migrates at start too
// (under the same advisory lock); the Job makes a failed migration a failed Job, visible
// before the rollout, rather than pods that crash-loop.
import { EnvReader, readServiceConfig } from './config.ts';
import { createDatabase } from './db.ts';
import { createLogger } from './logger.ts';
import { migrate, MIGRATIONS_ROOT } from './migrate.ts';

const service = process.env.WINVESTCO_SERVICE;
if (!service) {
  console.error('WINVESTCO_SERVICE names the service whose database to migrate');
  process.exit(2);
}
// The Job serves nothing: the app port the common settings require is not needed.
const reader = new EnvReader({ APP_PORT: '1', ...process.env });
const config = readServiceConfig(service, reader);
reader.done();
const log = createLogger(`${config.appId}-migrate`, config.logLevel);
const { db, close } = createDatabase(config.db, () => ({}), { max: 1, applicationName: `${config.appId}-migrate` });
try {
  const version = await migrate(db, MIGRATIONS_ROOT, service, config.db.database, log);
  log.info({ version }, `${config.db.database} migrated`);
} catch (error) {
  log.error({ err: error }, 'migration failed');
  process.exitCode = 1;
} finally {
  await close();
}
