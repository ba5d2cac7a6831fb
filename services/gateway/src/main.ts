import { once } from 'node:events';
import { createLogger, DaprSidecar } from '@winvestco/common';
import { createGateway } from './app.ts';
import { readGatewayConfig } from './config.ts';

async function main(): Promise<void> {
  const config = readGatewayConfig();
  const log = createLogger(config.appId, config.logLevel);
  await new DaprSidecar(config.dapr.httpPort, config.dapr.apiToken).waitUntilReady(120_000);
  const { app, limiter } = createGateway(config, log);
  const server = app.listen(config.port, config.host);
  await once(server, 'listening');
  const pruning = setInterval(() => limiter.prune(), 60_000);
  log.info({ port: config.port, targets: Object.keys(config.routes).length }, `gateway is ready on ${config.host}:${config.port}`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      clearInterval(pruning);
      server.close(() => process.exit(0));
      setTimeout(() => process.exit(0), 3000).unref();
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
