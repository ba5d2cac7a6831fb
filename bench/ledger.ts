// Figures for the ledger service through real sidecars, a real PostgreSQL and Redis Streams:
// how fast funds events become journal entries, and what its reads cost. Prints numbers;
// asserts nothing. Run after `npm run build`:
//   node --conditions=source --import tsx bench/ledger.ts
// BENCH_EVENTS (default 3000) funds events, BENCH_CONCURRENCY (default 16) callers at once.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { CloudEvent } from '@winvestco/common';
import { REPO_ROOT } from '@winvestco/platform';
import { eventually, InvokeClient, stopTestPlatform, testPlatform, type TestApp, type TestPlatform } from '@winvestco/platform/testing';
import { drive, latencySummary, measure } from './lib.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

function cloudEvent(type: string, data: object, source = 'funds-service'): CloudEvent {
  return { specversion: '1.0', id: randomUUID(), source, type, time: new Date().toISOString(), datacontenttype: 'application/json', data };
}

type Movement = 'funds.deposited' | 'funds.locked';

/**
 * Publishes deposits or locks (users drawn from `users`), flat out or paced, and waits until
 * each is an entry. Every deposit moves the one payment-gateway balance row, as in
 * production; a lock moves only its user's two rows. Latency: from the publish call to the
 * start of the posting transaction; flat out, it is mostly the queue of events not yet consumed.
 */
async function postingRun(platform: TestPlatform, echo: TestApp, users: string[], movement: Movement, label: string, options: { events: number; perSecond?: number }): Promise<void> {
  const ledgerDb = platform.adminDb('ledger');
  const start = (await ledgerDb.one<{ n: number }>('SELECT count(*)::int AS n FROM journal_entries')).n;
  const published = new Map<string, number>();
  const began = performance.now();
  const { seconds: publishSeconds } = await drive(options.events, options.perSecond ? 1 : CONCURRENCY, async (i) => {
    // Paced: event i leaves at i / perSecond seconds, so nothing queues up behind it.
    if (options.perSecond) await new Promise((resolve) => setTimeout(resolve, Math.max(0, began + (i * 1000) / options.perSecond! - performance.now())));
    const reference = randomUUID();
    const wallet = { walletId: randomUUID(), userId: users[i % users.length]!, currency: 'INR', amount: '100.5000', reference: `bench-${i}` };
    const data = movement === 'funds.deposited' ? { ...wallet, transactionId: reference } : { ...wallet, lockId: reference, purpose: 'ORDER' };
    published.set(reference, Date.now());
    await echo.dapr.publishCloudEvent('pubsub', `${platform.topicPrefix}funds`, cloudEvent(movement, data));
  });
  await eventually('every event posted', async () => {
    const { n } = await ledgerDb.one<{ n: number }>('SELECT count(*)::int AS n FROM journal_entries');
    return n - start >= options.events ? true : undefined;
  }, 300_000);
  const rows = await ledgerDb.any<{ reference_id: string; created_at: Date }>(
    'SELECT reference_id, created_at FROM journal_entries WHERE reference_id = ANY($1::uuid[])', [[...published.keys()]]);
  const lags = rows.map((r) => r.created_at.getTime() - published.get(r.reference_id)!).sort((a, b) => a - b);
  const first = Math.min(...published.values());
  const last = Math.max(...rows.map((r) => r.created_at.getTime()));
  const seconds = (last - first) / 1000;
  const rate = options.perSecond ? `paced ${options.perSecond}/s` : `c=${CONCURRENCY}`;
  console.log(`${`${movement} -> entry (${label})`.padEnd(52)} ${String(rows.length).padStart(5)} ev   ${rate}  ${(rows.length / seconds).toFixed(0).padStart(5)} ev/s   ${latencySummary(lags)}  (published at ${(options.events / publishSeconds).toFixed(0)}/s)`);
}

async function main(): Promise<void> {
  const platform = await testPlatform();
  const fixtures = path.join(REPO_ROOT, 'platform/test/fixtures');
  const [ledgerApp, fundsApp, echo] = await Promise.all([
    platform.launch('ledger-service', { env: { LOG_LEVEL: 'error' } }),
    platform.launch('funds-service', { env: { LOG_LEVEL: 'error' } }),
    platform.launch('echo-service', { command: ['node', '--conditions=source', '--import', 'tsx', path.join(fixtures, 'echo-app.ts')], cwd: fixtures }),
  ]);
  const ledger = new InvokeClient(ledgerApp.dapr, 'ledger-service');

  console.log(`\nledger service through its Dapr sidecar (machine: ${os.cpus().length} cores, ${EVENTS} events per run)\n`);
  const many = Array.from({ length: 1000 }, () => randomUUID());
  await postingRun(platform, echo, many, 'funds.deposited', '1000 users, unloaded', { events: 300, perSecond: 30 });
  await postingRun(platform, echo, many, 'funds.deposited', '1000 users, flat out', { events: EVENTS });
  await postingRun(platform, echo, many, 'funds.locked', '1000 users, flat out', { events: EVENTS });

  // A user with a wallet at the funds service and a statement of 100 entries.
  const userId = randomUUID();
  await echo.dapr.publishCloudEvent('pubsub', `${platform.topicPrefix}users`, cloudEvent('user.registered', {
    userId, email: `${userId}@example.com`, clientId: 'WV000001', firstName: 'B', lastName: 'B', roles: ['USER'],
  }, 'user-service'));
  await Promise.all(Array.from({ length: 100 }, (_, i) => echo.dapr.publishCloudEvent('pubsub', `${platform.topicPrefix}funds`, cloudEvent('funds.deposited', {
    walletId: randomUUID(), userId, currency: 'INR', transactionId: randomUUID(), amount: '1', reference: `statement-${i}`,
  }))));
  const token = await platform.tokenFor(userId);
  const admin = await platform.tokenFor(randomUUID(), ['ADMIN']);
  await eventually('the statement and the wallet', async () => {
    const [balance, reconciliation] = await Promise.all([ledger.get(`ledger/accounts/cash:${userId}/balance`, token), ledger.get(`ledger/reconciliation/${userId}`, token)]);
    return balance.body.balance === '100.0000' && reconciliation.status === 200 ? true : undefined;
  }, 60_000);

  console.log('');
  await measure('GET /ledger/accounts/cash:<me>/balance', 2000, CONCURRENCY, async () => (await ledger.get(`ledger/accounts/cash:${userId}/balance`, token)).status);
  await measure('GET /ledger/entries (own, 50 of 100 entries)', 1000, CONCURRENCY, async () => (await ledger.get('ledger/entries?limit=50', token)).status);
  await measure('GET /ledger/trial-balance (admin)', 1000, CONCURRENCY, async () => (await ledger.get('ledger/trial-balance', admin)).status);
  await measure('GET /ledger/reconciliation/<me> (+ funds-service)', 1000, CONCURRENCY, async () => (await ledger.get(`ledger/reconciliation/${userId}`, token)).status);
  const { n } = await platform.adminDb('ledger').one<{ n: number }>('SELECT count(*)::int AS n FROM journal_entries');
  console.log(`\n(journal at the end: ${n} entries)`);
  for (const app of [ledgerApp, fundsApp, echo]) await platform.stopApp(app);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopTestPlatform());
