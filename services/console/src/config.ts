import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONSOLE_APP_ID, EnvReader, GATEWAY_APP_ID, SERVICE_APP_IDS } from '@winvestco/common';
import YAML from 'yaml';

export interface ConsoleConfig {
  appId: string;
  port: number;
  host: string;
  logLevel: string;
  dapr: { httpPort: number; apiToken?: string; pubsubName: string; secretStore: string; topicPrefix: string };
  /** What the sidecar must send on the calls Dapr makes to this app (event deliveries). */
  appApiToken?: string;
  /** The apps the console watches: every app of the run file unless CONSOLE_APPS lists them. */
  apps: string[];
  /** Control-plane health endpoints (name=url,...), given by npm start; absent: read from the sidecar's metadata alone. */
  controlPlane: { name: string; url: string }[];
  /** Events kept for the live tail. */
  tailSize: number;
  /** How often a page refreshes itself, in ms. */
  refreshMs: number;
}

/** The app ids of dapr/dapr.yaml, the run file `npm start` and `dapr run -f` start. */
function runFileApps(): string[] {
  try {
    const file = fileURLToPath(new URL('../../../dapr/dapr.yaml', import.meta.url));
    const doc = YAML.parse(readFileSync(file, 'utf8')) as { apps?: { appID: string }[] };
    return (doc.apps ?? []).map((a) => a.appID);
  } catch {
    return [GATEWAY_APP_ID, ...SERVICE_APP_IDS];
  }
}

function list(value: string | undefined): string[] | undefined {
  return value?.split(',').map((s) => s.trim()).filter(Boolean);
}

export function readConsoleConfig(env: Record<string, string | undefined> = process.env): ConsoleConfig {
  const reader = new EnvReader(env);
  const controlPlane = (list(reader.optional('CONSOLE_CONTROL_PLANE')) ?? []).map((entry) => {
    const [name, url] = entry.split('=');
    if (!name || !url) reader.problems.push(`CONSOLE_CONTROL_PLANE: "${entry}" is not name=url`);
    return { name: name ?? '', url: url ?? '' };
  });
  const config: ConsoleConfig = {
    appId: reader.string('APP_ID', CONSOLE_APP_ID),
    port: reader.port('APP_PORT'),
    host: reader.string('APP_HOST', '127.0.0.1'),
    logLevel: reader.string('LOG_LEVEL', 'info'),
    dapr: {
      httpPort: reader.port('DAPR_HTTP_PORT', 3500),
      apiToken: reader.optional('DAPR_API_TOKEN'),
      pubsubName: reader.string('PUBSUB_NAME', 'pubsub'),
      secretStore: reader.string('SECRET_STORE_NAME', 'secretstore'),
      topicPrefix: reader.string('TOPIC_PREFIX', ''),
    },
    appApiToken: reader.optional('APP_API_TOKEN'),
    apps: list(reader.optional('CONSOLE_APPS')) ?? runFileApps(),
    controlPlane,
    tailSize: reader.integer('CONSOLE_TAIL_SIZE', 1000, 10),
    refreshMs: reader.integer('CONSOLE_REFRESH_MS', 3000, 500),
  };
  reader.done();
  return config;
}
