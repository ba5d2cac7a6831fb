// The local secret store: one JSON file (secretstores.local.file) that the set-up writes
// and every sidecar reads. Generated secrets are made once and kept; addresses and
// connection strings are rewritten on every set-up.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectionUrl, databaseNames } from '@winvestco/common';
import type { BrokerAddresses } from './brokers.ts';
import type { PostgresServer } from './infrastructure.ts';

/** Made once per platform, never in the repository. */
export interface GeneratedSecrets {
  JWT_SECRET: string;
  ADMIN_EMAIL: string;
  ADMIN_PASSWORD: string;
}

export type SecretStore = GeneratedSecrets & Record<string, string>;

/** The key under which a service's own database URL is kept (its workflow state store reads it). */
export function databaseUrlKey(service: string): string {
  return `${service.toUpperCase()}_DB_URL`;
}

export function generateSecrets(): GeneratedSecrets {
  return {
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ADMIN_EMAIL: 'admin@winvestco.local',
    ADMIN_PASSWORD: `Adm1n-${randomBytes(9).toString('base64url')}`,
  };
}

export function readSecretStore(file: string): SecretStore | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SecretStore) : undefined;
}

export interface SecretStoreInput {
  generated: GeneratedSecrets;
  brokers: BrokerAddresses;
  postgres: PostgresServer;
  services: readonly string[];
  dbPrefix?: string;
}

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
    ...urls,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 });
  return store;
}
