import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pgPromise, { type IDatabase } from 'pg-promise';
import YAML from 'yaml';
import { DaprSidecar } from '../dapr.ts';
import { startControlPlane, type ControlPlane, type ControlPlanePorts } from '../platform/controlPlane.ts';
import { provisionDatabases, TEST_NAMING } from '../platform/databases.ts';
import { findOrStartPostgres, findOrStartRedis, type PostgresServer, type RedisServer } from '../platform/infrastructure.ts';
import { launchApp, type Environment, type LaunchedApp } from '../platform/launch.ts';
import { REPO_ROOT } from '../platform/paths.ts';
import { freePort, tcpReachable } from '../platform/processes.ts';
import { readRunFile, type RunApp } from '../platform/runFile.ts';
import { SERVICES } from '../platform/services.ts';
import { writeRunConfig } from '../platform/sidecar.ts';

export type Broker = 'redis' | 'rabbitmq' | 'mqtt' | 'nats';

/** App ids of test-only apps; the harness adds them to the component scopes it copies. */
export const PROBE_APPS = ['probe-service', 'wfprobe-service'] as const;
const TEST_DATABASES = [...SERVICES, 'probe', 'wfprobe'];

export interface LaunchOptions {
  /** Defaults to the service's own entry in dapr/dapr.yaml. */
  command?: string[];
  cwd?: string;
  env?: Record<string, string>;
  broker?: Broker;
  /** Extra component YAML documents for this app only (a workflow store, say). */
  components?: object[];
}

export interface TestApp extends LaunchedApp {
  /** The app's own sidecar: every test call goes through it. */
  dapr: DaprSidecar;
  daprApiToken: string;
}

const say = (message: string) => process.stderr.write(`      [harness] ${message}\n`);
const pgp = pgPromise();

/**
 * Real parts for integration tests: PostgreSQL (fresh test databases with isolated roles),
 * Redis, placement and scheduler on free ports, and one real daprd per app under test.
 */
export class TestPlatform {
  private readonly apps: TestApp[] = [];
  private readonly admins = new Map<string, IDatabase<unknown>>();
  private readonly resourceDirs = new Map<Broker, string[]>();

  private constructor(
    readonly workDir: string,
    readonly postgres: PostgresServer,
    readonly redis: RedisServer,
    readonly controlPlane: ControlPlane,
    readonly configFile: string,
  ) {}

