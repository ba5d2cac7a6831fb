import { createApp, createMetrics, DaprSidecar, tokenVerifier, type Logger, type TokenVerifier } from '@winvestco/common';
import type Koa from 'koa';
import type { ConsoleConfig } from './config.ts';
import { consoleRoutes } from './routes.ts';
import { Sessions } from './session.ts';
import { Sources } from './sources.ts';
import { EventTail } from './tail.ts';

export interface Console {
  app: Koa;
  tail: EventTail;
}

/**
 * The developer console: a web page over the running platform. It owns no database; all it
 * shows comes through its own sidecar (service invocation of each app's health, metrics and
 * ops routes, its sidecar's metadata, a subscription to every topic for the live tail).
 */
export async function createConsole(config: ConsoleConfig, log: Logger, verifier?: TokenVerifier): Promise<Console> {
  const dapr = new DaprSidecar(config.dapr.httpPort, config.dapr.apiToken);
  const sessions = new Sessions(dapr, verifier ?? (await tokenVerifier(dapr, config.dapr.secretStore)));
  const sources = new Sources(dapr, config.apps, config.appId, config.controlPlane);
  const tail = new EventTail(config.tailSize);
  const app = createApp({
    logger: log,
    metrics: createMetrics(config.appId),
    routers: [consoleRoutes({ config, sessions, sources, tail, log })],
    // Forms and event deliveries are read by the routes themselves (urlencoded, CloudEvents).
    parseBodies: false,
    readiness: { sidecar: () => dapr.outboundHealthy() },
  });
  return { app, tail };
}
