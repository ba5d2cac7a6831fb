import { EnvReader, GATEWAY_APP_ID, PUBLIC_ROUTES } from '@winvestco/common';

export interface GatewayConfig {
  appId: string;
  port: number;
  host: string;
  logLevel: string;
  dapr: { httpPort: number; apiToken?: string };
  /** The largest request body forwarded, in bytes. */
  bodyLimit: number;
  /** Per client address: sustained requests per second, and the burst allowed. */
  ratePerSecond: number;
  rateBurst: number;
  timeoutMs: number;
  /** A client must have sent its request's headers and whole body within this; then 408 and the connection is closed. */
  requestDeadlineMs: number;
  /** Open connections one client address may hold at once; past it a new one is answered 429 and closed. */
  maxConnectionsPerAddress: number;
  /** App id → the route prefixes clients may call on it. */
  routes: Readonly<Record<string, readonly string[]>>;
}

/**
 * GATEWAY_EXTRA_ROUTES (`app-id=prefix,prefix;...`) adds targets beyond the services' public
 * routes; the test harness uses it to put test apps behind the gateway. Unset in the run file.
 */
function extraRoutes(value: string | undefined, reader: EnvReader): Record<string, string[]> {
  if (!value) return {};
  const routes: Record<string, string[]> = {};
  for (const entry of value.split(';')) {
    const [appId, prefixes] = entry.split('=');
    if (!appId || !prefixes) reader.problems.push(`GATEWAY_EXTRA_ROUTES: "${entry}" is not app-id=prefix,prefix`);
    else routes[appId.trim()] = prefixes.split(',').map((p) => p.trim()).filter(Boolean);
  }
  return routes;
}

export function readGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const reader = new EnvReader(env);
  const config: GatewayConfig = {
    appId: reader.string('APP_ID', GATEWAY_APP_ID),
    port: reader.port('APP_PORT'),
    host: reader.string('APP_HOST', '127.0.0.1'),
    logLevel: reader.string('LOG_LEVEL', 'info'),
    dapr: { httpPort: reader.port('DAPR_HTTP_PORT', 3500), apiToken: reader.optional('DAPR_API_TOKEN') },
    bodyLimit: reader.integer('GATEWAY_BODY_LIMIT_BYTES', 256 * 1024, 1),
    ratePerSecond: reader.integer('GATEWAY_RATE_PER_SECOND', 100, 1),
    rateBurst: reader.integer('GATEWAY_RATE_BURST', 200, 1),
    timeoutMs: reader.integer('GATEWAY_TIMEOUT_MS', 30_000, 100),
    requestDeadlineMs: reader.integer('GATEWAY_REQUEST_DEADLINE_MS', 10_000, 500),
    maxConnectionsPerAddress: reader.integer('GATEWAY_MAX_CONNECTIONS_PER_ADDRESS', 128, 1),
    routes: { ...PUBLIC_ROUTES, ...extraRoutes(reader.optional('GATEWAY_EXTRA_ROUTES'), reader) },
  };
  reader.done();
  return config;
}
