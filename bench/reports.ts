// `npm run bench -- reports`: the report service on real sidecars, PostgreSQL and Redis
// Streams.
//   1. Fill executed → visible in the report API: customers place MARKET BUY 1 INFY through
//      the gateway (they fill at once against the simulated exchange); the latency is from
//      the fill's executedAt (the trade service's clock) to the fill showing in
//      GET /reports/fills through the gateway (polled every 10 ms; same machine).
//   2. Generation for a user with 10,000 fills: the projection is seeded through real events,
//      10,000 trade.executed published on the broker by the trade service's sidecar (a year
//      and more of synthetic fills, an hour apart, so the tax report has long-term lots);
//      then each report type is asked for and timed from the request to COMPLETED, with
//      its sizes; and a rebuild of the whole archive is timed.
// Prints figures; asserts nothing.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { toCloudEvent } from '@winvestco/common';
import { eventually, InvokeClient, stopTestPlatform, testPlatform, throughGateway } from '@winvestco/platform/testing';
import { drive, latencySummary, percentile } from './lib.ts';
import { record } from './results.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const FILLS = Number(process.env.BENCH_FILLS ?? 10_000);

async function main(): Promise<void> {
  const platform = await testPlatform();
  const quiet = { LOG_LEVEL: 'error' };
  const [user, funds, ledger, gateway, market, portfolio] = await Promise.all([
    platform.launch('user-service', { env: quiet }), platform.launch('funds-service', { env: quiet }), platform.launch('ledger-service', { env: quiet }),
    platform.launch('gateway', { env: { ...quiet, GATEWAY_RATE_PER_SECOND: '10000', GATEWAY_RATE_BURST: '10000' } }),
    platform.launch('market-service', { env: { ...quiet, MARKET_TEST_CONTROLS: 'true', MARKET_TICK_MS: '3600000' } }), platform.launch('portfolio-service', { env: quiet }),
  ]);
  const [payment, trade, report] = await Promise.all([
    platform.launch('payment-service', { env: { ...quiet, PAYMENT_SIMULATOR_DELAY_MS: '0', GATEWAY_URL: `http://127.0.0.1:${gateway.app.appPort}` } }),
    platform.launch('trade-service', { env: quiet }), platform.launch('report-service', { env: { ...quiet, REPORT_POLL_MS: '100' } }),
  ]);
  const order = await platform.launch('order-service', { env: quiet });
  void [funds, ledger, portfolio, order];
  const users = new InvokeClient(user.dapr, 'user-service');
  const payments = new InvokeClient(payment.dapr, 'payment-service');
  const orders = throughGateway(gateway.app.appPort, 'order-service');
  const reports = throughGateway(gateway.app.appPort, 'report-service');
  const price = await new InvokeClient(market.dapr, 'market-service').call('POST', 'internal/market/prices/INFY', { body: { price: '1500.00' }, headers: { 'idempotency-key': randomUUID() } });
  if (price.status !== 200) throw new Error(`could not set the price: ${price.status}`);

  // 1. Fill → report API.
  const customers: string[] = [];
  for (let i = 0; i < CONCURRENCY; i += 1) {
    const email = `bench-r-${Date.now()}-${i}@example.com`;
    await users.post('auth/register', { email, password: 'blue-k1te-sky', firstName: 'B', lastName: 'Ench' });
    const token = (await users.post('auth/login', { email, password: 'blue-k1te-sky' })).body.accessToken as string;
    await eventually('the wallet', async () => ((await throughGateway(gateway.app.appPort, 'funds-service').get('wallets/me', token)).status === 200 ? true : undefined), 60_000);
    const deposit = await payments.post('payments/deposits', { amount: '1000000.00', method: 'UPI' }, token);
    if (deposit.status !== 201) throw new Error(`deposit refused: ${deposit.status} ${JSON.stringify(deposit.body)}`);
    await eventually('the deposit', async () => ((await payments.get(`payments/${deposit.body.paymentId as string}`, token)).body.status === 'SUCCEEDED' ? true : undefined), 60_000);
    customers.push(token);
  }
  console.log(`\n1. fill executed → visible in GET /reports/fills through the gateway (${os.cpus().length} cores; ${CONCURRENCY} customers, ${SECONDS} s; MARKET BUY 1 INFY each)\n`);
  const visible: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(customers.map(async (token) => {
    while (Date.now() < until) {
      const reply = await orders.post('orders', { symbol: 'INFY', side: 'BUY', type: 'MARKET', quantity: 1, validity: 'DAY', clientOrderId: randomUUID() }, token);
      if (reply.status !== 201) throw new Error(`order refused: ${reply.status} ${JSON.stringify(reply.body)}`);
      const orderId = reply.body.orderId as string;
      for (const deadline = Date.now() + 60_000; ;) {
        const reply = await reports.get('reports/fills?limit=5', token);
        const items = (reply.status === 200 ? reply.body.items : []) as { orderId: string; executedAt: string }[];
        const seen = items.find((f) => f.orderId === orderId);
        if (seen) {
          visible.push(Date.now() - Date.parse(seen.executedAt));
          break;
        }
        if (Date.now() > deadline) throw new Error(`the fill of ${orderId} never showed in the report API`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  }));
  console.log(`  ${String(visible.length).padStart(5)} fills   fill executed → in the report API: ${latencySummary(visible)}`);
  const sortedVisible = [...visible].sort((a, b) => a - b);
  record('report service', 'fill executed → in the report API', `p50 ${percentile(sortedVisible, 50).toFixed(0)} ms  p99 ${percentile(sortedVisible, 99).toFixed(0)} ms`);

  // 2. 10,000 fills for one user, through the broker.
  const userId = randomUUID();
  const token = await platform.tokenFor(userId);
  const admin = await platform.tokenFor(randomUUID(), ['ADMIN']);
  const start = Date.parse('2025-01-06T04:00:00Z');
  const fillAt = (i: number) => {
    // Mostly buys of 10, every third fill a sale of 5: the holding only grows, so every sale has lots.
    const side = i % 3 === 2 ? 'SELL' : 'BUY';
    const quantity = side === 'BUY' ? 10 : 5;
    const px = (1400 + (i % 200)).toFixed(2);
    const value = Number(px) * quantity;
    const brokerage = Math.min(20, value * 0.0003).toFixed(4);
    return {
      executionId: randomUUID(), orderId: randomUUID(), userId, symbol: i % 2 ? 'INFY' : 'TCS', side, quantity, price: `${px}00`, fees: brokerage, currency: 'INR', liquidity: 'TAKER',
      executedAt: new Date(start + i * 3_600_000).toISOString(),
      charges: { brokerage, stt: '0.0000', exchangeCharge: '0.0000', sebiFee: '0.0000', stampDuty: '0.0000', gst: '0.0000' },
    };
  };
  const publishStartedAt = Date.now();
  const published = await drive(FILLS, 16, async (i) => {
    const event = toCloudEvent({ id: randomUUID(), topic: 'trades', type: 'trade.executed', subject: userId, time: new Date().toISOString(), data: fillAt(i) }, 'trade-service');
    await trade.dapr.publishCloudEvent('pubsub', `${platform.topicPrefix}trades`, event);
  });
  // A busy service may answer late (the gateway's deadline): then ask again.
  const fillsNow = async () => {
    const reply = await reports.get('admin/reports/projections', admin);
    return reply.status === 200 ? (reply.body.projections as { name: string; events: number }[]).find((p) => p.name === 'fills')!.events : 0;
  };
  const before = visible.length;
  await eventually(`${FILLS} fills projected`, async () => ((await fillsNow()) >= FILLS + before ? true : undefined), 600_000);
  const ingested = (Date.now() - publishStartedAt) / 1000;
  console.log(`\n2. one user with ${FILLS} fills, published on the broker in ${published.seconds.toFixed(1)} s (${(FILLS / published.seconds).toFixed(0)}/s), all projected ${ingested.toFixed(1)} s after the first was published\n`);

  const today = new Date(Date.now() + 5.5 * 3_600_000).toISOString().slice(0, 10);
  const asks: [string, Record<string, string>][] = [
    ['CONTRACT_NOTE', { from: '2025-01-01', to: today }], ['TAX', { from: '2025-04-01' }], ['PNL', {}], ['HOLDINGS_SUMMARY', {}], ['TRANSACTION_HISTORY', {}],
  ];
  for (const [type, period] of asks) {
    const t0 = Date.now();
    const asked = await reports.post('reports', { type, ...period }, token);
    if (asked.status !== 202) throw new Error(`report refused: ${asked.status} ${JSON.stringify(asked.body)}`);
    const done = await eventually(`the ${type} report`, async () => {
      const r = (await reports.get(`reports/${asked.body.id as string}`, token)).body;
      return r?.status === 'COMPLETED' || r?.status === 'FAILED' ? r : undefined;
    }, 600_000);
    const wall = Date.now() - t0;
    const generation = Date.parse(done.completedAt) - Date.parse(done.startedAt);
    const kb = (n: number | null) => `${((n ?? 0) / 1024).toFixed(0)} KiB`;
    record('report service', `${type} for ${FILLS} fills`, `${(wall / 1000).toFixed(2)} s`, `${done.rows as number} rows`);
    console.log(`  ${type.padEnd(20)} ${done.status}  ${String(done.rows).padStart(6)} rows  request → COMPLETED ${(wall / 1000).toFixed(2)} s (generation ${(generation / 1000).toFixed(2)} s)  CSV ${kb(done.downloads?.csvBytes)}, PDF ${kb(done.downloads?.pdfBytes)}`);
  }

  const events = (await reports.get('admin/reports/projections', admin)).body.archive.events as number;
  const t0 = Date.now();
  await reports.post('admin/reports/rebuild', {}, admin);
  const rebuilt = await eventually('the rebuild', async () => {
    const r = (await reports.get('admin/reports/projections', admin)).body?.rebuild;
    return r?.status === 'COMPLETED' || r?.status === 'FAILED' ? r : undefined;
  }, 600_000);
  record('report service', 'rebuild from the archive', `${((Date.now() - t0) / 1000).toFixed(1)} s`, `${rebuilt.replayed as number} events`);
  console.log(`\n  rebuild of the projections from the archive: ${rebuilt.status}, ${rebuilt.replayed} of ${events} archived events replayed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  void report;
  await stopTestPlatform();
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopTestPlatform().catch(() => undefined);
  process.exit(1);
});
