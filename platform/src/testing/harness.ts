import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  CONSOLE_APP_ID, connectionOptions, DaprSidecar, databaseNames, deadLetterTopicOf, FOREIGN_APP_IDS, GATEWAY_APP_ID, SERVICES, SERVICE_APP_IDS, serviceOf, TokenSigner, TOPICS,
  type ContractViolation, type Role,
} from '@winvestco/common';
import pgPromise, { type IDatabase } from 'pg-promise';
import YAML from 'yaml';
import { brokerAddresses, hostAndPort, type Broker, type BrokerAddresses } from '../brokers.ts';
import { PLATFORM_CONTROL_PLANE, startControlPlane, type ControlPlane, type ControlPlanePorts } from '../controlPlane.ts';
import { databasesLike, dropDatabases, provisionDatabases } from '../databases.ts';
import { foreignApp } from '../foreign.ts';
import { adminConnection, findOrStartPostgres, findOrStartRedis, type PostgresServer, type RedisServer } from '../infrastructure.ts';
import { launchApp, type LaunchedApp } from '../launch.ts';
import { CONTRACTS_DIR } from '../paths.ts';
import { declareStream, deleteStream, type StreamSpec } from '../nats.ts';
import { freePort, httpOk, tcpReachable, waitFor } from '../processes.ts';
import { redisCommands } from '../redis.ts';
import { renderDapr, type RenderedDapr } from '../resources.ts';
import { readRunFile, type RunApp } from '../runFile.ts';
import { generateSecrets, writeSecretStore, type GeneratedSecrets } from '../secrets.ts';
import { startSinks, type RunningSinks } from '../sinks.ts';

export type { Broker };

const execFileAsync = promisify(execFile);

/** The first admin every test run's user service creates. */
export const TEST_ADMIN = { email: 'admin@winvestco.test', password: 'Adm1n-test-password' } as const;
/** The run's secrets; tests may sign a token with its private key to try what a forger would. */
export const TEST_SECRETS: GeneratedSecrets = { ...generateSecrets(), ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password };

/** App ids of test-only apps; the harness adds them to the component scopes it renders. */
export const PROBE_APPS = ['probe-service', 'wfprobe-service', 'reader-service', 'echo-service'] as const;
const TEST_SERVICES = [...SERVICES, ...FOREIGN_APP_IDS.map(serviceOf), ...PROBE_APPS.map(serviceOf)];
/** Apps built on the kit's runService: they keep a session projection. */
const KIT_APPS: readonly string[] = [...SERVICE_APP_IDS, 'probe-service', 'wfprobe-service'];

// Every name a run makes carries its run id, so two runs on one machine never meet: test
// databases are winvestco_t_<pid>_<random>_<service>_db, topics t<pid>_<random>.<topic>.
const RUN_PREFIX = 'winvestco_t_';
const RUN_ID = `${process.pid.toString(36)}_${randomBytes(2).toString('hex')}`;

export interface AppLaunchOptions {
  /** Defaults to the service's own entry in dapr/dapr.yaml. */
  command?: string[];
  cwd?: string;
  env?: Record<string, string>;
  broker?: Broker;
  /** Extra component YAML documents for this app only (a workflow store, say). */
  components?: object[];
  /** Configuration files laid over the app's own. */
  extraConfigFiles?: string[];
  /** A sidecar without an mTLS identity (what an intruder's sidecar could do). */
  withoutMtls?: boolean;
  /** Restart the app or its sidecar when either dies, as npm start does (a test that kills one). */
  restart?: boolean;
  /**
   * The broker as production configures it: queues and sessions kept while every consumer is
   * down (test runs otherwise use ones that vanish with their apps). What is kept carries the
   * run's names; the run removes what it can at its end (NATS streams, RabbitMQ queues).
   */
  durableBroker?: boolean;
}

export interface TestApp extends LaunchedApp {
  /** The app's own sidecar: every test call goes through it. */
  dapr: DaprSidecar;
  daprApiToken: string;
}

const say = (message: string) => process.stderr.write(`      [harness] ${message}\n`);
const pgp = pgPromise();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Drops what earlier runs left behind when they died before cleaning up. */
async function dropDeadRuns(postgres: PostgresServer): Promise<void> {
  const prefixes = new Set<string>();
  for (const name of await databasesLike(postgres, RUN_PREFIX)) {
    const match = /^(winvestco_t_([0-9a-z]+)_[0-9a-f]{4})_/.exec(name);
    if (match && !pidAlive(parseInt(match[2]!, 36))) prefixes.add(match[1]!);
  }
  for (const prefix of prefixes) {
    say(`dropping databases a dead test run left (${prefix}_*)`);
    await dropDatabases(postgres, prefix);
  }
}

