// `npm start`: the whole platform on this machine, in the foreground, until Ctrl-C.
// `npm start -- --dev` (or WINVESTCO_PROFILE=dev): the same, but sidecars take no API
// token, so the Dapr CLI's `dapr invoke` and `dapr publish` (which send none) work locally.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { CONSOLE_APP_ID, databaseNames, DEFAULT_DB_PREFIX, FOREIGN_APP_IDS, GATEWAY_APP_ID, serviceOf } from '@winvestco/common';
import { brokerAddresses, chosenBroker } from './brokers.ts';
import { PLATFORM_CONTROL_PLANE, startControlPlane, type ControlPlanePorts } from './controlPlane.ts';
import { foreignApp } from './foreign.ts';
import { findOrStartPostgres, findOrStartRedis } from './infrastructure.ts';
import { launchApp, type Environment, type LaunchedApp } from './launch.ts';
import { fetchRefuses } from './processes.ts';
import { STATE_DIR } from './paths.ts';
import { readRunFile, type RunApp } from './runFile.ts';
import { setUp } from './setup.ts';
import { DEFAULT_SINKS } from './secrets.ts';
import { startSinks } from './sinks.ts';

const say = (message: string) => console.log(`[winvestco] ${message}`);

// A second platform beside the first (the launcher's own test runs one): every port
// shifted by WINVESTCO_PORT_OFFSET, work files in WINVESTCO_STATE_DIR, databases named
// with WINVESTCO_DB_PREFIX and topics prefixed with WINVESTCO_TOPIC_PREFIX.
const PORT_OFFSET = Number(process.env.WINVESTCO_PORT_OFFSET ?? 0);
const DB_PREFIX = process.env.WINVESTCO_DB_PREFIX ?? DEFAULT_DB_PREFIX;
const TOPIC_PREFIX = process.env.WINVESTCO_TOPIC_PREFIX ?? '';
const DEV = process.argv.includes('--dev') || process.env.WINVESTCO_PROFILE === 'dev';
const APP_PORTS = ['appPort', 'daprHTTPPort', 'daprGRPCPort', 'daprInternalGRPCPort', 'metricsPort'] as const;

// Apps in other languages (FOREIGN_APPS), on blocks of ten ports after the run file's. One that
// cannot be built here (no toolchain) is left out, with the reason; the rest runs without it.
const FOREIGN_PORTS = 7000;

