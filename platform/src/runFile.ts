import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { REPO_ROOT } from './paths.ts';

/** One app of the Dapr multi-app run file (the fields this project uses). */
export interface RunApp {
  appID: string;
  appDirPath: string;
  /** The app's own Configuration, rendered by the set-up (absolute). */
  configFilePath: string;
  appPort: number;
  daprHTTPPort: number;
  daprGRPCPort: number;
  daprInternalGRPCPort: number;
  metricsPort: number;
  command: string[];
  env: Record<string, string>;
}

export interface RunFile {
  resourcesPaths: string[];
  logLevel: string;
  apps: RunApp[];
}

export const RUN_FILE = path.join(REPO_ROOT, 'dapr', 'dapr.yaml');

/** An app as written in the file: paths relative, the Configuration optional, env values of any type. */
type RawApp = Omit<RunApp, 'configFilePath' | 'env'> & { configFilePath?: string; env?: Record<string, unknown> };

interface RawRunFile {
  common?: { resourcesPaths?: string[]; configFilePath?: string; logLevel?: string; env?: Record<string, unknown> };
  apps?: RawApp[];
}

const stringValues = (env: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));

/**
 * Reads dapr/dapr.yaml, the single source of apps and ports, with paths resolved the way
 * the Dapr CLI resolves them: common paths against the run file's folder, an app's own
 * paths against its appDirPath.
 */
export function readRunFile(file = RUN_FILE): RunFile {
  const doc = YAML.parse(readFileSync(file, 'utf8')) as RawRunFile;
  const base = path.dirname(file);
  const common = doc.common ?? {};
  return {
    resourcesPaths: (common.resourcesPaths ?? []).map((p) => path.resolve(base, p)),
    logLevel: common.logLevel ?? 'info',
    apps: (doc.apps ?? []).map((app) => {
      const appDirPath = path.resolve(base, app.appDirPath);
      const config = app.configFilePath ? path.resolve(appDirPath, app.configFilePath) : path.resolve(base, common.configFilePath ?? '');
      return {
        appID: app.appID,
        appDirPath,
        configFilePath: config,
        appPort: app.appPort,
        daprHTTPPort: app.daprHTTPPort,
        daprGRPCPort: app.daprGRPCPort,
        daprInternalGRPCPort: app.daprInternalGRPCPort,
        metricsPort: app.metricsPort,
        command: app.command,
        env: { ...stringValues(common.env), ...stringValues(app.env) },
      };
    }),
  };
}