  static async start(): Promise<TestPlatform> {
    const started = Date.now();
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'winvestco-test-'));
    say(`work folder ${workDir}`);
    const postgres = await findOrStartPostgres(say);
    const redis = await findOrStartRedis(say);
    await provisionDatabases(postgres, TEST_DATABASES, TEST_NAMING, { fresh: true });
    const ports = {} as ControlPlanePorts;
    for (const key of ['placement', 'placementHealthz', 'placementMetrics', 'placementRaft', 'scheduler', 'schedulerHealthz', 'schedulerMetrics', 'schedulerEtcdClient', 'schedulerEtcdPeer'] as const) {
      ports[key] = await freePort();
    }
    const controlPlane = await startControlPlane(ports, workDir, path.join(workDir, 'logs'), say);
    const configFile = writeRunConfig(readRunFile().configFilePath, workDir);
    say(`ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return new TestPlatform(workDir, postgres, redis, controlPlane, configFile);
  }

  /** Copies of the repository's components with the probe apps added to their scopes. */
  private resourcesFor(broker: Broker): string[] {
    const cached = this.resourceDirs.get(broker);
    if (cached) return cached;
    const sources = [
      path.join(REPO_ROOT, 'components', 'common'),
      path.join(REPO_ROOT, 'components', 'brokers', broker),
      path.join(REPO_ROOT, 'dapr', 'resiliency'),
    ];
    const dirs = sources.map((source, i) => {
      const target = path.join(this.workDir, 'resources', broker, String(i));
      mkdirSync(target, { recursive: true });
      for (const file of readdirSync(source).filter((f) => f.endsWith('.yaml'))) {
        const docs = YAML.parseAllDocuments(readFileSync(path.join(source, file), 'utf8')).map((d) => d.toJSON());
        for (const doc of docs) if (Array.isArray(doc.scopes)) doc.scopes.push(...PROBE_APPS);
        writeFileSync(path.join(target, file), docs.map((d) => YAML.stringify(d)).join('---\n'));
      }
      return target;
    });
    this.resourceDirs.set(broker, dirs);
    return dirs;
  }

  private environment(broker: Broker, daprApiToken: string, extraResources: string[]): Environment {
    return {
      postgres: this.postgres,
      redis: this.redis,
      naming: TEST_NAMING,
      controlPlane: this.controlPlane,
      resourcesPaths: [...this.resourcesFor(broker), ...extraResources],
      configFile: this.configFile,
      logDir: path.join(this.workDir, 'logs'),
      secrets: { jwtSecret: 'test-signing-secret-that-is-long-enough-0123456789', adminEmail: 'admin@winvestco.test', adminPassword: 'Adm1n-test-password' },
      daprApiToken,
      appApiToken: randomBytes(16).toString('hex'),
    };
  }

  /** Starts an app (a service from dapr/dapr.yaml, or a probe) with its own daprd on free ports. */
  async launch(appId: string, options: LaunchOptions = {}): Promise<TestApp> {
    const fromRunFile = readRunFile().apps.find((a) => a.appID === appId);
    const command = options.command ?? fromRunFile?.command;
    const cwd = options.cwd ?? fromRunFile?.appDirPath;
    if (!command || !cwd) throw new Error(`${appId} is not in dapr/dapr.yaml; give a command and cwd`);
    const extra: string[] = [];
    if (options.components?.length) {
      const dir = path.join(this.workDir, 'resources', appId);
      mkdirSync(dir, { recursive: true });
      options.components.forEach((c, i) => writeFileSync(path.join(dir, `extra-${i}.yaml`), YAML.stringify(c)));
      extra.push(dir);
    }
    const app: RunApp = {
      appID: appId,
      appDirPath: cwd,
      appPort: await freePort(),
      daprHTTPPort: await freePort(),
      daprGRPCPort: await freePort(),
      daprInternalGRPCPort: await freePort(),
      metricsPort: await freePort(),
      command,
      env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', OUTBOX_INTERVAL_MS: '50', ...options.env },
    };
    const daprApiToken = randomBytes(16).toString('hex');
    const started = Date.now();
    const launched = await launchApp(this.environment(options.broker ?? 'redis', daprApiToken, extra), app, { echoAppLogs: false });
    say(`${appId} up in ${((Date.now() - started) / 1000).toFixed(1)}s (${options.broker ?? 'redis'}; logs in ${path.join(this.workDir, 'logs')})`);
    const testApp: TestApp = { ...launched, dapr: new DaprSidecar(app.daprHTTPPort, daprApiToken), daprApiToken };
    this.apps.push(testApp);
    return testApp;
  }

  /** Null when the broker answers; otherwise why a test on it cannot run here. */
  async brokerMissing(broker: Broker): Promise<string | null> {
    const addresses: Record<Broker, [string, number]> = {
      redis: [this.redis.host, this.redis.port],
      rabbitmq: ['127.0.0.1', 5672],
      mqtt: ['127.0.0.1', 1883],
      nats: ['127.0.0.1', 4222],
    };
    const [host, port] = addresses[broker];
    return (await tcpReachable(host, port)) ? null : `no ${broker} broker answers at ${host}:${port}`;
  }

  async stopApp(app: TestApp): Promise<void> {
    await app.stop();
    this.apps.splice(this.apps.indexOf(app), 1);
  }

  /** A superuser connection to a service's test database, for arranging and asserting. */
  adminDb(service: string): IDatabase<unknown> {
    let db = this.admins.get(service);
    if (!db) {
      db = pgp({
        host: this.postgres.host, port: this.postgres.port, user: this.postgres.adminUser, database: TEST_NAMING.database(service),
        ...(this.postgres.adminPassword ? { password: this.postgres.adminPassword } : {}), max: 2,
      });
      this.admins.set(service, db);
    }
    return db;
  }

  /** Empties every table but the migration history, so each test starts from clean data. */
  async resetData(service: string): Promise<void> {
    const db = this.adminDb(service);
    const tables: { name: string }[] = await db.any(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schemaversion'",
    );
    if (tables.length) await db.none(`TRUNCATE ${tables.map((t) => pgp.as.name(t.name)).join(', ')} RESTART IDENTITY CASCADE`);
  }

  async stop(): Promise<void> {
    await Promise.all(this.apps.map((a) => a.stop().catch(() => undefined)));
    await Promise.all(this.controlPlane.processes.map((p) => p.stop()));
    await Promise.all([...this.admins.values()].map((db) => db.$pool.end()));
    await this.redis.process?.stop();
    await this.postgres.stop?.();
    if (!process.env.KEEP_TEST_LOGS) rmSync(this.workDir, { recursive: true, force: true });
  }
}

let shared: Promise<TestPlatform> | undefined;

/** One platform per test run, started on first use and stopped by the root hook. */
export function testPlatform(): Promise<TestPlatform> {
  shared ??= TestPlatform.start();
  return shared;
}

export async function stopTestPlatform(): Promise<void> {
  if (!shared) return;
  const platform = await shared.catch(() => undefined);
  shared = undefined;
  await platform?.stop();
}
