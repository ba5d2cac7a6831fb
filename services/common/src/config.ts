// Configuration comes from the environment only; every problem is reported at once so a
// person fixing a start-up failure sees the whole list, not one variable per attempt.
import { appIdOf, databaseNames } from './names.ts';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env = process.env) {}

  string(name: string, fallback?: string): string {
    const value = this.env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    this.problems.push(`${name} is required`);
    return '';
  }

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  port(name: string, fallback?: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') {
      if (fallback !== undefined) return fallback;
      this.problems.push(`${name} is required (a TCP port)`);
      return 0;
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      this.problems.push(`${name} must be a TCP port (1-65535), got "${raw}"`);
      return 0;
    }
    return n;
  }

  integer(name: string, fallback: number, min = 0): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      this.problems.push(`${name} must be a whole number >= ${min}, got "${raw}"`);
      return fallback;
    }
    return n;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
    this.problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  }

  /** Throws one ConfigError naming every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

/** Where a service's own database is; built by the service and by the platform alike. */
export interface DatabaseConfig {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
}

export interface DaprConfig {
  httpPort: number;
  grpcPort: number;
  apiToken?: string;
  pubsubName: string;
  secretStore: string;
  /** Prepended to every topic this app publishes or subscribes to; isolates test runs. */
  topicPrefix: string;
}

/** What every service needs to boot; services extend it with their own settings. */
export interface ServiceConfig {
  service: string;
  appId: string;
  port: number;
  logLevel: string;
  db: DatabaseConfig;
  dapr: DaprConfig;
  appApiToken?: string;
  outboxIntervalMs: number;
  /** The session projection (sessions.ts): whether to catch up from the user service before being ready, and how often again. */
  sessions: { sync: boolean; resyncMs: number };
}

export function readServiceConfig(service: string, reader = new EnvReader()): ServiceConfig {
  const names = databaseNames(service);
  return {
    service,
    appId: reader.string('APP_ID', appIdOf(service)),
    port: reader.port('APP_PORT'),
    logLevel: reader.string('LOG_LEVEL', 'info'),
    db: {
      host: reader.string('PGHOST', '127.0.0.1'),
      port: reader.port('PGPORT', 5432),
      database: reader.string('DB_NAME', names.database),
      user: reader.string('DB_USER', names.role),
      password: reader.optional('DB_PASSWORD'),
    },
    dapr: {
      httpPort: reader.port('DAPR_HTTP_PORT', 3500),
      grpcPort: reader.port('DAPR_GRPC_PORT', 50001),
      apiToken: reader.optional('DAPR_API_TOKEN'),
      pubsubName: reader.string('PUBSUB_NAME', 'pubsub'),
      secretStore: reader.string('SECRET_STORE_NAME', 'secretstore'),
      topicPrefix: reader.string('TOPIC_PREFIX', ''),
    },
    appApiToken: reader.optional('APP_API_TOKEN'),
    outboxIntervalMs: reader.integer('OUTBOX_INTERVAL_MS', 1000, 10),
    sessions: { sync: reader.boolean('SESSIONS_SYNC', true), resyncMs: reader.integer('SESSIONS_RESYNC_MS', 5 * 60_000, 1000) },
  };
}

/**
 * A service's whole configuration: the common part plus `extra` settings read from the
 * same environment; throws one ConfigError listing every problem.
 */
export function loadConfig<E extends object = object>(service: string, extra?: (reader: EnvReader) => E): ServiceConfig & E {
  const reader = new EnvReader();
  const config = { ...readServiceConfig(service, reader), ...(extra?.(reader) as E) };
  reader.done();
  return config;
}
