import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { REPO_ROOT } from './paths.ts';

/** One app of the Dapr multi-app run file (the fields this project uses). */
export interface RunApp {
  appID: string;
  appDirPath: string;
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
  configFilePath: string;
  logLevel: string;
  apps: RunApp[];
}

export const RUN_FILE = path.join(REPO_ROOT, 'dapr', 'dapr.yaml');

/** Reads dapr/dapr.yaml with every path made absolute, so it is the single source of ports. */
export function readRunFile(file = RUN_FILE): RunFile {
  const doc = YAML.parse(readFileSync(file, 'utf8'));
  const base = path.dirname(file);
  const common = doc.common ?? {};
  const env = (e: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));
  return {
    resourcesPaths: (common.resourcesPaths ?? []).map((p: string) => path.resolve(base, p)),
    configFilePath: path.resolve(base, common.configFilePath),
    logLevel: common.logLevel ?? 'info',
    apps: (doc.apps ?? []).map((app: Record<string, any>) => ({
      appID: app.appID,
      appDirPath: path.resolve(base, app.appDirPath),
      appPort: app.appPort,
      daprHTTPPort: app.daprHTTPPort,
      daprGRPCPort: app.daprGRPCPort,
      daprInternalGRPCPort: app.daprInternalGRPCPort,
      metricsPort: app.metricsPort,
      command: app.command,
      env: { ...env(common.env), ...env(app.env) },
    })),
  };
}
