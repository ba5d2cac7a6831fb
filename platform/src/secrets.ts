// The local secret store: one JSON file (secretstores.local.file) that the set-up writes
// and every sidecar reads. Generated secrets are made once and kept with the data (below);
// addresses and connection strings are rewritten on every set-up.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectionOptions, connectionUrl, databaseNames } from '@winvestco/common';
import pgPromise from 'pg-promise';
import type { BrokerAddresses } from './brokers.ts';
import { adminConnection, type PostgresServer } from './infrastructure.ts';
import type { SinkAddresses } from './sinks.ts';

const pgp = pgPromise();

/** Made once per platform and kept with its data, never in the repository. */
export interface GeneratedSecrets {
  /** Ed25519, PEM: the user service signs access tokens; every service verifies them. */
  JWT_PRIVATE_KEY: string;
  JWT_PUBLIC_KEY: string;
  ADMIN_EMAIL: string;
  ADMIN_PASSWORD: string;
  /** The simulated payment provider signs its webhooks with it (HMAC-SHA256). */
  PAYMENT_WEBHOOK_SECRET: string;
}

export type SecretStore = GeneratedSecrets & Record<string, string>;

/** The key under which a service's own database URL is kept (its workflow state store reads it). */
export function databaseUrlKey(service: string): string {
  return `${service.toUpperCase()}_DB_URL`;
}

export function generateSecrets(): GeneratedSecrets {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    JWT_PRIVATE_KEY: privateKey,
    JWT_PUBLIC_KEY: publicKey,
    ADMIN_EMAIL: 'admin@winvestco.local',
    ADMIN_PASSWORD: `Adm1n-${randomBytes(9).toString('base64url')}`,
    PAYMENT_WEBHOOK_SECRET: randomBytes(32).toString('base64url'),
  };
}

/** The database that keeps a platform's generated secrets, beside its services' databases. */
export function secretsDatabase(prefix: string): string {
  return `${prefix}_platform`;
}

/**
 * The platform's generated secrets, kept in PostgreSQL beside the data they belong to (a
 * database only the superuser may open): the first start makes them, every later set-up
 * reads them back, so deleting .tmp/ or a second checkout on the same server cannot end
 * up with a new admin password or signing key while the databases keep the old admin and
 * the old sessions. Answers whether they were made just now.
 */
export async function keptSecrets(server: PostgresServer, prefix: string, adopt: Partial<Record<string, string>> = {}): Promise<{ secrets: GeneratedSecrets; created: boolean }> {
  const database = secretsDatabase(prefix);
  const admin = pgp(connectionOptions(adminConnection(server), { max: 1 }));
  try {
    if (!(await admin.oneOrNone('SELECT 1 AS found FROM pg_database WHERE datname = $1', [database]))) {
      await admin.none('CREATE DATABASE $1:name', [database]);
      await admin.none('REVOKE CONNECT, TEMPORARY ON DATABASE $1:name FROM PUBLIC', [database]);
    }
  } finally {
    await admin.$pool.end();
  }
  const db = pgp(connectionOptions(adminConnection(server, database), { max: 1 }));
  try {
    return await db.tx(async (t) => {
      await t.none('CREATE TABLE IF NOT EXISTS generated_secrets (name text PRIMARY KEY, value text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
      await t.none('LOCK TABLE generated_secrets IN EXCLUSIVE MODE');
      const rows = await t.any<{ name: string; value: string }>('SELECT name, value FROM generated_secrets');
      const kept = Object.fromEntries(rows.map((r) => [r.name, r.value])) as Partial<GeneratedSecrets>;
      // A platform set up before secrets were kept here adopts the values it already uses.
      const fresh: GeneratedSecrets = { ...generateSecrets(), ...Object.fromEntries(Object.entries(adopt).filter(([name]) => name === 'ADMIN_EMAIL' || name === 'ADMIN_PASSWORD')) };
      const missing = (Object.keys(fresh) as (keyof GeneratedSecrets)[]).filter((name) => kept[name] === undefined);
      // The key pair is one secret: never keep half of an old pair with half of a new one.
      if (missing.includes('JWT_PRIVATE_KEY') || missing.includes('JWT_PUBLIC_KEY')) missing.push('JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY');
      for (const name of new Set(missing)) {
        await t.none('INSERT INTO generated_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value', [name, fresh[name]]);
        kept[name] = fresh[name];
      }
      return { secrets: kept as GeneratedSecrets, created: missing.length > 0 && rows.length === 0 };
    });
  } finally {
    await db.$pool.end();
  }
}

export function readSecretStore(file: string): Record<string, string> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}

export interface SecretStoreInput {
  generated: GeneratedSecrets;
  brokers: BrokerAddresses;
  postgres: PostgresServer;
  services: readonly string[];
  dbPrefix?: string;
  /** Where notifications' email, SMS and push go (platform/src/sinks.ts); the local sinks' fixed ports when absent. */
  sinks?: SinkAddresses;
}

/** The local sinks' addresses under `npm start` (shifted by WINVESTCO_PORT_OFFSET there). */
export const DEFAULT_SINKS: SinkAddresses = { smtpHost: '127.0.0.1', smtpPort: 2525, httpUrl: 'http://127.0.0.1:2526' };

export function writeSecretStore(file: string, input: SecretStoreInput): SecretStore {
  const urls = Object.fromEntries(
    input.services.map((service) => {
      const { database, role } = databaseNames(service, input.dbPrefix);
      return [databaseUrlKey(service), connectionUrl({ host: input.postgres.host, port: input.postgres.port, database, user: role })];
    }),
  );
  const store: SecretStore = {
    ...input.generated,
    REDIS_HOST: input.brokers.redis,
    RABBITMQ_URL: input.brokers.rabbitmq,
    MQTT_URL: input.brokers.mqtt,
    NATS_URL: input.brokers.nats,
    // Read by the notification service's binding components (components/common/notification-{email,sms,push}.yaml).
    SMTP_HOST: (input.sinks ?? DEFAULT_SINKS).smtpHost,
    SMTP_PORT: String((input.sinks ?? DEFAULT_SINKS).smtpPort),
    SMS_SINK_URL: `${(input.sinks ?? DEFAULT_SINKS).httpUrl}/sms`,
    PUSH_SINK_URL: `${(input.sinks ?? DEFAULT_SINKS).httpUrl}/push`,
    ...urls,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 });
  return store;
}
