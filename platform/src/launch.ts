import path from 'node:path';
import type { ControlPlane } from './controlPlane.ts';
import { httpOk, startProcess, Supervised, waitFor, type ManagedProcess } from './processes.ts';
import type { RunApp } from './runFile.ts';
import { startSidecar } from './sidecar.ts';

/** What every app of one platform (or one test run) shares. */
export interface Environment {
  controlPlane: ControlPlane;
  resourcesPaths: string[];
  logDir: string;
  /**
   * With mTLS (the default), every sidecar gets its identity from sentry and this overlay of
   * its Configuration: access control by caller. Without it: the development profile.
   */
  mtlsConfigFile?: (appId: string) => string;
  /** Callers → sidecar, one per app (the app is its sidecar's only caller); absent in the development profile. */
  daprApiToken?: (appId: string) => string;
  /** Sidecar → app. */
  appApiToken?: string;
  /** Added to every app's environment (database host, a test run's names and topic prefix). */
  appEnv?: Record<string, string>;
}

export interface LaunchOptions {
  /** false: the app's log goes to a file instead of this terminal. */
  echoAppLogs?: boolean;
  /** Configuration files after the app's own (later files win). */
  extraConfigFiles?: string[];
  extraResourcesPaths?: string[];
  /** This app's own extra variables (its database names under a non-default prefix, say). */
  env?: Record<string, string>;
  /** No mTLS for this sidecar, nor placement and scheduler (a test of what a sidecar without identity can do). */
  withoutMtls?: boolean;
  /** Restart the app or its sidecar when either exits on its own (npm start). */
  restart?: { say: (message: string) => void };
}

export interface LaunchedApp {
  app: RunApp;
  /** The processes running now (a restart replaces them). */
  readonly sidecar: ManagedProcess;
  readonly process: ManagedProcess;
  /** The same, kept running (or started again on purpose, with resume()). */
  readonly supervised: { sidecar: Supervised; process: Supervised };
  stop(): Promise<void>;
}

/**
 * Starts one app with its own daprd, the way `dapr run -f` does (same flags, same working
 * folder, the same variables the CLI gives the app), and waits until the sidecar reports
 * the app healthy.
 */
export async function launchApp(env: Environment, app: RunApp, options: LaunchOptions = {}): Promise<LaunchedApp> {
  const tokens = { ...(env.daprApiToken ? { DAPR_API_TOKEN: env.daprApiToken(app.appID) } : {}), ...(env.appApiToken ? { APP_API_TOKEN: env.appApiToken } : {}) };
  const mtls = env.mtlsConfigFile && !options.withoutMtls;
  const say = options.restart?.say;
  const sidecar = new Supervised(() => startSidecar({
    appId: app.appID,
    appPort: app.appPort,
    httpPort: app.daprHTTPPort,
    grpcPort: app.daprGRPCPort,
    internalGrpcPort: app.daprInternalGRPCPort,
    metricsPort: app.metricsPort,
    resourcesPaths: [...env.resourcesPaths, ...(options.extraResourcesPaths ?? [])],
    configFiles: [app.configFilePath, ...(mtls ? [env.mtlsConfigFile!(app.appID)] : []), ...(options.extraConfigFiles ?? [])],
    // Placement and scheduler speak mTLS only; a sidecar without it could not reach them.
    ...(mtls || !env.mtlsConfigFile ? { controlPlane: env.controlPlane } : {}),
    ...(mtls ? { mtls: env.controlPlane.mtls } : {}),
    cwd: app.appDirPath,
    logFile: path.join(env.logDir, `${app.appID}.daprd.log`),
    env: tokens,
  }), say);
  const [command, ...args] = app.command;
  const child = new Supervised(() => startProcess({
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
  }), say);
  const stop = async () => {
    await child.stop();
    await sidecar.stop();
  };
  try {
    // /v1.0/healthz answers 204 only once daprd has reached the app on its port.
    await waitFor(`${app.appID} and its sidecar to be healthy`, () => httpOk(`http://127.0.0.1:${app.daprHTTPPort}/v1.0/healthz`), { timeoutMs: 120_000, process: sidecar.current });
    if (!child.current.running) throw new Error(`${app.appID} exited during start-up${child.current.logFile ? `; see ${child.current.logFile}` : ''}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    app,
    get sidecar() {
      return sidecar.current;
    },
    get process() {
      return child.current;
    },
    supervised: { sidecar, process: child },
    stop,
  };
}
