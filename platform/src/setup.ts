// The platform's set-up, shared by `npm run setup`, `npm start` and the test harness:
// databases and roles, migrations, the local secret store, and the rendered Dapr files.
import { DEFAULT_DB_PREFIX, FOREIGN_APP_IDS, serviceOf, SERVICES } from '@winvestco/common';
import path from 'node:path';
import type { Broker, BrokerAddresses } from './brokers.ts';
import { migrateDatabases, provisionDatabases } from './databases.ts';
import type { PostgresServer } from './infrastructure.ts';
import { declareStream, platformStream } from './nats.ts';
import type { SinkAddresses } from './sinks.ts';
import { renderDapr, type RenderedDapr } from './resources.ts';
import { keptSecrets, readSecretStore, secretsDatabase, writeSecretStore, type GeneratedSecrets, type SecretStore } from './secrets.ts';

export interface SetupOptions {
  stateDir: string;
  postgres: PostgresServer;
  brokers: BrokerAddresses;
  broker: Broker;
  appIds: readonly string[];
  /** Databases and roles named `<prefix>_<service>_db`. */
  dbPrefix?: string;
  /** Topic names in publishing scopes get it (a second platform's). */
  topicPrefix?: string;
  /** Extra databases (test-only apps). */
  extraServices?: readonly string[];
  /** Fixed generated secrets (tests); otherwise kept from the last set-up or made anew. */
  secrets?: GeneratedSecrets;
  extraApps?: readonly string[];
  consumerSuffix?: string;
  ephemeralBroker?: boolean;
  /** Where notifications' email, SMS and push go; the local sinks' fixed ports when absent. */
  sinks?: SinkAddresses;
  say?: (message: string) => void;
}

export interface Setup {
  dapr: RenderedDapr;
  secretsFile: string;
  secrets: SecretStore;
}

export function daprStateDir(stateDir: string): string {
  return path.join(stateDir, 'dapr');
}

export async function setUp(options: SetupOptions): Promise<Setup> {
  const say = options.say ?? (() => undefined);
  const prefix = options.dbPrefix ?? DEFAULT_DB_PREFIX;
  // Apps in other languages own a database too (they apply their own migrations).
  const services = [...SERVICES, ...FOREIGN_APP_IDS.map(serviceOf), ...(options.extraServices ?? [])];
  say(`databases: ${services.length} databases ${prefix}_<service>_db, each with its own role (only missing ones are created)`);
  await provisionDatabases(options.postgres, services, prefix);
  say('databases: applying migrations');
  await migrateDatabases(options.postgres, services, prefix);

  const targetDir = daprStateDir(options.stateDir);
  const secretsFile = path.join(targetDir, 'secrets.json');
  let generated = options.secrets;
  if (!generated) {
    const kept = await keptSecrets(options.postgres, prefix, readSecretStore(secretsFile));
    generated = kept.secrets;
    say(kept.created
      ? `secrets: generated a signing key pair and the first admin's password, kept in database ${secretsDatabase(prefix)}`
      : `secrets: using the signing key and admin password kept in database ${secretsDatabase(prefix)} (made at the first start)`);
  }
  const secrets = writeSecretStore(secretsFile, { generated, brokers: options.brokers, postgres: options.postgres, services, dbPrefix: prefix, sinks: options.sinks });
  const dapr = renderDapr({
    targetDir, broker: options.broker, appIds: options.appIds, secretsFile, topicPrefix: options.topicPrefix,
    extraApps: options.extraApps, consumerSuffix: options.consumerSuffix, ephemeralBroker: options.ephemeralBroker,
  });
  if (options.broker === 'nats') {
    const stream = platformStream(options.topicPrefix ?? '', options.appIds);
    await declareStream(options.brokers.nats, stream);
    say(`nats: JetStream stream ${stream.name} keeps ${stream.subjects.length} subjects (every topic and dead-letter topic)`);
  }
  say(`dapr: secret store ${path.relative(process.cwd(), secretsFile)}, resources ${path.relative(process.cwd(), dapr.resourcesDir)} (${options.broker})`);
  return { dapr, secretsFile, secrets };
}
