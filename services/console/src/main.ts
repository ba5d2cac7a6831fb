import { once } from 'node:events';
import { createLogger, DaprSidecar } from '@winvestco/common';
import { createConsole } from './app.ts';
import { readConsoleConfig } from './config.ts';

async function main(): Promise<void> {
  const config = readConsoleConfig();
  const log = createLogger(config.appId, config.logLevel);
  await new DaprSidecar(config.dapr.httpPort, config.dapr.apiToken).waitUntilReady(120_000);
  const { app } = await createConsole(config, log);
  const server = app.listen(config.port, config.host);
  await once(server, 'listening');
  log.info({ port: config.port, apps: config.apps }, `the console is ready on http://${config.host}:${config.port}/`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.close(() => process.exit(0));
      setTimeout(() => process.exit(0), 3000).unref();
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