async function foreignApps(): Promise<Omit<RunApp, 'configFilePath'>[]> {
  const apps: Omit<RunApp, 'configFilePath'>[] = [];
  for (const [i, appId] of FOREIGN_APP_IDS.entries()) {
    try {
      say(`building ${appId}`);
      const { command, cwd } = await foreignApp(appId);
      const base = FOREIGN_PORTS + i * 10;
      apps.push({ appID: appId, appDirPath: cwd, appPort: base, daprHTTPPort: base + 1, daprGRPCPort: base + 2, metricsPort: base + 3, daprInternalGRPCPort: base + 4, command, env: { LOG_LEVEL: 'info' } });
    } catch (error) {
      say(`${appId} is left out: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return apps;
}

function shifted<T extends object>(ports: T, keys: readonly (keyof T)[]): T {
  return { ...ports, ...Object.fromEntries(keys.map((k) => [k, (ports[k] as number) + PORT_OFFSET])) };
}

async function main(): Promise<void> {
  const started = Date.now();
  const logDir = path.join(STATE_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });

  const runFile = readRunFile();
  runFile.apps.push(...(process.env.WINVESTCO_FOREIGN_APPS === 'false' ? [] : (await foreignApps()).map((app) => ({ ...app, configFilePath: '' }))));
  const refused = runFile.apps.map((app) => shifted(app, APP_PORTS)).filter((a) => fetchRefuses(a.appPort) || fetchRefuses(a.daprHTTPPort));
  if (refused.length > 0) {
    throw new Error(`${refused.map((a) => a.appID).join(', ')} would listen on a port that browsers and fetch refuse to call (the Fetch standard's bad ports, such as 6000); choose others in dapr/dapr.yaml${PORT_OFFSET ? ' or another WINVESTCO_PORT_OFFSET' : ''}`);
  }
  const postgres = await findOrStartPostgres(say);
  const redis = await findOrStartRedis(say);
  const cleanups: Array<() => Promise<void>> = [];
  if (postgres.stop) cleanups.push(postgres.stop);
  if (redis.process) cleanups.push(() => redis.process!.stop());

  // Notifications' email, SMS and push land here, on this machine only (npm run mail lists them).
  const sinks = await startSinks({
    dir: path.join(STATE_DIR, 'sinks'), smtpPort: DEFAULT_SINKS.smtpPort + PORT_OFFSET, httpPort: Number(new URL(DEFAULT_SINKS.httpUrl).port) + PORT_OFFSET,
  });
  cleanups.push(() => sinks.stop());
  say(`mail sink: SMTP on ${sinks.smtpHost}:${sinks.smtpPort}, SMS and push on ${sinks.httpUrl}; messages kept in ${path.relative(process.cwd(), sinks.dir)}/ (npm run mail)`);
  const setup = await setUp({
    stateDir: STATE_DIR, postgres, brokers: brokerAddresses(redis), broker: chosenBroker(),
    appIds: runFile.apps.map((a) => a.appID), dbPrefix: DB_PREFIX, topicPrefix: TOPIC_PREFIX, sinks, say,
  });
  const apps: RunApp[] = runFile.apps.map((app) => ({ ...shifted(app, APP_PORTS), configFilePath: setup.dapr.configFile(app.appID) }));

  const gatewayApp = apps.find((a) => a.appID === GATEWAY_APP_ID);
  const controlPlanePorts = shifted(PLATFORM_CONTROL_PLANE, Object.keys(PLATFORM_CONTROL_PLANE) as (keyof ControlPlanePorts)[]);
  const controlPlane = await startControlPlane(controlPlanePorts, STATE_DIR, logDir, say);
  cleanups.push(() => controlPlane.stop());

  const env: Environment = {
    controlPlane,
    resourcesPaths: [setup.dapr.resourcesDir],
    logDir,
    mtlsConfigFile: setup.dapr.mtlsConfigFile,
    // Each sidecar's API token is known to its app alone and written nowhere.
    ...(DEV ? {} : { daprApiToken: () => randomBytes(24).toString('base64url') }),
    appApiToken: randomBytes(24).toString('base64url'),
    // GATEWAY_URL: where outsiders reach the platform (the payment provider's callbacks).
    appEnv: { PGHOST: postgres.host, PGPORT: String(postgres.port), TOPIC_PREFIX, ...(gatewayApp ? { GATEWAY_URL: `http://127.0.0.1:${gatewayApp.appPort}` } : {}) },
  };

  let stopping = false;
  const launched: LaunchedApp[] = [];
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping everything this run started');
    await Promise.all(launched.map((l) => l.stop()));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    say(`starting ${apps.map((a) => a.appID).join(', ')}, each with its own sidecar (mTLS${DEV ? ', development profile: sidecars take no API token' : ''}; logs in ${path.relative(process.cwd(), logDir)}/)`);
    await Promise.all(
      apps.map(async (app) => {
        const { database, role } = databaseNames(serviceOf(app.appID), DB_PREFIX);
        const dbEnv: Record<string, string> = app.appID === GATEWAY_APP_ID || app.appID === CONSOLE_APP_ID ? {} : { DB_NAME: database, DB_USER: role };
        // The console shows the control plane's own health endpoints beside what sidecars report.
        const consoleEnv: Record<string, string> = app.appID === CONSOLE_APP_ID ? {
          CONSOLE_CONTROL_PLANE: (['sentry', 'placement', 'scheduler'] as const).map((part) => `${part}=http://127.0.0.1:${controlPlanePorts[`${part}Healthz`]}/healthz`).join(','),
        } : {};
        launched.push(await launchApp(env, app, { env: { ...dbEnv, ...consoleEnv }, restart: { say: (m) => say(m) } }));
        say(`${app.appID} is up`);
      }),
    );
  } catch (error) {
    console.error(`[winvestco] start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
    return;
  }

  const gateway = gatewayApp;
  say(`platform up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log('\n  app                     app    dapr http  dapr grpc  metrics');
  for (const { app } of launched.sort((a, b) => a.app.appPort - b.app.appPort)) {
    console.log(`  ${app.appID.padEnd(22)}  ${String(app.appPort).padEnd(5)}  ${String(app.daprHTTPPort).padEnd(9)}  ${String(app.daprGRPCPort).padEnd(9)}  ${app.metricsPort}`);
  }
  if (gateway) {
    console.log(`\n  clients call:     http://127.0.0.1:${gateway.appPort}/v1.0/invoke/<app id>/method/<path>   (the gateway; sidecars never face clients)`);
    console.log(`  for example:      curl http://127.0.0.1:${gateway.appPort}/v1.0/invoke/user-service/method/.well-known/jwks.json`);
  }
  const consoleApp = apps.find((a) => a.appID === CONSOLE_APP_ID);
  if (consoleApp) console.log(`  console:          http://127.0.0.1:${consoleApp.appPort}/   (every app, saga, event and dead letter; log in as the admin below)`);
  console.log(`  admin login:      ${setup.secrets.ADMIN_EMAIL}, initial password: ADMIN_PASSWORD in ${path.relative(process.cwd(), setup.secretsFile)}`);
  console.log(`  mail, SMS, push:  ${path.relative(process.cwd(), sinks.dir)}/{mail,sms,push}/   (npm run mail lists them)`);
  console.log(`  logs:             ${path.relative(process.cwd(), logDir)}/   Ctrl-C stops everything; a crashed app or sidecar is restarted\n`);
}

main().catch((error: unknown) => {
  console.error(`[winvestco] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
