import pgPromise, { type IDatabase, type IMain, type ITask } from 'pg-promise';
import type { DatabaseConfig } from './config.ts';
import { OutboxRepository } from './outbox.ts';
import { InboxRepository } from './inbox.ts';

/** Repositories every service has, next to its own (attached with pg-promise `extend`). */
export interface KitRepositories {
  outbox: OutboxRepository;
  inbox: InboxRepository;
}

export type Queryable = IDatabase<unknown> | ITask<unknown>;
export type Database<R> = IDatabase<R & KitRepositories> & R & KitRepositories;
export type Tx<R> = ITask<R & KitRepositories> & R & KitRepositories;

export interface DatabaseHandle<R> {
  db: Database<R>;
  pgp: IMain;
  close(): Promise<void>;
}

export function connectionString(config: DatabaseConfig): string {
  const auth = config.password ? `${encodeURIComponent(config.user)}:${encodeURIComponent(config.password)}` : encodeURIComponent(config.user);
  return `postgres://${auth}@${config.host}:${config.port}/${config.database}`;
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
      const target = obj as unknown as Record<string, unknown>;
      target.outbox = new OutboxRepository(obj);
      target.inbox = new InboxRepository(obj);
      Object.assign(target, repositories(obj));
    },
  });
  const db = pgp({
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    ...(config.password ? { password: config.password } : {}),
    max: options.max ?? 10,
    application_name: options.applicationName ?? config.user,
  });
  return { db: db as Database<R>, pgp: pgp as unknown as IMain, close: async () => pgp.end() };
}
