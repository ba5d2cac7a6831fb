// `npm start`: the whole platform on this machine, in the foreground, until Ctrl-C.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { databaseNames, DEFAULT_DB_PREFIX, serviceOf } from '@winvestco/common';
import { brokerAddresses, chosenBroker } from './brokers.ts';
import { PLATFORM_CONTROL_PLANE, startControlPlane, type ControlPlanePorts } from './controlPlane.ts';
import { findOrStartPostgres, findOrStartRedis } from './infrastructure.ts';
import { launchApp, type Environment, type LaunchedApp } from './launch.ts';
import { STATE_DIR } from './paths.ts';
import { readRunFile, type RunApp } from './runFile.ts';
import { setUp } from './setup.ts';

const say = (message: string) => console.log(`[winvestco] ${message}`);

// A second platform beside the first (the launcher's own test runs one): every port
// shifted by WINVESTCO_PORT_OFFSET, work files in WINVESTCO_STATE_DIR, databases named
// with WINVESTCO_DB_PREFIX and topics prefixed with WINVESTCO_TOPIC_PREFIX.
const PORT_OFFSET = Number(process.env.WINVESTCO_PORT_OFFSET ?? 0);
const DB_PREFIX = process.env.WINVESTCO_DB_PREFIX ?? DEFAULT_DB_PREFIX;
const TOPIC_PREFIX = process.env.WINVESTCO_TOPIC_PREFIX ?? '';
const APP_PORTS = ['appPort', 'daprHTTPPort', 'daprGRPCPort', 'daprInternalGRPCPort', 'metricsPort'] as const;

function shifted<T extends object>(ports: T, keys: readonly (keyof T)[]): T {
  return { ...ports, ...Object.fromEntries(keys.map((k) => [k, (ports[k] as number) + PORT_OFFSET])) };
}

async function main(): Promise<void> {
  const started = Date.now();
  const logDir = path.join(STATE_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });

  const postgres = await findOrStartPostgres(say);
  const redis = await findOrStartRedis(say);
  const cleanups: Array<() => Promise<void>> = [];
  if (postgres.stop) cleanups.push(postgres.stop);
  if (redis.process) cleanups.push(() => redis.process!.stop());

  const runFile = readRunFile();
  const broker = chosenBroker();
  const setup = await setUp({
    stateDir: STATE_DIR, postgres, brokers: brokerAddresses(redis), broker,
    appIds: runFile.apps.map((a) => a.appID), dbPrefix: DB_PREFIX, say,
  });
  const apps: RunApp[] = runFile.apps.map((app) => ({ ...shifted(app, APP_PORTS), configFilePath: setup.dapr.configFile(app.appID) }));

  const controlPlanePorts = shifted(PLATFORM_CONTROL_PLANE, Object.keys(PLATFORM_CONTROL_PLANE) as (keyof ControlPlanePorts)[]);
  const controlPlane = await startControlPlane(controlPlanePorts, STATE_DIR, logDir, say);
  cleanups.push(async () => void (await Promise.all(controlPlane.processes.map((p) => p.stop()))));

  const env: Environment = {
    controlPlane,
    resourcesPaths: [setup.dapr.resourcesDir],
    logDir,
    daprApiToken: randomBytes(24).toString('base64url'),
    appApiToken: randomBytes(24).toString('base64url'),
    appEnv: { PGHOST: postgres.host, PGPORT: String(postgres.port), TOPIC_PREFIX },
  };
  const tokenFile = path.join(STATE_DIR, 'dapr-api-token');
  writeFileSync(tokenFile, env.daprApiToken!, { mode: 0o600 });

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
    say(`starting ${apps.map((a) => a.appID).join(', ')}, each with its own sidecar (logs in ${path.relative(process.cwd(), logDir)}/)`);
    await Promise.all(
      apps.map(async (app) => {
        const { database, role } = databaseNames(serviceOf(app.appID), DB_PREFIX);
        launched.push(await launchApp(env, app, { env: { DB_NAME: database, DB_USER: role } }));
        say(`${app.appID} is up`);
      }),
    );
  } catch (error) {
    console.error(`[winvestco] start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
    return;
  }
  for (const l of launched) {
    for (const p of [l.process, l.sidecar]) {
      void p.exit.then((code) => {
        if (stopping) return;
        console.error(`[winvestco] ${p.name} exited with code ${code}${p.logFile ? ` (see ${p.logFile})` : ''}; stopping the platform`);
        void stopAll(1);
      });
    }
  }

  say(`platform up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log('\n  service                 app    dapr http  dapr grpc  metrics');
  for (const { app } of launched.sort((a, b) => a.app.appPort - b.app.appPort)) {
    console.log(`  ${app.appID.padEnd(22)}  ${String(app.appPort).padEnd(5)}  ${String(app.daprHTTPPort).padEnd(9)}  ${String(app.daprGRPCPort).padEnd(9)}  ${app.metricsPort}`);
  }
  console.log(`\n  call a service:   curl -H "dapr-api-token: $(cat ${path.relative(process.cwd(), tokenFile)})" http://127.0.0.1:${apps[0]?.daprHTTPPort}/v1.0/invoke/user-service/method/healthz`);
  console.log(`  admin login:      ${setup.secrets.ADMIN_EMAIL} (password: ADMIN_PASSWORD in ${path.relative(process.cwd(), setup.secretsFile)})`);
  console.log(`  logs:             ${path.relative(process.cwd(), logDir)}/   Ctrl-C stops everything\n`);
}

main().catch((error: unknown) => {
  console.error(`[winvestco] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
