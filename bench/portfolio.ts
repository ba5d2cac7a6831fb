// Latency of GET /portfolio for a user with 20 holdings, priced by the market service (its
// simulator ticking every second, as it runs by default), through real sidecars,
// PostgreSQL and Redis Streams. Prints figures; asserts nothing.
//
//   npm run build && node --conditions=source --import tsx bench/portfolio.ts
//
// BENCH_CALLS (default 500): calls per line.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '@winvestco/platform';
import { eventually, InvokeClient, stopTestPlatform, testPlatform } from '@winvestco/platform/testing';
import { measure } from './lib.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const SYMBOLS = [
  'INFY', 'TCS', 'RELIANCE', 'HDFCBANK', 'ICICIBANK', 'SBIN', 'HINDUNILVR', 'ITC', 'LT', 'KOTAKBANK',
  'AXISBANK', 'BHARTIARTL', 'ASIANPAINT', 'MARUTI', 'SUNPHARMA', 'TITAN', 'WIPRO', 'ULTRACEMCO', 'NESTLEIND', 'BAJFINANCE',
];
const tsx = (file: string) => ['node', '--conditions=source', '--import', 'tsx', file];

async function main(): Promise<void> {
  const platform = await testPlatform();
  await platform.resetData('portfolio');
  const fixtures = path.join(REPO_ROOT, 'platform/test/fixtures');
  const [portfolio, caller, market] = await Promise.all([
    platform.launch('portfolio-service', { env: { LOG_LEVEL: 'error' } }),
    platform.launch('echo-service', { command: tsx(path.join(fixtures, 'echo-app.ts')), cwd: fixtures }),
    platform.launch('market-service', { env: { LOG_LEVEL: 'error' } }),
  ]);

  // 20 holdings, bought through the real path: trade.executed on the broker.
  const userId = randomUUID();
  for (const [i, symbol] of SYMBOLS.entries()) {
    await caller.dapr.publishCloudEvent('pubsub', `${platform.topicPrefix}trades`, {
      specversion: '1.0', id: randomUUID(), source: 'bench', type: 'trade.executed', time: new Date().toISOString(), datacontenttype: 'application/json',
      data: {
        executionId: randomUUID(), orderId: randomUUID(), userId, symbol, side: 'BUY', quantity: 10 + i, price: `${1000 + i * 35}.0000`, fees: '12.5000',
        currency: 'INR', liquidity: 'TAKER', executedAt: new Date().toISOString(),
      },
    });
  }
  await eventually('20 holdings', async () => {
    const { n } = await platform.adminDb('portfolio').one<{ n: number }>('SELECT count(*)::int AS n FROM holdings');
    return n === SYMBOLS.length ? true : undefined;
  }, 60_000);

  const token = await platform.tokenFor(userId);
  const own = new InvokeClient(portfolio.dapr, 'portfolio-service');
  const other = new InvokeClient(caller.dapr, 'portfolio-service');
  const sample = await own.get<{ holdings: { priceSource: string }[] }>('portfolio', token);
  const fromMarket = sample.body.holdings.filter((h) => h.priceSource === 'MARKET').length;

  console.log(`\nportfolio service: GET /portfolio, one user with ${SYMBOLS.length} holdings (machine: ${os.cpus().length} cores)`);
  console.log(`${fromMarket} of ${sample.body.holdings.length} holdings priced by the market service\n`);
  for (let i = 0; i < 50; i += 1) await own.get('portfolio', token);
  await measure('GET /portfolio via its own sidecar', CALLS, 1, async () => (await own.get('portfolio', token)).status);
  await measure('GET /portfolio via a caller\'s sidecar (mTLS hop)', CALLS, 1, async () => (await other.get('portfolio', token)).status);
  await measure('GET /portfolio via its own sidecar', CALLS, 8, async () => (await own.get('portfolio', token)).status);
  await measure('GET /portfolio/performance via its own sidecar', CALLS, 1, async () => (await own.get('portfolio/performance', token)).status);

  await platform.stopApp(market);
  await own.get('portfolio', token); // the first call after the stop waits out the timeout
  await measure('GET /portfolio, market stopped (last prices, stale)', CALLS, 1, async () => (await own.get('portfolio', token)).status);
  await platform.stopApp(caller);
  await platform.stopApp(portfolio);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopTestPlatform());
