import path from 'node:path';
import type { ControlPlane } from './controlPlane.ts';
import { httpOk, startProcess, waitFor, type ManagedProcess } from './processes.ts';
import type { RunApp } from './runFile.ts';
import { startSidecar } from './sidecar.ts';

/** What every app of one platform (or one test run) shares. */
export interface Environment {
  controlPlane: ControlPlane;
  resourcesPaths: string[];
  logDir: string;
  /** Callers → sidecar; absent in the development profile. */
  daprApiToken?: string;
  /** Sidecar → app. */
  appApiToken?: string;
  /** Added to every app's environment (database host, a test run's names and topic prefix). */
  appEnv?: Record<string, string>;
}

export interface LaunchedApp {
  app: RunApp;
  sidecar: ManagedProcess;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  /** false: the app's log goes to a file instead of this terminal. */
  echoAppLogs?: boolean;
  /** Configuration files after the app's own (later files win). */
  extraConfigFiles?: string[];
  extraResourcesPaths?: string[];
  /** This app's own extra variables (its database names under a non-default prefix, say). */
  env?: Record<string, string>;
}

/**
 * Starts one app with its own daprd, the way `dapr run -f` does (same flags, same working
 * folder, the same variables the CLI gives the app), and waits until the sidecar reports
 * the app healthy.
 */
export async function launchApp(env: Environment, app: RunApp, options: LaunchOptions = {}): Promise<LaunchedApp> {
  const tokens = { ...(env.daprApiToken ? { DAPR_API_TOKEN: env.daprApiToken } : {}), ...(env.appApiToken ? { APP_API_TOKEN: env.appApiToken } : {}) };
  const sidecar = startSidecar({
    appId: app.appID,
    appPort: app.appPort,
    httpPort: app.daprHTTPPort,
    grpcPort: app.daprGRPCPort,
    internalGrpcPort: app.daprInternalGRPCPort,
    metricsPort: app.metricsPort,
    resourcesPaths: [...env.resourcesPaths, ...(options.extraResourcesPaths ?? [])],
    configFiles: [app.configFilePath, ...(options.extraConfigFiles ?? [])],
    placementAddress: env.controlPlane.placementAddress,
    schedulerAddress: env.controlPlane.schedulerAddress,
    cwd: app.appDirPath,
    logFile: path.join(env.logDir, `${app.appID}.daprd.log`),
    env: tokens,
  });
  const [command, ...args] = app.command;
  const child = startProcess({
    name: app.appID,
    command: command!,
    args,
    cwd: app.appDirPath,
    env: {
      ...app.env,
      ...env.appEnv,
      ...options.env,
      APP_ID: app.appID,
      APP_PORT: String(app.appPort),
      DAPR_HTTP_PORT: String(app.daprHTTPPort),
      DAPR_GRPC_PORT: String(app.daprGRPCPort),
      ...tokens,
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
