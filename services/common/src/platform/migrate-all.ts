// `npm run migrate`: provisions the ten databases and roles and applies every service's
// migrations, each as that service's own role (what the services also do at start).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createDatabase } from '../db.ts';
import { createLogger } from '../logger.ts';
import { migrate } from '../migrate.ts';
import { MIGRATIONS_ROOT } from '../service.ts';
import { PLATFORM_NAMING, provisionDatabases } from './databases.ts';
import { findOrStartPostgres } from './infrastructure.ts';
import { SERVICES } from './services.ts';

const say = (message: string) => console.log(`[migrate] ${message}`);

async function main(): Promise<void> {
  const postgres = await findOrStartPostgres(say);
  try {
    await provisionDatabases(postgres, SERVICES, PLATFORM_NAMING);
    for (const service of SERVICES.filter((s) => existsSync(path.join(MIGRATIONS_ROOT, s)))) {
      const config = { host: postgres.host, port: postgres.port, database: PLATFORM_NAMING.database(service), user: PLATFORM_NAMING.role(service) };
      const { db, close } = createDatabase(config, () => ({}));
      try {
        const version = await migrate(db, MIGRATIONS_ROOT, service, config.database, createLogger(`${service}-migrate`, 'warn'));
        say(`${config.database}: at version ${version}`);
      } finally {
        await close();
      }
    }
  } finally {
    await postgres.stop?.();
  }
}

main().catch((error) => {
  console.error(`[migrate] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
