import { once } from 'node:events';
import { createServer } from 'node:http';
import { createLogger, DaprSidecar, repeat } from '@winvestco/common';
import { createGateway } from './app.ts';
import { readGatewayConfig } from './config.ts';
import { ConnectionCounter, limitConnections } from './connections.ts';

async function main(): Promise<void> {
  const config = readGatewayConfig();
  const log = createLogger(config.appId, config.logLevel);
  await new DaprSidecar(config.dapr.httpPort, config.dapr.apiToken).waitUntilReady(120_000);
  const { app, limiter } = createGateway(config, log);
  // Node's own deadlines, checked every second (its default check runs every 30 s): headers
  // and the whole body within requestDeadlineMs, else 408 and the socket closed. A slow
  // client holds a socket for that long at most, and only maxConnectionsPerAddress of them.
  const server = createServer({
    headersTimeout: config.requestDeadlineMs,
    requestTimeout: config.requestDeadlineMs,
    connectionsCheckingInterval: 1000,
  }, app.callback());
  limitConnections(server, new ConnectionCounter(config.maxConnectionsPerAddress), (address) => log.warn({ address }, 'too many open connections from one address; closing the new one'));
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const pruning = repeat(async () => limiter.prune(), 60_000, (error) => log.warn({ err: error }, 'pruning the rate limiter failed'));
  log.info({ port: config.port, targets: Object.keys(config.routes).length }, `gateway is ready on ${config.host}:${config.port}`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void pruning.stop();
      server.close(() => process.exit(0));
      setTimeout(() => process.exit(0), 3000).unref();
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
