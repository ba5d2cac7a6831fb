// `npm run bench -- sessions`: how long a logout takes to be honoured by each service. For
// each round a user logs in, every service accepts the token, the session is ended
// (POST /auth/logout through the gateway), and every service is polled until it answers 401;
// the time from sending the logout to that service's first 401 is one sample. What it
// measures: the user service's commit and outbox relay, the broker, each service's delivery
// and projection update, and the poll (every 5 ms). Prints numbers; asserts nothing.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { stopTestPlatform, testPlatform, throughGateway, type InvokeClient, type Reply, type TestApp } from '@winvestco/platform/testing';
import { percentile } from './lib.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const POLL_MS = 5;
const PASSWORD = 'blue-k1te-sky';
const quiet = { LOG_LEVEL: 'error' };

async function main(): Promise<void> {
  const platform = await testPlatform('bench-sessions');
  const user = await platform.launch('user-service', { env: quiet });
  const gateway = await platform.launch('gateway', { env: { ...quiet, GATEWAY_RATE_PER_SECOND: '100000', GATEWAY_RATE_BURST: '100000' } });
  const others = await Promise.all([
    platform.launch('funds-service', { env: quiet }), platform.launch('ledger-service', { env: quiet }),
    platform.launch('portfolio-service', { env: quiet }), platform.launch('market-service', { env: { ...quiet, MARKET_TICK_MS: '0' } }),
  ]);
  const payment = await platform.launch('payment-service', { env: { ...quiet, GATEWAY_URL: `http://127.0.0.1:${gateway.app.appPort}` } });
  const apps: TestApp[] = [payment, ...others, gateway, user];
  const via = (appId: string): InvokeClient => throughGateway(gateway.app.appPort, appId);
  const reads: Record<string, (token: string) => Promise<Reply>> = {
    'user-service': (t) => via('user-service').get('users/me', t),
    'payment-service': (t) => via('payment-service').get('payments', t),
    'funds-service': (t) => via('funds-service').get('wallets/me', t),
    'ledger-service': (t) => via('ledger-service').get('ledger/entries', t),
    'portfolio-service': (t) => via('portfolio-service').get('portfolio', t),
    'market-service': (t) => via('market-service').get('admin/dead-letters', t),
  };

  const email = `bench-${randomUUID()}@example.com`;
  await via('user-service').post('auth/register', { email, password: PASSWORD, firstName: 'B', lastName: 'Ench' });
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(reads).map((app) => [app, []]));
  let unhonoured = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const session = (await via('user-service').post('auth/login', { email, password: PASSWORD })).body as { accessToken: string; refreshToken: string };
    // Every service takes the token first (the first call may read the account through).
    for (const read of Object.values(reads)) {
      for (let n = 0; (await read(session.accessToken)).status === 401 && n < 200; n += 1) await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const sent = performance.now();
    await via('user-service').post('auth/logout', { refreshToken: session.refreshToken });
    await Promise.all(Object.entries(reads).map(async ([app, read]) => {
      while (performance.now() - sent < 10_000) {
        if ((await read(session.accessToken)).status === 401) {
          samples[app]!.push(performance.now() - sent);
          return;
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      unhonoured += 1;
    }));
  }

  console.log(`\nlogout -> first 401 per service, through the gateway (${ROUNDS} logouts, poll every ${POLL_MS} ms, relay on commit, machine: ${os.cpus().length} cores)\n`);
  console.log(`${'service'.padEnd(20)} ${'n'.padStart(4)} ${'p50 ms'.padStart(8)} ${'p90 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
  for (const [app, values] of Object.entries(samples)) {
    const sorted = [...values].sort((a, b) => a - b);
    const cell = (p: number) => percentile(sorted, p).toFixed(0).padStart(8);
    console.log(`${app.padEnd(20)} ${String(sorted.length).padStart(4)} ${cell(50)} ${cell(90)} ${cell(99)} ${(sorted.at(-1) ?? NaN).toFixed(0).padStart(8)}`);
  }
  console.log(`\nnot honoured within 10 s: ${unhonoured}`);
  for (const app of apps) await platform.stopApp(app);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopTestPlatform());
