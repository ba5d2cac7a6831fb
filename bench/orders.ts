// `npm run bench -- orders`: settled MARKET orders through the whole platform (gateway →
// order saga → the book → fill → lock settled → holding and ledger posted), with real
// sidecars, PostgreSQL and Redis Streams, closed loop at 1, 8 and 32 in flight for
// BENCH_SECONDS (60) each; and in the same run the engine's ceiling: a bare Dapr workflow
// with the same three activities doing nothing, at the same levels. Latency is from the
// order's commit to the history row of its FILLED, both stamped by the same PostgreSQL.
// Prints figures and the CPU each process used per order; asserts nothing.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DaprWorkflowClient } from '@dapr/dapr';
import { workflowClientOptions } from '@winvestco/common';
import { eventually, stopTestPlatform } from '@winvestco/platform/testing';
import { cpuReport, cpuSnapshot } from './cpu.ts';
import { latencySummary, muteSdkClientLines } from './lib.ts';
import { fundedCustomer, QUIET, startTrading, stopTrading, type Customer } from './trading.ts';

const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const ACTIVITIES = 3;
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'platform', 'test', 'fixtures');

/** Runs `one()` closed-loop with `concurrency` callers for `seconds`; answers how many completed and the wall time. */
async function closedLoop(concurrency: number, seconds: number, one: (caller: number) => Promise<void>): Promise<{ done: number; wall: number }> {
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async (_, caller) => {
    while (Date.now() < until) {
      await one(caller);
      done += 1;
    }
  }));
  return { done, wall: (Date.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const trading = await startTrading({
    // BENCH_PROFILE_ORDER=<folder>: a V8 CPU profile of the order service, written when it stops.
    ...(process.env.BENCH_PROFILE_ORDER
      ? { launch: { 'order-service': { command: ['node', '--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_ORDER}`, 'dist/main.js'], cwd: path.join(fixtures, '..', '..', '..', 'services', 'order') } } }
      : {}),
  });
  const { platform, orders } = trading;
  const orderDb = platform.adminDb('order');

  // Callers are customers with money: each places its next order once the last one is settled.
  const callers = Math.max(...LEVELS);
  const customers: Customer[] = [];
  for (let i = 0; i < callers; i += 1) customers.push(await fundedCustomer(trading, 'bench'));
  await eventually('every deposit', async () => ((await platform.adminDb('payment').one('SELECT count(*)::int AS n FROM payments WHERE status = \'SUCCEEDED\'')).n >= callers ? true : undefined), 120_000);

  const settled = async (id: string) => eventually('the order to settle', async () => {
    const row = await orderDb.oneOrNone<{ status: string }>('SELECT status FROM orders WHERE id = $1', [id]);
    if (row && ['REJECTED', 'FAILED', 'CANCELLED'].includes(row.status)) throw new Error(`order ${id} ended ${row.status}`);
    return row?.status === 'FILLED' ? true : undefined;
  }, 120_000);

  console.log(`\nsettled MARKET orders, whole platform (${os.cpus().length} cores; ${SECONDS} s per level; gateway → saga → book → settle → ledger)\n`);
  const rows: string[] = [];
  for (const concurrency of LEVELS) {
    const ids: string[] = [];
    const before = cpuSnapshot();
    const { done, wall } = await closedLoop(concurrency, SECONDS, async (caller) => {
      const reply = await orders.post('orders', { symbol: 'INFY', side: 'BUY', type: 'MARKET', quantity: 1, validity: 'DAY', clientOrderId: randomUUID() }, customers[caller]!.token);
      if (reply.status !== 201) throw new Error(`order refused: ${reply.status} ${JSON.stringify(reply.body)}`);
      ids.push(reply.body.orderId as string);
      await settled(reply.body.orderId as string);
    });
    const timing = await orderDb.any<{ ms: number }>(`SELECT extract(epoch FROM (h.at - o.created_at)) * 1000 AS ms FROM orders o JOIN order_status_history h ON h.order_id = o.id AND h.to_status = 'FILLED' WHERE o.id = ANY($1::uuid[])`, [ids]);
    rows.push(`  orders    ${String(concurrency).padStart(2)} in flight  ${String(done).padStart(5)} settled  ${(done / wall).toFixed(1).padStart(6)} /s  ${latencySummary(timing.map((t) => Number(t.ms)))}`);
    console.log(rows.at(-1));
    console.log(cpuReport(before, cpuSnapshot(), wall, done, 'order'));
  }
  await stopTrading(trading);

  // The engine's ceiling on this machine, same run: the same number of activities, doing nothing.
  const probe = await platform.launch('wfprobe-service', {
    command: ['node', '--conditions=source', '--import', 'tsx', path.join(fixtures, 'probe-workflow.ts')], cwd: fixtures, env: QUIET,
    components: [{
      apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'wfprobe-workflowstore' },
      spec: { type: 'state.postgresql', version: 'v1', metadata: [{ name: 'connectionString', secretKeyRef: { name: 'WFPROBE_DB_URL', key: 'WFPROBE_DB_URL' } }, { name: 'actorStateStore', value: 'true' }] },
      auth: { secretStore: 'secretstore' }, scopes: ['wfprobe-service'],
    }],
  });
  muteSdkClientLines();
  const client = new DaprWorkflowClient(workflowClientOptions({ grpcPort: probe.app.daprGRPCPort, apiToken: probe.daprApiToken }));
  for (const concurrency of LEVELS) {
    const latencies: number[] = [];
    const before = cpuSnapshot();
    const { done, wall } = await closedLoop(concurrency, Math.min(SECONDS, 30), async () => {
      const t0 = performance.now();
      const id = await client.scheduleNewWorkflow('bare', { activities: ACTIVITIES });
      await client.waitForWorkflowCompletion(id, undefined, 120);
      latencies.push(performance.now() - t0);
    });
    rows.push(`  bare wf   ${String(concurrency).padStart(2)} in flight  ${String(done).padStart(5)} done     ${(done / wall).toFixed(1).padStart(6)} /s  ${latencySummary(latencies)}  (${ACTIVITIES} no-op activities)`);
    console.log(rows.at(-1));
    console.log(cpuReport(before, cpuSnapshot(), wall, done, 'workflow'));
  }
  await client.stop();
  await platform.stopApp(probe);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopTestPlatform());
