import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ITask } from 'pg-promise';
import Postgrator from 'postgrator';
import type { Queryable } from './db.ts';
import type { Logger } from './logger.ts';

/** The repository's migrations/ folder (the same distance from src/ and from dist/). */
export const MIGRATIONS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

// Arbitrary but fixed: every replica of every service takes the same advisory lock key in
// its own database, so two replicas starting together migrate one after the other.
const MIGRATION_LOCK = 7_301_992;

/** The kit's migrations keep their own history, so a new kit table reaches databases already past it. */
const KIT_HISTORY = 'kit_schemaversion';
const SERVICE_HISTORY = 'schemaversion';

type Task = ITask<unknown>;

async function run(t: Task, database: string, pattern: string, schemaTable: string, log: Logger): Promise<number> {
  const postgrator = new Postgrator({
    driver: 'pg',
    database,
    schemaTable,
    migrationPattern: pattern,
    validateChecksums: true,
    // Each migration runs in its own transaction: a failed file leaves nothing half-done.
    execQuery: async (query) => ({ rows: (await t.tx((tx) => tx.result(query))).rows }),
  });
  postgrator.on('migration-started', (m: Postgrator.Migration) => log.info({ migration: m.filename, history: schemaTable }, 'applying migration'));
  const applied = await postgrator.migrate();
  const version = await postgrator.getDatabaseVersion();
  log.info({ applied: applied.length, version, history: schemaTable }, 'database migrated');
  return version;
}

/**
 * A database made before the kit kept a history of its own recorded the kit's first
 * migrations (versions below 100) in the service's history: they move to the kit's.
 */
async function adoptKitHistory(t: Task): Promise<void> {
  const tables = await t.map('SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ($1:csv)', [[KIT_HISTORY, SERVICE_HISTORY]], (r: { tablename: string }) => r.tablename);
  if (tables.includes(KIT_HISTORY) || !tables.includes(SERVICE_HISTORY)) return;
  await t.tx(async (tx) => {
    await tx.none(`CREATE TABLE ${KIT_HISTORY} (version BIGINT PRIMARY KEY, name TEXT, md5 TEXT, run_at TIMESTAMPTZ)`);
    await tx.none(`INSERT INTO ${KIT_HISTORY} (version, name, md5, run_at) SELECT version, name, md5, run_at FROM ${SERVICE_HISTORY} WHERE version < 100`);
    await tx.none(`INSERT INTO ${KIT_HISTORY} (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM ${KIT_HISTORY} WHERE version = 0)`);
  });
}

/**
 * Applies the kit's migrations (migrations/common, their own history table) and then the
 * service's (migrations/<service>, numbered from 100), under a session advisory lock,
 * because postgrator itself does no locking. Safe to run twice and from two replicas.
 * Returns the service's version.
 */
export async function migrate(db: Queryable, migrationsRoot: string, service: string, database: string, log: Logger): Promise<number> {
  return db.task('migrate', async (t) => {
    await t.one('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await adoptKitHistory(t);
      await run(t, database, `${migrationsRoot}/common/*.sql`, KIT_HISTORY, log);
      return await run(t, database, `${migrationsRoot}/${service}/*.sql`, SERVICE_HISTORY, log);
    } finally {
      await t.one('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}
