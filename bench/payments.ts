// `npm run bench -- payments`: deposits through the whole saga (request → simulated provider
// → signed webhook through the gateway → wallet credited → ledger entry posted), with real
// sidecars, PostgreSQL and Redis Streams, at 1, 8 and 32 in flight; and in the same run the
// engine's ceiling: a bare workflow with the deposit saga's two activities (the provider's
// answer is an external event, not an activity), doing nothing. Latency is from the
// payment's commit to its ledger entry's commit, both stamped by the same PostgreSQL.
// Prints figures; asserts nothing.
import os from 'node:os';
import { eventually, InvokeClient, stopTestPlatform, testPlatform } from '@winvestco/platform/testing';
import { bareWorkflows } from './ceiling.ts';
import { latencySummary, percentile } from './lib.ts';
import { record } from './results.ts';

const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
/** The deposit saga's activities: ask the provider to collect, credit the wallet. */
const ACTIVITIES = 2;
const PER_LEVEL = Number(process.env.BENCH_DEPOSITS ?? 120);

async function main(): Promise<void> {
  const platform = await testPlatform();
  const quiet = { LOG_LEVEL: 'error' };
  const [user, funds, ledger, gateway] = await Promise.all([
    platform.launch('user-service', { env: quiet }), platform.launch('funds-service', { env: quiet }),
    platform.launch('ledger-service', { env: quiet }), platform.launch('gateway', { env: { ...quiet, GATEWAY_RATE_PER_SECOND: '10000', GATEWAY_RATE_BURST: '10000' } }),
  ]);
  const payment = await platform.launch('payment-service', {
    env: { ...quiet, PAYMENT_SIMULATOR_DELAY_MS: '0', GATEWAY_URL: `http://127.0.0.1:${gateway.app.appPort}` },
  });
  const users = new InvokeClient(user.dapr, 'user-service');
  const payments = new InvokeClient(payment.dapr, 'payment-service');

  // A pool of customers with wallets: deposits spread over them as over real users.
  const customers: { id: string; token: string }[] = [];
  for (let i = 0; i < 16; i += 1) {
    const email = `bench-${Date.now()}-${i}@example.com`;
    const { body } = await users.post('auth/register', { email, password: 'blue-k1te-sky', firstName: 'B', lastName: 'Ench' });
    const token = (await users.post('auth/login', { email, password: 'blue-k1te-sky' })).body.accessToken as string;
    customers.push({ id: body.id, token });
  }
  const fundsDb = platform.adminDb('funds');
  await eventually('the wallets', async () => ((await fundsDb.one('SELECT count(*)::int AS n FROM wallets')).n >= customers.length ? true : undefined), 60_000);

  const rates = new Map<number, number>();
  console.log(`\ndeposits through the whole saga (${os.cpus().length} cores; request → webhook → wallet → ledger entry)\n`);
  for (const concurrency of LEVELS) {
    const ids: string[] = [];
    let next = 0;
    const started = Date.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < PER_LEVEL) {
        const i = next++;
        const c = customers[i % customers.length]!;
        const reply = await payments.post('payments/deposits', { amount: '1000.0000', method: 'UPI' }, c.token);
        if (reply.status !== 201) throw new Error(`deposit refused: ${reply.status} ${JSON.stringify(reply.body)}`);
        ids.push(reply.body.paymentId as string);
        // Closed loop: the next deposit of this caller starts when this one is in the books.
        await eventually('the deposit to succeed', async () => {
          const row = await platform.adminDb('payment').one('SELECT status FROM payments WHERE id = $1', [reply.body.paymentId]);
          return row.status === 'SUCCEEDED' ? true : undefined;
        }, 120_000);
      }
    }));
    // Every deposit's ledger entry, found through the funds transaction it credited.
    const credited = await fundsDb.any<{ reference: string; id: string }>('SELECT reference, id FROM wallet_transactions WHERE reference = ANY($1)', [ids]);
    const entries = await eventually('every ledger entry', async () => {
      const rows = await platform.adminDb('ledger').any<{ reference_id: string; created_at: Date }>("SELECT reference_id, created_at FROM journal_entries WHERE kind = 'DEPOSIT' AND reference_id = ANY($1::uuid[])", [credited.map((c) => c.id)]);
      return rows.length === ids.length ? rows : undefined;
    }, 120_000);
    const created = new Map((await platform.adminDb('payment').any<{ id: string; created_at: Date }>('SELECT id, created_at FROM payments WHERE id = ANY($1::uuid[])', [ids])).map((r) => [r.id, r.created_at]));
    const paymentOfTx = new Map(credited.map((c) => [c.id, c.reference]));
    const latencies = entries.map((e) => e.created_at.getTime() - created.get(paymentOfTx.get(e.reference_id)!)!.getTime());
    const lastEntry = Math.max(...entries.map((e) => e.created_at.getTime()));
    const seconds = (lastEntry - started) / 1000;
    console.log(`  ${String(concurrency).padStart(2)} in flight  ${String(ids.length).padStart(4)} deposits  ${(ids.length / seconds).toFixed(1).padStart(5)} deposits/s  ${latencySummary(latencies)}`);
    const sorted = [...latencies].sort((a, b) => a - b);
    rates.set(concurrency, ids.length / seconds);
    record(`deposit saga @ ${concurrency} in flight`, 'completed deposits', `${(ids.length / seconds).toFixed(1)}/s  p50 ${percentile(sorted, 50).toFixed(0)} ms  p99 ${percentile(sorted, 99).toFixed(0)} ms`);
  }
  for (const app of [payment, gateway, ledger, funds, user]) await platform.stopApp(app);
  const ceiling = await bareWorkflows(platform, [ACTIVITIES], LEVELS, 30);
  for (const concurrency of LEVELS) {
    const bare = ceiling.get(`${ACTIVITIES}@${concurrency}`)!.perSecond;
    console.log(`  ${String(concurrency).padStart(2)} in flight: ${rates.get(concurrency)!.toFixed(1)} deposits/s is ${((100 * rates.get(concurrency)!) / bare).toFixed(0)} % of the bare ${ACTIVITIES}-activity workflow's ${bare.toFixed(1)}/s`);
    record(`deposit saga @ ${concurrency} in flight`, `bare ${ACTIVITIES}-activity workflow`, `${bare.toFixed(1)}/s`, `deposits at ${((100 * rates.get(concurrency)!) / bare).toFixed(0)} % of it`);
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopTestPlatform());
