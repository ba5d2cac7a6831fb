import { connectionOptions, createDatabase, createLogger, databaseNames, DEFAULT_DB_PREFIX, migrate, MIGRATIONS_ROOT } from '@winvestco/common';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pgPromise, { type IDatabase } from 'pg-promise';
import { adminConnection, type PostgresServer } from './infrastructure.ts';

const pgp = pgPromise();

async function asAdmin<T>(server: PostgresServer, work: (admin: IDatabase<unknown>) => Promise<T>): Promise<T> {
  const admin = pgp(connectionOptions(adminConnection(server), { max: 1 }));
  try {
    return await work(admin);
  } finally {
    await admin.$pool.end();
  }
}

/**
 * Creates, for each service, a login role and a database it owns that no other role may
 * connect to (CONNECT revoked from PUBLIC): isolation enforced by PostgreSQL itself.
 * Idempotent.
 */
export async function provisionDatabases(server: PostgresServer, services: readonly string[], prefix = DEFAULT_DB_PREFIX): Promise<void> {
  await asAdmin(server, async (admin) => {
    for (const service of services) {
      const { database, role } = databaseNames(service, prefix);
      await admin.none(
        `DO $$ BEGIN
           IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${pgp.as.text(role)}) THEN
             EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', ${pgp.as.text(role)}::text);
           END IF;
         END $$`,
      );
      const exists = await admin.oneOrNone<{ '?column?': number }>('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!exists) await admin.none('CREATE DATABASE $1:name OWNER $2:name', [database, role]);
      await admin.none('REVOKE CONNECT, TEMPORARY ON DATABASE $1:name FROM PUBLIC', [database]);
      await admin.none('GRANT CONNECT ON DATABASE $1:name TO $2:name', [database, role]);
    }
  });
}

/** Drops every database and role whose name starts with `prefix_` (a test run's). */
export async function dropDatabases(server: PostgresServer, prefix: string): Promise<void> {
  const like = `${prefix.replace(/_/g, '\\_')}\\_%`;
  await asAdmin(server, async (admin) => {
    for (const { datname } of await admin.any<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [like])) {
      await admin.none('DROP DATABASE IF EXISTS $1:name WITH (FORCE)', [datname]);
    }
    for (const { rolname } of await admin.any<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [like])) {
      await admin.none('DROP ROLE IF EXISTS $1:name', [rolname]);
    }
  });
}

/** Names of databases whose names start with `prefix`, for finding what dead test runs left. */
export async function databasesLike(server: PostgresServer, prefix: string): Promise<string[]> {
  return asAdmin(server, (admin) => admin.map('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix.replace(/_/g, '\\_')}%`], (r: { datname: string }) => r.datname));
}

/**
 * Applies every service's migrations, each as that service's own role (what the services
 * also do at start); answers the version each database is at.
 */
export async function migrateDatabases(server: PostgresServer, services: readonly string[], prefix = DEFAULT_DB_PREFIX): Promise<Record<string, number>> {
  const versions: Record<string, number> = {};
  for (const service of services.filter((s) => existsSync(path.join(MIGRATIONS_ROOT, s)))) {
    const { database, role } = databaseNames(service, prefix);
    const { db, close } = createDatabase({ host: server.host, port: server.port, database, user: role }, () => ({}), { max: 1 });
    try {
      versions[service] = await migrate(db, MIGRATIONS_ROOT, service, database, createLogger(`${service}-migrate`, 'warn'));
    } finally {
      await close();
    }
  }
  return versions;
}