/** What every scope of one test run shares: the processes, the databases, the clean-up. */
interface RunShared {
  workDir: string;
  postgres: PostgresServer;
  redis: RedisServer;
  controlPlane: ControlPlane;
  brokers: BrokerAddresses;
  secretsFile: string;
  admins: Map<string, IDatabase<unknown>>;
  topicPrefixes: Set<string>;
  scopes: Map<string, TestPlatform>;
  apps: Set<TestApp>;
  /** Users that exist only in forged tokens (tokenFor): seeded into every service's session projection. */
  forged: Map<string, Role[]>;
  /** The run's SMTP and HTTP sinks, where notifications' email, SMS and push land (<workDir>/sinks). */
  sinks: RunningSinks;
  /** The JetStream stream of this run's topics, once an app ran on NATS. */
  natsStream?: { spec: StreamSpec; ready: Promise<void> };
  /** Durable RabbitMQ queues were made (durableBroker): they outlive the run's apps. */
  durableRabbitQueues?: boolean;
}

/**
 * Real parts for integration tests: PostgreSQL (fresh databases with isolated roles),
 * Redis, placement and scheduler on free ports, and one real daprd per app under test.
 * A scope (testPlatform('ledger')) is the same platform with topics of its own, so the apps
 * of one test file never receive the events another file's apps published.
 */
export class TestPlatform {
  readonly runId = RUN_ID;
  readonly dbPrefix = `${RUN_PREFIX}${RUN_ID}`;
  private readonly rendered = new Map<string, RenderedDapr>();
  private signer?: Promise<TokenSigner>;
  /** The user services this scope runs now: while one runs, a service launched catches up from it before it is ready. */
  private readonly userServices = new Set<TestApp>();
  private userServicesStarting = 0;

  private constructor(private readonly shared: RunShared, readonly topicPrefix: string, private readonly scopeName = '') {}

  get workDir(): string {
    return this.shared.workDir;
  }

  get postgres(): PostgresServer {
    return this.shared.postgres;
  }

  get redis(): RedisServer {
    return this.shared.redis;
  }

  get controlPlane(): ControlPlane {
    return this.shared.controlPlane;
  }

  get brokers(): BrokerAddresses {
    return this.shared.brokers;
  }

  get sinks(): RunningSinks {
    return this.shared.sinks;
  }

