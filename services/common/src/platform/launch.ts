import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ControlPlane } from './controlPlane.ts';
import type { Naming } from './databases.ts';
import type { PostgresServer, RedisServer } from './infrastructure.ts';
import { httpOk, startProcess, waitFor, type ManagedProcess } from './processes.ts';
import type { RunApp } from './runFile.ts';
import { serviceOf } from './services.ts';
import { startSidecar } from './sidecar.ts';

export interface Secrets {
  jwtSecret: string;
  adminEmail: string;
  adminPassword: string;
}

/** Local secrets, made once per checkout and kept in .tmp/ (git-ignored), never in the repo. */
export function loadOrCreateSecrets(stateDir: string): Secrets & { file: string } {
  const file = path.join(stateDir, 'secrets.json');
  if (existsSync(file)) return { ...(JSON.parse(readFileSync(file, 'utf8')) as Secrets), file };
  const secrets: Secrets = {
    jwtSecret: randomBytes(32).toString('base64url'),
    adminEmail: 'admin@winvestco.local',
    adminPassword: `Adm1n-${randomBytes(9).toString('base64url')}`,
  };
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return { ...secrets, file };
}

export interface Environment {
  postgres: PostgresServer;
  redis: RedisServer;
  naming: Naming;
  controlPlane: ControlPlane;
  resourcesPaths: string[];
  configFile: string;
  logDir: string;
  secrets: Secrets;
  daprApiToken: string;
  appApiToken: string;
  /** Broker addresses and other values the env secret store serves (WINVESTCO_ prefix). */
  extraSecrets?: Record<string, string>;
}

export function dbUrl(env: Environment, service: string): string {
  const pg = env.postgres;
  return `postgres://${env.naming.role(service)}@${pg.host}:${pg.port}/${env.naming.database(service)}`;
}

/** What daprd's env secret store serves; components reference these by name. */
export function secretEnv(env: Environment, service: string): Record<string, string> {
  // Only the user service creates the first admin, so only its sidecar can read the password.
  const admin: Record<string, string> = service === 'user' ? { WINVESTCO_ADMIN_EMAIL: env.secrets.adminEmail, WINVESTCO_ADMIN_PASSWORD: env.secrets.adminPassword } : {};
  return {
    WINVESTCO_JWT_SECRET: env.secrets.jwtSecret,
    ...admin,
    WINVESTCO_REDIS_HOST: `${env.redis.host}:${env.redis.port}`,
    WINVESTCO_RABBITMQ_URL: process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    WINVESTCO_MQTT_URL: process.env.MQTT_URL ?? 'tcp://127.0.0.1:1883',
    WINVESTCO_NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    WINVESTCO_WORKFLOW_DB_URL: dbUrl(env, service),
    ...env.extraSecrets,
  };
}

export interface LaunchedApp {
  app: RunApp;
  sidecar: ManagedProcess;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Starts one app with its own daprd and waits until the sidecar reports the app healthy. */
export async function launchApp(env: Environment, app: RunApp, options: { echoAppLogs?: boolean } = {}): Promise<LaunchedApp> {
  const service = serviceOf(app.appID);
  const sidecar = startSidecar({
    appId: app.appID,
    appPort: app.appPort,
    httpPort: app.daprHTTPPort,
    grpcPort: app.daprGRPCPort,
    internalGrpcPort: app.daprInternalGRPCPort,
    metricsPort: app.metricsPort,
    resourcesPaths: env.resourcesPaths,
    configFile: env.configFile,
    placementAddress: env.controlPlane.placementAddress,
    schedulerAddress: env.controlPlane.schedulerAddress,
    logFile: path.join(env.logDir, `${app.appID}.daprd.log`),
    env: { DAPR_API_TOKEN: env.daprApiToken, APP_API_TOKEN: env.appApiToken, ...secretEnv(env, service) },
  });
  const [command, ...args] = app.command;
  const child = startProcess({
    name: app.appID,
    command: command!,
    args,
    cwd: app.appDirPath,
    env: {
      ...app.env,
      APP_ID: app.appID,
      APP_PORT: String(app.appPort),
      DAPR_HTTP_PORT: String(app.daprHTTPPort),
      DAPR_GRPC_PORT: String(app.daprGRPCPort),
      DAPR_API_TOKEN: env.daprApiToken,
      APP_API_TOKEN: env.appApiToken,
      PGHOST: env.postgres.host,
      PGPORT: String(env.postgres.port),
      DB_NAME: env.naming.database(service),
      DB_USER: env.naming.role(service),
    },
    ...(options.echoAppLogs === false ? { logFile: path.join(env.logDir, `${app.appID}.log`) } : {}),
  });
  const stop = async () => {
    await child.stop();
    await sidecar.stop();
  };
  try {
    // /v1.0/healthz answers 204 only once daprd has reached the app on its port.
    await waitFor(`${app.appID} and its sidecar to be healthy`, () => httpOk(`http://127.0.0.1:${app.daprHTTPPort}/v1.0/healthz`), { timeoutMs: 120_000, process: sidecar });
    if (!child.running) throw new Error(`${app.appID} exited during start-up${child.logFile ? `; see ${child.logFile}` : ''}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { app, sidecar, process: child, stop };
}
