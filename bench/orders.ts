// `npm run bench -- orders`: settled MARKET orders through the whole platform (gateway →
// order saga → the book → fill → lock settled → holding and ledger posted), with real
// sidecars, PostgreSQL and Redis Streams, closed loop at 1, 8 and 32 in flight for
// BENCH_SECONDS (60) each; and in the same run the engine's ceiling: a bare Dapr workflow
// with the same three activities doing nothing, at the same levels. Latency is from the
// order's commit to the history row of its FILLED, both stamped by the same PostgreSQL.
// Beside them: the CPU each process used per order, the commits an order makes across every
// database (pg_stat_database), the resident memory of every app and sidecar idle and under
// load, and how soon a fill's event reaches its consumers (trade's outbox commit → the
// ledger's and the portfolio's inbox commit, one PostgreSQL clock). Asserts nothing.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, stopTestPlatform, type TestPlatform } from '@winvestco/platform/testing';
import { bareWorkflows } from './ceiling.ts';
import { cpuReport, cpuSnapshot, rssSnapshot } from './cpu.ts';
import { closedLoop, latencySummary, percentile } from './lib.ts';
import { record, recorded } from './results.ts';
import { fundedCustomer, startTrading, stopTrading, type Customer } from './trading.ts';

const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
/** The order saga's activities for a MARKET order that fills at once: accept, submit, settle. */
const ACTIVITIES = 3;
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'platform', 'test', 'fixtures');

/** Commits so far across every database of this run. */
async function commits(platform: TestPlatform): Promise<number> {
  const row = await platform.adminDb('order').one<{ n: string }>('SELECT sum(xact_commit)::bigint AS n FROM pg_stat_database WHERE datname LIKE $1', [`${platform.dbPrefix}%`]);
  return Number(row.n);
}

/** Milliseconds from each trade.executed's outbox commit to its inbox commit at `consumer`, for events since `since`. */
async function eventToInbox(platform: TestPlatform, consumer: string, since: Date): Promise<number[]> {
  const published = await platform.adminDb('trade').any<{ id: string; at: Date }>("SELECT id::text AS id, created_at AS at FROM outbox WHERE type = 'trade.executed' AND created_at >= $1", [since]);
  const at = new Map(published.map((p) => [p.id, p.at.getTime()]));
  const applied = await platform.adminDb(consumer).any<{ id: string; at: Date }>('SELECT event_id AS id, created_at AS at FROM inbox WHERE event_id = ANY($1)', [[...at.keys()]]);
  return applied.map((a) => a.at.getTime() - at.get(a.id)!);
}