  static async start(): Promise<TestPlatform> {
    const started = Date.now();
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'winvestco-test-'));
    say(`run ${RUN_ID}, work folder ${workDir}`);
    const postgres = await findOrStartPostgres(say);
    const redis = await findOrStartRedis(say);
    await dropDeadRuns(postgres);
    await provisionDatabases(postgres, TEST_SERVICES, `${RUN_PREFIX}${RUN_ID}`);
    const ports = {} as ControlPlanePorts;
    for (const key of Object.keys(PLATFORM_CONTROL_PLANE) as (keyof ControlPlanePorts)[]) ports[key] = await freePort();
    const controlPlane = await startControlPlane(ports, workDir, path.join(workDir, 'logs'), say);
    const brokers = brokerAddresses(redis);
    const secretsFile = path.join(workDir, 'secrets.json');
    const sinks = await startSinks({ dir: path.join(workDir, 'sinks') });
    writeSecretStore(secretsFile, { generated: TEST_SECRETS, brokers, postgres, services: TEST_SERVICES, dbPrefix: `${RUN_PREFIX}${RUN_ID}`, sinks });
    say(`ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    const topicPrefix = `t${RUN_ID}.`;
    return new TestPlatform({
      workDir, postgres, redis, controlPlane, brokers, secretsFile, admins: new Map(), topicPrefixes: new Set([topicPrefix]), scopes: new Map(), apps: new Set(), forged: new Map(), sinks,
    }, topicPrefix);
  }

  /** This platform with topics of its own (`t<run>.<name>.<topic>`); one per name. */
  scope(name: string): TestPlatform {
    let scoped = this.shared.scopes.get(name);
    if (!scoped) {
      scoped = new TestPlatform(this.shared, this.derivedTopicPrefix(name), name);
      this.shared.scopes.set(name, scoped);
    }
    return scoped;
  }

  /** The Dapr files for one broker, rendered like the platform's, with this run's names. */
  private async daprFor(broker: Broker, durable = false): Promise<RenderedDapr> {
    if (broker === 'nats' && !this.shared.natsStream) {
      // JetStream keeps only what a stream covers: one for every topic of this run.
      const stream = { name: `winvestco-t-${RUN_ID}`, subjects: [`t${RUN_ID}.>`] };
      this.shared.natsStream = { spec: stream, ready: declareStream(this.brokers.nats, stream) };
    }
    if (broker === 'nats') await this.shared.natsStream!.ready;
    // Rendered without awaiting anything, so two apps launched together share one folder.
    const key = `${broker}${durable ? '-durable' : ''}`;
    if (durable && broker === 'rabbitmq') this.shared.durableRabbitQueues = true;
    let rendered = this.rendered.get(key);
    if (!rendered) {
      rendered = renderDapr({
        targetDir: path.join(this.workDir, `dapr-${key}${this.scopeName ? `-${this.scopeName}` : ''}`), broker,
        appIds: [...SERVICE_APP_IDS, GATEWAY_APP_ID, CONSOLE_APP_ID, ...FOREIGN_APP_IDS, ...PROBE_APPS], secretsFile: this.shared.secretsFile,
        topicPrefix: this.topicPrefix, extraApps: PROBE_APPS, consumerSuffix: RUN_ID, ephemeralBroker: !durable,
      });
      this.rendered.set(key, rendered);
    }
    return rendered;
  }

  /** Starts an app (a service from dapr/dapr.yaml, or a probe) with its own daprd on free ports. */
  async launch(appId: string, options: AppLaunchOptions = {}): Promise<TestApp> {
    // Counted before anything is awaited, so an app launched beside it (Promise.all) knows.
    const isUserService = appId === 'user-service';
    if (isUserService) this.userServicesStarting += 1;
    try {
      const launched = await this.launchOnce(appId, options);
      if (isUserService) this.userServices.add(launched);
      return launched;
    } finally {
      if (isUserService) this.userServicesStarting -= 1;
    }
  }

  private async launchOnce(appId: string, options: AppLaunchOptions): Promise<TestApp> {
    const broker = options.broker ?? 'redis';
    const dapr = await this.daprFor(broker, options.durableBroker);
    const fromRunFile = readRunFile().apps.find((a) => a.appID === appId);
    // An app in another language is built with its toolchain first (cached by its sources' hash).
    const foreign = !fromRunFile && !options.command && FOREIGN_APP_IDS.includes(appId) ? await foreignApp(appId) : undefined;
    const command = options.command ?? fromRunFile?.command ?? foreign?.command;
    const cwd = options.cwd ?? fromRunFile?.appDirPath ?? foreign?.cwd;
    if (!command || !cwd) throw new Error(`${appId} is not in dapr/dapr.yaml; give a command and cwd`);
    const extraResourcesPaths: string[] = [];
    if (options.components?.length) {
      const dir = path.join(this.workDir, 'extra-resources', appId);
      mkdirSync(dir, { recursive: true });
      options.components.forEach((c, i) => writeFileSync(path.join(dir, `extra-${i}.yaml`), YAML.stringify(c)));
      extraResourcesPaths.push(dir);
    }
    const app: RunApp = {
      appID: appId,
      appDirPath: cwd,
      configFilePath: dapr.configFile(appId),
      appPort: await freePort(),
      daprHTTPPort: await freePort(),
      daprGRPCPort: await freePort(),
      daprInternalGRPCPort: await freePort(),
      metricsPort: await freePort(),
      command,
      env: { ...fromRunFile?.env, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn' },
    };
    const { database, role } = databaseNames(serviceOf(appId), this.dbPrefix);
    // A service catches up with the user service's sessions before it is ready, as in
    // production, when this scope runs one (or starts one beside it); a test of one service
    // alone works on the projection the harness seeds (tokenFor) and on the events it publishes.
    const syncs = KIT_APPS.includes(appId) && appId !== 'user-service' && (this.userServices.size > 0 || this.userServicesStarting > 0);
    const sessionsEnv: Record<string, string> = syncs ? {} : { SESSIONS_SYNC: 'false' };
    const dbEnv: Record<string, string> = appId === GATEWAY_APP_ID ? {} : { DB_NAME: database, DB_USER: role };
    const daprApiToken = randomBytes(16).toString('hex');
    const started = Date.now();
    const launched = await launchApp(
      {
        controlPlane: this.controlPlane,
        resourcesPaths: [dapr.resourcesDir],
        logDir: path.join(this.workDir, 'logs'),
        mtlsConfigFile: dapr.mtlsConfigFile,
        daprApiToken: () => daprApiToken,
        appApiToken: randomBytes(16).toString('hex'),
        appEnv: {
          PGHOST: this.postgres.host, PGPORT: String(this.postgres.port), TOPIC_PREFIX: this.topicPrefix,
          // Every event a relay publishes is checked against its published contract (services/common/src/contract-check.ts).
          CONTRACT_SCHEMAS: path.join(CONTRACTS_DIR, 'schemas'), CONTRACT_VIOLATIONS: this.violationsFile,
        },
      },
      app,
      {
        echoAppLogs: false, extraResourcesPaths, extraConfigFiles: options.extraConfigFiles, withoutMtls: options.withoutMtls, env: { ...dbEnv, ...sessionsEnv, ...options.env },
        ...(options.restart ? { restart: { say } } : {}),
      },
    );
    // Until it has caught up, Dapr delivers it nothing (its /readyz is the app health check);
    // a test starts once it would be served.
    if (syncs) await waitFor(`${appId} to catch up with the user service's sessions`, () => httpOk(`http://127.0.0.1:${app.appPort}/readyz`), { timeoutMs: 60_000 });
    say(`${appId} up in ${((Date.now() - started) / 1000).toFixed(1)}s (${broker}; logs in ${path.join(this.workDir, 'logs')})`);
    const testApp: TestApp = Object.assign(launched, { dapr: new DaprSidecar(app.daprHTTPPort, daprApiToken), daprApiToken });
    // The sidecar probes the app every 2 s and refuses calls until a probe passed; a test
    // starts once a call through it would reach the app.
    if (KIT_APPS.includes(appId) || FOREIGN_APP_IDS.includes(appId)) {
      await waitFor(`${appId}'s sidecar to find it healthy`, async () => {
        const reply = await testApp.dapr.invoke<unknown>(appId, 'readyz').catch(() => undefined);
        return reply !== undefined && !(reply.status === 500 && JSON.stringify(reply.body).includes('healthy state'));
      }, { timeoutMs: 60_000 });
    }
    this.shared.apps.add(testApp);
    await this.seedForged(serviceOf(appId));
    return testApp;
  }

  /**
   * A valid access token for `userId`, signed with this run's key: what the user service
   * would issue. Services honour a token only for an account their session projection knows,
   * so the user is put into every service database's projection as ACTIVE with `roles` (the
   * roles a service acts on are the projection's, not the token's). The user service itself
   * knows only users registered with it.
   */
  async tokenFor(userId: string, roles: Role[] = ['USER'], email = 'test@example.com'): Promise<string> {
    this.signer ??= TokenSigner.fromKeys(TEST_SECRETS.JWT_PRIVATE_KEY, TEST_SECRETS.JWT_PUBLIC_KEY, 900);
    this.shared.forged.set(userId, roles);
    const services = new Set([...this.shared.apps].map((a) => serviceOf(a.app.appID)));
    for (const service of services) await this.seedForged(service, [[userId, roles]]);
    return (await this.signer).sign({ sub: userId, roles, email, ver: 1, sid: randomUUID() });
  }

  /** Writes forged users into a service's session projection (when its database has one). */
  private async seedForged(service: string, users: [string, Role[]][] = [...this.shared.forged]): Promise<void> {
    if (service === 'user' || users.length === 0 || !(SERVICES as readonly string[]).includes(service)) return;
    const db = this.adminDb(service);
    if (!(await db.one<{ t: string | null }>("SELECT to_regclass('kit_accounts')::text AS t")).t) return;
    for (const [userId, roles] of users) {
      await db.none(`INSERT INTO kit_accounts (user_id, status, roles, token_version) VALUES ($1, 'ACTIVE', $2::text[], 1)
        ON CONFLICT (user_id) DO UPDATE SET roles = EXCLUDED.roles WHERE kit_accounts.token_version = 1`, [userId, roles]);
    }
  }

  private get violationsFile(): string {
    return path.join(this.workDir, 'contract-violations.jsonl');
  }

  /** The events published so far in this run that their contract does not allow (every app, every scope). */
  contractViolations(): ContractViolation[] {
    if (!existsSync(this.violationsFile)) return [];
    return readFileSync(this.violationsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as ContractViolation);
  }

  /** A topic prefix of this run for a second platform it starts (the launcher's test); cleaned up with the rest. */
  derivedTopicPrefix(name: string): string {
    const prefix = `${this.topicPrefix}${name}.`;
    this.shared.topicPrefixes.add(prefix);
    return prefix;
  }

  /** Null when the broker answers; otherwise why a test on it cannot run here. */
  async brokerMissing(broker: Broker): Promise<string | null> {
    const [host, port] = hostAndPort(broker, this.brokers);
    return (await tcpReachable(host, port)) ? null : `no ${broker} broker answers at ${host}:${port}`;
  }

  async stopApp(app: TestApp): Promise<void> {
    await app.stop();
    this.shared.apps.delete(app);
    this.userServices.delete(app);
  }

  /** A superuser connection to a service's test database, for arranging and asserting. */
  adminDb(service: string): IDatabase<unknown> {
    let db = this.shared.admins.get(service);
    if (!db) {
      db = pgp(connectionOptions(adminConnection(this.postgres, databaseNames(service, this.dbPrefix).database), { max: 2 }));
      this.shared.admins.set(service, db);
    }
    return db;
  }

  /**
   * Empties every table but the migration history, so each test starts from clean data. A
   * service still working (consuming an event) can deadlock with the TRUNCATE; then again.
   */
  async resetData(service: string): Promise<void> {
    const db = this.adminDb(service);
    const tables = await db.map("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schemaversion', 'kit_schemaversion')", [], (r: { tablename: string }) => r.tablename);
    if (!tables.length) return;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await db.none(`TRUNCATE ${tables.map((t) => pgp.as.name(t)).join(', ')} RESTART IDENTITY CASCADE`);
        await this.seedForged(service);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
      }
    }
  }

  /** Stops everything and drops what this run made: databases, roles, Redis streams. Answers the run's contract violations. */
  async stop(): Promise<ContractViolation[]> {
    await Promise.all([...this.shared.apps].map((a) => a.stop().catch(() => undefined)));
    const violations = this.contractViolations();
    await this.controlPlane.stop();
    await this.shared.sinks.stop().catch(() => undefined);
    await Promise.all([...this.shared.admins.values()].map((db) => db.$pool.end()));
    await dropDatabases(this.postgres, this.dbPrefix).catch((error: unknown) => say(`could not drop this run's databases: ${String(error)}`));
    const topics = [...TOPICS.map((t) => t.name), ...[...SERVICE_APP_IDS, ...PROBE_APPS].map(deadLetterTopicOf)];
    const keys = [...this.shared.topicPrefixes].flatMap((prefix) => topics.map((t) => prefix + t));
    await redisCommands(this.redis.host, this.redis.port, keys.map((key) => ['DEL', key]), this.redis.password).catch(() => undefined);
    if (this.shared.durableRabbitQueues) await deleteRabbitQueues(RUN_ID).catch((error: unknown) => say(`could not delete this run's RabbitMQ queues (rabbitmqctl): ${String(error)}`));
    const stream = this.shared.natsStream?.spec;
    if (stream) await deleteStream(this.brokers.nats, stream.name).catch((error: unknown) => say(`could not delete NATS stream ${stream.name}: ${String(error)}`));
    await this.redis.process?.stop();
    await this.postgres.stop?.();
    if (!process.env.KEEP_TEST_LOGS) rmSync(this.workDir, { recursive: true, force: true });
    else say(`logs kept in ${this.workDir}`);
    return violations;
  }
}

