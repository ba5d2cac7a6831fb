import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Postgrator from 'postgrator';
import type { Queryable } from './db.ts';
import type { Logger } from './logger.ts';

/** The repository's migrations/ folder (the same distance from src/ and from dist/). */
export const MIGRATIONS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

// Arbitrary but fixed: every replica of every service takes the same advisory lock key in
// its own database, so two replicas starting together migrate one after the other.
const MIGRATION_LOCK = 7_301_992;

/**
 * Applies a service's postgrator migrations (NNN.do.name.sql) under a session advisory
 * lock, because postgrator itself does no locking. Safe to run twice. The kit's own tables
 * (outbox, inbox) come from migrations/common, numbered below 100; a service numbers from 100.
 */
export async function migrate(db: Queryable, migrationsRoot: string, service: string, database: string, log: Logger): Promise<number> {
  return db.task('migrate', async (t) => {
    await t.one('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const postgrator = new Postgrator({
        driver: 'pg',
        database,
        schemaTable: 'schemaversion',
        migrationPattern: `${migrationsRoot}/{common,${service}}/*.sql`,
        validateChecksums: true,
        // Each migration runs in its own transaction: a failed file leaves nothing half-done.
        execQuery: async (query) => ({ rows: (await t.tx((tx) => tx.result(query))).rows }),
      });
      postgrator.on('migration-started', (m: Postgrator.Migration) => log.info({ migration: m.filename }, 'applying migration'));
      const applied = await postgrator.migrate();
      const version = await postgrator.getDatabaseVersion();
      log.info({ applied: applied.length, version }, 'database migrated');
      return version;
    } finally {
      await t.one('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}
