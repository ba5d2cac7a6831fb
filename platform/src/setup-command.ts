// `npm run setup`: everything `dapr run -f dapr/dapr.yaml` needs besides Dapr itself and
// the infrastructure: databases, roles and migrations; the local secret store; the Dapr
// files rendered for this checkout. Starts nothing that keeps running.
import { FOREIGN_APP_IDS, GATEWAY_APP_ID, SERVICE_APP_IDS } from '@winvestco/common';
import { brokerAddresses, chosenBroker, hostAndPort } from './brokers.ts';
import { findOrStartPostgres } from './infrastructure.ts';
import { STATE_DIR } from './paths.ts';
import { tcpReachable } from './processes.ts';
import { readRunFile } from './runFile.ts';
import { setUp } from './setup.ts';

const say = (message: string) => console.log(`[setup] ${message}`);

async function main(): Promise<void> {
  const postgres = await findOrStartPostgres(say);
  try {
    const broker = chosenBroker();
    const brokers = brokerAddresses({ host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379) });
    const [host, port] = hostAndPort(broker, brokers);
    if (!(await tcpReachable(host, port))) say(`warning: no ${broker} broker answers at ${host}:${port}; the sidecars will need one`);
    const appIds = [...new Set([...readRunFile().apps.map((a) => a.appID), GATEWAY_APP_ID, ...SERVICE_APP_IDS, ...FOREIGN_APP_IDS])];
    await setUp({ stateDir: STATE_DIR, postgres, brokers, broker, appIds, say });
    say('done: run the platform with `npm start`, or with the Dapr CLI: `dapr run -f dapr/dapr.yaml` (placement and scheduler running)');
  } finally {
    await postgres.stop?.();
  }
}

main().catch((error: unknown) => {
  console.error(`[setup] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
