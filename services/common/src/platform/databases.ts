import pgPromise from 'pg-promise';
import type { PostgresServer } from './infrastructure.ts';

export interface Naming {
  database(service: string): string;
  role(service: string): string;
}

export const PLATFORM_NAMING: Naming = {
  database: (service) => `winvestco_${service}_db`,
  role: (service) => `winvestco_${service}`,
};

/** Tests never touch the databases of a platform running on the same server. */
export const TEST_NAMING: Naming = {
  database: (service) => `winvestco_test_${service}_db`,
  role: (service) => `winvestco_test_${service}`,
};

const pgp = pgPromise();

/**
 * Creates, for each service, a login role and a database it owns that no other role may
 * connect to (CONNECT revoked from PUBLIC): isolation enforced by PostgreSQL itself.
 * Idempotent; `fresh` drops the databases first (tests).
 */
export async function provisionDatabases(server: PostgresServer, services: readonly string[], naming: Naming, options: { fresh?: boolean } = {}): Promise<void> {
  const admin = pgp({
    host: server.host, port: server.port, user: server.adminUser, database: 'postgres',
    ...(server.adminPassword ? { password: server.adminPassword } : {}), max: 1,
  });
  try {
    for (const service of services) {
      const role = naming.role(service);
      const database = naming.database(service);
      await admin.none(
        `DO $$ BEGIN
           IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = $1) THEN
             EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', $1::text);
           END IF;
         END $$`.replace(/\$1/g, pgp.as.text(role)),
      );
      if (options.fresh) await admin.none('DROP DATABASE IF EXISTS $1:name WITH (FORCE)', [database]);
      const exists = await admin.oneOrNone('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!exists) await admin.none('CREATE DATABASE $1:name OWNER $2:name', [database, role]);
      await admin.none('REVOKE CONNECT, TEMPORARY ON DATABASE $1:name FROM PUBLIC', [database]);
      await admin.none('GRANT CONNECT ON DATABASE $1:name TO $2:name', [database, role]);
    }
  } finally {
    await admin.$pool.end();
  }
}