const rssTable = (rss: Map<string, number>) => [...rss].sort((a, b) => b[1] - a[1]).map(([group, mib]) => `      ${group.padEnd(26)} ${mib.toFixed(0).padStart(5)} MiB`).join('\n');

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

  const idle = rssSnapshot();
  // What the platform commits with nothing to do (relays and pollers asking for work), so
  // that an order's own commits can be told from it.
  const idleFrom = await commits(platform);
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const idleCommitsPerSecond = (await commits(platform) - idleFrom) / 10;
  console.log(`\nresident memory, idle (customers signed up, no orders yet)\n${rssTable(idle)}`);
  console.log(`\nsettled MARKET orders, whole platform (${os.cpus().length} cores; ${SECONDS} s per level; gateway → saga → book → settle → ledger)\n`);
  const rates = new Map<number, number>();
  let loaded = new Map<string, number>();
  for (const concurrency of LEVELS) {
    const ids: string[] = [];
    const since = new Date();
    const before = cpuSnapshot();
    const committedBefore = await commits(platform);
    let sampled = false;
    const { done, wall } = await closedLoop(concurrency, SECONDS, async (caller) => {
      const reply = await orders.post('orders', { symbol: 'INFY', side: 'BUY', type: 'MARKET', quantity: 1, validity: 'DAY', clientOrderId: randomUUID() }, customers[caller]!.token);
      if (reply.status !== 201) throw new Error(`order refused: ${reply.status} ${JSON.stringify(reply.body)}`);
      ids.push(reply.body.orderId as string);
      await settled(reply.body.orderId as string);
      // Memory under load: once, halfway through the busiest level.
      if (concurrency === Math.max(...LEVELS) && !sampled && Date.now() - since.getTime() > (SECONDS * 1000) / 2) {
        sampled = true;
        loaded = rssSnapshot();
      }
    });
    const timing = await orderDb.any<{ ms: number }>(`SELECT extract(epoch FROM (h.at - o.created_at)) * 1000 AS ms FROM orders o JOIN order_status_history h ON h.order_id = o.id AND h.to_status = 'FILLED' WHERE o.id = ANY($1::uuid[])`, [ids]);
    const latencies = timing.map((t) => Number(t.ms)).sort((a, b) => a - b);
    rates.set(concurrency, done / wall);
    console.log(`  orders    ${String(concurrency).padStart(2)} in flight  ${String(done).padStart(5)} settled  ${(done / wall).toFixed(1).padStart(6)} /s  ${latencySummary(latencies)}`);
    console.log(cpuReport(before, cpuSnapshot(), wall, done, 'order'));
    // pg_stat_database is flushed by each backend within a second or so of its commits.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const perOrder = (await commits(platform) - committedBefore - idleCommitsPerSecond * wall) / Math.max(done, 1);
    const [toLedger, toPortfolio] = await Promise.all([eventToInbox(platform, 'ledger', since), eventToInbox(platform, 'portfolio', since)]);
    console.log(`      transactions per settled order   ${perOrder.toFixed(1)} (every database of the run, beyond the idle ${idleCommitsPerSecond.toFixed(0)}/s)`);
    console.log(`      trade.executed → ledger inbox     ${latencySummary(toLedger)}`);
    console.log(`      trade.executed → portfolio inbox  ${latencySummary(toPortfolio)}\n`);
    record(`order saga @ ${concurrency} in flight`, 'settled MARKET orders', `${(done / wall).toFixed(1)}/s  p50 ${percentile(latencies, 50).toFixed(0)} ms  p99 ${percentile(latencies, 99).toFixed(0)} ms`);
    const pgCeiling = Number.parseFloat(recorded('PostgreSQL commit ceiling', 'best')?.value ?? '');
    record(`order saga @ ${concurrency} in flight`, 'transactions per settled order', perOrder.toFixed(1),
      Number.isFinite(pgCeiling) ? `PostgreSQL's ${pgCeiling.toFixed(0)} commits/s would allow ${(pgCeiling / perOrder).toFixed(0)} orders/s` : 'run with `postgres` first for the order rate it allows');
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    record(`event → projection @ ${concurrency} in flight`, 'trade.executed → ledger inbox', `p50 ${percentile(sorted(toLedger), 50).toFixed(0)} ms  p99 ${percentile(sorted(toLedger), 99).toFixed(0)} ms`, "Dapr's published pub/sub p50 0.35 ms");
  }
  console.log(`\nresident memory, under load (${Math.max(...LEVELS)} in flight)\n${rssTable(loaded)}`);
  for (const [group, mib] of [...loaded].sort((a, b) => b[1] - a[1])) record('memory (RSS)', group, `idle ${(idle.get(group) ?? 0).toFixed(0)} MiB, under load ${mib.toFixed(0)} MiB`);
  await stopTrading(trading);

  // The engine's ceiling on this machine, same run: the same number of activities, doing nothing.
  const ceiling = await bareWorkflows(platform, [ACTIVITIES], LEVELS, Math.min(SECONDS, 30));
  console.log('');
  for (const concurrency of LEVELS) {
    const bare = ceiling.get(`${ACTIVITIES}@${concurrency}`)!.perSecond;
    const ratio = rates.get(concurrency)! / bare;
    console.log(`  ${String(concurrency).padStart(2)} in flight: ${rates.get(concurrency)!.toFixed(1)} orders/s is ${(100 * ratio).toFixed(0)} % of the bare ${ACTIVITIES}-activity workflow's ${bare.toFixed(1)}/s`);
    record(`order saga @ ${concurrency} in flight`, `bare ${ACTIVITIES}-activity workflow`, `${bare.toFixed(1)}/s`, `orders at ${(100 * ratio).toFixed(0)} % of it`);
  }
  const [first, last] = [LEVELS[0]!, Math.max(...LEVELS)];
  record('bare workflow', `${ACTIVITIES} activities, ${first} in flight`, `${ceiling.get(`${ACTIVITIES}@${first}`)!.perSecond.toFixed(1)}/s`, "Dapr's published 57 wf/s sequential");
  record('bare workflow', `${ACTIVITIES} activities, ${last} in flight`, `${ceiling.get(`${ACTIVITIES}@${last}`)!.perSecond.toFixed(1)}/s`, "Dapr's published 98 wf/s parallel");
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopTestPlatform());