/** Deletes the durable queues a run left on the local RabbitMQ (their names carry the run id). */
async function deleteRabbitQueues(runId: string): Promise<void> {
  const { stdout } = await execFileAsync('rabbitmqctl', ['-q', 'list_queues', 'name']);
  const names = stdout.split('\n').map((line) => line.trim()).filter((name) => name.includes(runId));
  for (const name of names) await execFileAsync('rabbitmqctl', ['-q', 'delete_queue', name]);
  if (names.length) say(`deleted ${names.length} durable RabbitMQ queue(s) of this run`);
}

let shared: Promise<TestPlatform> | undefined;

/**
 * One platform per test run, started on first use and stopped by the root hook. With a
 * name: the same platform with topics of its own (give each test file that publishes or
 * consumes events its own).
 */
export async function testPlatform(scope?: string): Promise<TestPlatform> {
  shared ??= TestPlatform.start();
  const platform = await shared;
  return scope ? platform.scope(scope) : platform;
}

/**
 * Stops the run's platform; throws when any app published an event its contract does not
 * allow, so a producer that drifted from its contract fails the suite however its own tests went.
 */
export async function stopTestPlatform(): Promise<void> {
  if (!shared) return;
  const platform = await shared.catch(() => undefined);
  shared = undefined;
  const violations = (await platform?.stop()) ?? [];
  if (violations.length > 0) {
    const lines = violations.slice(0, 20).map((v) => `  ${v.app} published ${v.type} (event ${v.eventId}) on ${v.topic}: ${v.errors.join('; ')}`);
    throw new Error(`${violations.length} published event(s) broke their contract (docs/contracts/schemas):\n${lines.join('\n')}`);
  }
}

