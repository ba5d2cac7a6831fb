// `npm run bench -- user`: figures for the user service through real sidecars, a real PostgreSQL
// and Redis Streams. Prints numbers; asserts nothing.
import path from 'node:path';
import { REPO_ROOT } from '@winvestco/platform';
import { InvokeClient, stopTestPlatform, testPlatform } from '@winvestco/platform/testing';
import { measure, percentile } from './lib.ts';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

async function main(): Promise<void> {
  const platform = await testPlatform();
  await platform.resetData('probe');
  const fixtures = path.join(REPO_ROOT, 'platform/test/fixtures');
  const probe = await platform.launch('probe-service', { command: ['node', '--conditions=source', '--import', 'tsx', path.join(fixtures, 'probe-subscriber.ts')], cwd: fixtures });
  const user = await platform.launch('user-service', { env: { LOG_LEVEL: 'error' } });
  const users = new InvokeClient(user.dapr, 'user-service');
  const run = Date.now();

  console.log(`\nuser service through its Dapr sidecar (machine: ${(await import('node:os')).cpus().length} cores)\n`);
  await users.post('auth/register', { email: `bench-${run}@example.com`, password: 'passw0rd!', firstName: 'B', lastName: 'B' });
  const { body } = await users.post('auth/login', { email: `bench-${run}@example.com`, password: 'passw0rd!' });
  const token = body.accessToken as string;

  await measure('GET /readyz (sidecar + app, no auth)', 2000, CONCURRENCY, async () => (await users.get('readyz')).status);
  await measure('GET /users/me (JWT + one SELECT)', 2000, CONCURRENCY, async () => (await users.get('users/me', token)).status);
  await measure('POST /auth/register (argon2id + tx + outbox)', 200, 4, async (i) =>
    (await users.post('auth/register', { email: `bench-${run}-${i}@example.com`, password: 'passw0rd!', firstName: 'B', lastName: 'B' })).status);
  await measure('POST /auth/login (argon2id verify + JWT)', 200, 4, async () =>
    (await users.post('auth/login', { email: `bench-${run}@example.com`, password: 'passw0rd!' })).status);

  // Outbox commit to the subscriber's first delivery, both stamped by the same PostgreSQL.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const sent = await platform.adminDb('user').any<{ id: string; created_at: Date }>("SELECT id, created_at FROM outbox WHERE type = 'user.registered' AND data->>'email' LIKE $1", [`bench-${run}-%`]);
  const received = new Map((await platform.adminDb('probe').any<{ event_id: string; received_at: Date }>('SELECT event_id, received_at FROM registered_users')).map((r) => [r.event_id, r.received_at]));
  const lags = sent.filter((e) => received.has(e.id)).map((e) => received.get(e.id)!.getTime() - e.created_at.getTime()).sort((a, b) => a - b);
  console.log(
    `${'user.registered: outbox commit -> subscriber'.padEnd(46)} ${String(lags.length).padStart(5)}/${sent.length} delivered  ` +
      `p50 ${percentile(lags, 50)} ms  p95 ${percentile(lags, 95)} ms  max ${lags[lags.length - 1]} ms (relay polls every 50 ms)`,
  );
  await platform.stopApp(probe);
  await platform.stopApp(user);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopTestPlatform());
