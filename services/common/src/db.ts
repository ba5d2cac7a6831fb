import pgPromise, { type IBaseProtocol, type IDatabase, type IMain, type ITask } from 'pg-promise';
import type { DatabaseConfig } from './config.ts';
import { IdempotencyRepository } from './idempotency.ts';
import { InboxRepository } from './inbox.ts';
import { OutboxRepository } from './outbox.ts';
import { DeadLetterRepository } from './dead-letters.ts';
import { SagaRepository } from './saga-store.ts';
import { sqlFolder } from './sql.ts';

const PRUNE = sqlFolder(import.meta.url)('kit-prune');

/** Repositories every service has, next to its own (attached with pg-promise `extend`). */
export interface KitRepositories {
  outbox: OutboxRepository;
  inbox: InboxRepository;
  idempotency: IdempotencyRepository;
  sagas: SagaRepository;
  deadLetters: DeadLetterRepository;
}

export type Queryable = IBaseProtocol<unknown>;
export type Database<R = object> = IDatabase<R & KitRepositories> & R & KitRepositories;
export type Tx<R = object> = ITask<R & KitRepositories> & R & KitRepositories;
/**
 * The pool or a transaction already open: a use case written against Db runs the same
 * from a route (its own transaction) and from an event handler (nested in the handler's,
 * as a savepoint).
 */
export type Db<R = object> = IBaseProtocol<R & KitRepositories> & R & KitRepositories;

export interface DatabaseHandle<R> {
  db: Database<R>;
  pgp: IMain<R & KitRepositories>;
  close: () => Promise<void>;
}

/** pg connection settings for `config`: the one place they are built. */
export function connectionOptions(config: DatabaseConfig, extra: { max?: number; applicationName?: string } = {}) {
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    ...(config.password ? { password: config.password } : {}),
    max: extra.max ?? 10,
    ...(extra.applicationName ? { application_name: extra.applicationName } : {}),
  };
}

/** The same settings as a URL, for Dapr components (the workflow state store). */
export function connectionUrl(config: DatabaseConfig): string {
  const auth = config.password ? `${encodeURIComponent(config.user)}:${encodeURIComponent(config.password)}` : encodeURIComponent(config.user);
  return `postgres://${auth}@${config.host}:${config.port}/${encodeURIComponent(config.database)}`;
}

/**
 * One pg-promise instance per process. `repositories` builds the service's repositories on
 * every connection or transaction object, so `db.tx(t => t.users.add(...) && t.outbox.add(...))`
 * shares one transaction without passing clients around.
 */
export function createDatabase<R extends object>(
  config: DatabaseConfig,
  repositories: (q: Queryable) => R,
  options: { max?: number; applicationName?: string } = {},
): DatabaseHandle<R> {
  const pgp = pgPromise<R & KitRepositories>({
    extend(obj) {
      Object.assign(obj, {
        outbox: new OutboxRepository(obj), inbox: new InboxRepository(obj), idempotency: new IdempotencyRepository(obj),
        sagas: new SagaRepository(obj), deadLetters: new DeadLetterRepository(obj),
      }, repositories(obj));
    },
  });
  const db = pgp(connectionOptions(config, { max: options.max, applicationName: options.applicationName ?? config.user }));
  // Only this pool: pgp.end() would shut down every pool in the process.
  return { db, pgp, close: async () => db.$pool.end() };
}

/** Keeps the kit's tables small: published events after an hour, event ids and idempotency keys after 30 days. */
export async function pruneKitTables(db: Queryable, options: { outboxMinutes?: number; keepDays?: number } = {}): Promise<void> {
  await db.none(PRUNE, { outboxMinutes: options.outboxMinutes ?? 60, keepDays: options.keepDays ?? 30 });
}

/** True when `error` is PostgreSQL's unique violation of `constraint` (two writers raced; the index decided). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint === constraint;
}
