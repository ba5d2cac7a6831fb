// `npm start`: the whole platform on this machine, in the foreground, until Ctrl-C.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PLATFORM_CONTROL_PLANE, startControlPlane, type ControlPlane, type ControlPlanePorts } from './controlPlane.ts';
import { PLATFORM_NAMING, provisionDatabases, TEST_NAMING } from './databases.ts';
import { findOrStartPostgres, findOrStartRedis } from './infrastructure.ts';
import { launchApp, loadOrCreateSecrets, type LaunchedApp } from './launch.ts';
import { STATE_DIR } from './paths.ts';
import { readRunFile } from './runFile.ts';
import { SERVICES } from './services.ts';
import { writeRunConfig } from './sidecar.ts';

const say = (message: string) => console.log(`[winvestco] ${message}`);

// A second platform beside the first (the launcher's own test runs one): every port
// shifted by WINVESTCO_PORT_OFFSET, work files in WINVESTCO_STATE_DIR, and with
// WINVESTCO_DATABASES=test the winvestco_test_* databases.
const PORT_OFFSET = Number(process.env.WINVESTCO_PORT_OFFSET ?? 0);
const NAMING = process.env.WINVESTCO_DATABASES === 'test' ? TEST_NAMING : PLATFORM_NAMING;

function shifted<T extends object>(ports: T, keys: (keyof T)[]): T {
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

  say(`creating databases and roles for ${SERVICES.length} services (only missing ones)`);
  await provisionDatabases(postgres, SERVICES, NAMING);

  const runFile = readRunFile();
  runFile.apps = runFile.apps.map((app) => shifted(app, ['appPort', 'daprHTTPPort', 'daprGRPCPort', 'daprInternalGRPCPort', 'metricsPort']));
  const controlPlanePorts = shifted(PLATFORM_CONTROL_PLANE, Object.keys(PLATFORM_CONTROL_PLANE) as (keyof ControlPlanePorts)[]);
  const controlPlane: ControlPlane = await startControlPlane(controlPlanePorts, STATE_DIR, logDir, say);
  cleanups.push(async () => void (await Promise.all(controlPlane.processes.map((p) => p.stop()))));

  const secrets = loadOrCreateSecrets(STATE_DIR);
  const env = {
    postgres, redis, naming: NAMING, controlPlane,
    resourcesPaths: runFile.resourcesPaths,
    configFile: writeRunConfig(runFile.configFilePath, STATE_DIR),
    logDir, secrets,
    daprApiToken: randomBytes(24).toString('base64url'),
    appApiToken: randomBytes(24).toString('base64url'),
  };

  writeFileSync(path.join(STATE_DIR, 'dapr-api-token'), env.daprApiToken, { mode: 0o600 });

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
    for (const app of runFile.apps) {
      say(`starting ${app.appID} with its sidecar`);
      launched.push(await launchApp(env, app));
    }
  } catch (error) {
    console.error(`[winvestco] start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
    return;
  }
  for (const l of launched) {
    for (const p of [l.process, l.sidecar]) {
      p.exit.then((code) => {
        if (stopping) return;
        console.error(`[winvestco] ${p.name} exited with code ${code}${p.logFile ? ` (see ${p.logFile})` : ''}; stopping the platform`);
        void stopAll(1);
      });
    }
  }

  say(`platform up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log('\n  service                 app    dapr http  dapr grpc  metrics');
  for (const { app } of launched) {
    console.log(`  ${app.appID.padEnd(22)}  ${String(app.appPort).padEnd(5)}  ${String(app.daprHTTPPort).padEnd(9)}  ${String(app.daprGRPCPort).padEnd(9)}  ${app.metricsPort}`);
  }
  console.log(`\n  call a service:   curl -H "dapr-api-token: $(cat ${path.relative(process.cwd(), path.join(STATE_DIR, 'dapr-api-token'))})" http://127.0.0.1:${runFile.apps[0]?.daprHTTPPort}/v1.0/invoke/user-service/method/healthz`);
  console.log(`  admin login:      ${secrets.adminEmail} (password in ${path.relative(process.cwd(), secrets.file)})`);
  console.log(`  logs:             ${path.relative(process.cwd(), logDir)}/   Ctrl-C stops everything\n`);
}

main().catch((error) => {
  console.error(`[winvestco] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
