// `npm run bench -- notifications`: how soon a fill reaches its owner's live stream. Real
// sidecars, PostgreSQL and Redis Streams; MARKET orders through the gateway fill at once
// against the simulated exchange; each customer holds a Server-Sent Events stream open
// through the gateway. Latency is from the fill's executedAt (stamped by the trade service)
// to the TRADE_EXECUTED notification arriving on the stream (this process's clock; same
// machine), and from the order's placement to ORDER_FILLED. Closed loop: each customer
// places its next order once the last one's ORDER_FILLED arrived, at 1 and 8 customers for
// BENCH_SECONDS (30) each. Prints figures; asserts nothing.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { InvokeClient, SseStream, stopTestPlatform } from '@winvestco/platform/testing';
import { latencySummary } from './lib.ts';
import { fundedCustomer, startTrading } from './trading.ts';

const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);

interface Seen { type: string; data: { orderId?: string; executedAt?: string } }

async function main(): Promise<void> {
  const trading = await startTrading({ also: ['notification-service'] });
  const { orders, gatewayPort } = trading;
  const market = trading.apps.get('market-service')!;
  const streamUrl = `http://127.0.0.1:${gatewayPort}/v1.0/invoke/notification-service/method/notifications/stream`;

  const callers = Math.max(...LEVELS);
  const customers: { token: string; stream: SseStream }[] = [];
  for (let i = 0; i < callers; i += 1) {
    let stream: SseStream | undefined;
    const { token } = await fundedCustomer(trading, 'bench-n', { beforeDeposit: async (t) => { stream = await SseStream.open(streamUrl, { authorization: `Bearer ${t}` }); } });
    await stream!.until('the deposit', (s) => (s.json<Seen>().some((n) => n.type === 'DEPOSIT_SUCCEEDED') ? true : undefined), 120_000);
    customers.push({ token, stream: stream! });
  }
  const price = await new InvokeClient(market.dapr, 'market-service').call('POST', 'internal/market/prices/INFY', { body: { price: '1500.00' }, headers: { 'idempotency-key': randomUUID() } });
  if (price.status !== 200) throw new Error(`could not set the price: ${price.status}`);

  console.log(`\nfill → notification on the live stream, through the gateway (${os.cpus().length} cores; ${SECONDS} s per level; MARKET BUY 1 INFY each)\n`);
  for (const concurrency of LEVELS) {
    const fillToStream: number[] = [];
    const placeToFilled: number[] = [];
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(customers.slice(0, concurrency).map(async (c) => {
      while (Date.now() < until) {
        const placedAt = Date.now();
        const reply = await orders.post('orders', { symbol: 'INFY', side: 'BUY', type: 'MARKET', quantity: 1, validity: 'DAY', clientOrderId: randomUUID() }, c.token);
        if (reply.status !== 201) throw new Error(`order refused: ${reply.status} ${JSON.stringify(reply.body)}`);
        const orderId = reply.body.orderId as string;
        const mine = (type: string) => c.stream.events.find((e) => { const n = JSON.parse(e.data) as Seen; return n.type === type && n.data.orderId === orderId; });
        const filled = await c.stream.until(`ORDER_FILLED of ${orderId}`, () => mine('ORDER_FILLED'), 60_000);
        placeToFilled.push(filled.receivedWallMs - placedAt);
        const fill = await c.stream.until(`TRADE_EXECUTED of ${orderId}`, () => mine('TRADE_EXECUTED'), 60_000);
        const executedAt = Date.parse((JSON.parse(fill.data) as Seen).data.executedAt!);
        fillToStream.push(fill.receivedWallMs - executedAt);
      }
    }));
    console.log(`  ${String(concurrency).padStart(2)} customers  ${String(fillToStream.length).padStart(5)} fills   fill executed → TRADE_EXECUTED on the stream: ${latencySummary(fillToStream)}`);
    console.log(`  ${''.padStart(24)}   order placed → ORDER_FILLED on the stream:   ${latencySummary(placeToFilled)}`);
  }
  for (const c of customers) c.stream.close();
  await stopTestPlatform();
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopTestPlatform().catch(() => undefined);
  process.exit(1);
});
