// `npm run bench -- sidecar`: what a request pays for Dapr and for the gateway. One GET of a
// 1 KB answer from a plain HTTP app (platform/test/fixtures/echo-app.ts), at fixed rates of
// 200 and 1,000 requests/s (autocannon, paced evenly: see load()), three ways:
//   direct    client → app
//   sidecar   client → the gateway's daprd → (mTLS) → the app's daprd → app: service
//             invocation through two sidecars, as Dapr's own figure is measured
//   gateway   client → gateway app → its daprd → the app's daprd → app: what a client pays
// Latency of every answer is taken from autocannon's own per-response timing (its histogram
// keeps whole milliseconds only). Prints figures; asserts nothing.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { stopTestPlatform, testPlatform } from '@winvestco/platform/testing';
import { percentile } from './lib.ts';
import { record } from './results.ts';

const RATES = (process.env.BENCH_RATES ?? '200,1000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const BYTES = 1024;
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'platform', 'test', 'fixtures');

interface Run { p50: number; p90: number; p99: number; rate: number; failed: number }

/**
 * `rate` requests/s for SECONDS, spread evenly: autocannon paces each connection on its own
 * timer, and connections started together fire together (a burst of all of them at once),
 * so the load is several one-connection runs, each at its share of the rate, started a
 * request interval apart. Each connection waits for its answer before its next request, so
 * a share is at most 100/s (an answer may take up to 10 ms without the rate falling).
 */
async function load(url: string, rate: number, headers: Record<string, string>): Promise<Run> {
  const times: number[] = [];
  const shares = Math.max(2, Math.ceil(rate / 100));
  const one = (): Promise<autocannon.Result> => new Promise((resolve, reject) => {
    const instance = autocannon({ url, headers, connections: 1, overallRate: rate / shares, duration: SECONDS }, (error: Error | null, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status < 400) times.push(ms);
    });
  });
  const results = await Promise.all(Array.from({ length: shares }, async (_, i) => {
    await new Promise((resolve) => setTimeout(resolve, (i * 1000) / rate));
    return one();
  }));
  times.sort((a, b) => a - b);
  const sum = (pick: (r: autocannon.Result) => number) => results.reduce((n, r) => n + pick(r), 0);
  return { p50: percentile(times, 50), p90: percentile(times, 90), p99: percentile(times, 99), rate: sum((r) => r.requests.average), failed: sum((r) => r.non2xx + r.errors + r.timeouts) };
}

const ms = (n: number) => `${n.toFixed(2)} ms`;
const line = (r: Run) => `p50 ${ms(r.p50)}  p90 ${ms(r.p90)}  p99 ${ms(r.p99)}  (${r.rate.toFixed(0)} req/s done, ${r.failed} failed)`;

async function main(): Promise<void> {
  const platform = await testPlatform();
  const quiet = { LOG_LEVEL: 'error' };
  const echo = await platform.launch('echo-service', { command: ['node', '--conditions=source', '--import', 'tsx', path.join(fixtures, 'echo-app.ts')], cwd: fixtures });
  const gateway = await platform.launch('gateway', { env: { ...quiet, GATEWAY_EXTRA_ROUTES: 'echo-service=echo', GATEWAY_RATE_PER_SECOND: '100000', GATEWAY_RATE_BURST: '100000' } });
  const route = `echo/bytes/${BYTES}`;
  const ways: { name: string; url: string; headers: Record<string, string> }[] = [
    { name: 'direct', url: `http://127.0.0.1:${echo.app.appPort}/${route}`, headers: {} },
    { name: 'sidecar', url: `http://127.0.0.1:${gateway.app.daprHTTPPort}/v1.0/invoke/echo-service/method/${route}`, headers: { 'dapr-api-token': gateway.daprApiToken } },
    { name: 'gateway', url: `http://127.0.0.1:${gateway.app.appPort}/v1.0/invoke/echo-service/method/${route}`, headers: {} },
  ];
  console.log(`\nGET of ${BYTES} bytes at fixed rates (${os.cpus().length} cores; ${SECONDS} s each; autocannon)\n`);
  for (const rate of RATES) {
    // A short warm-up, so connections and the sidecars' pools exist before anything counts.
    for (const way of ways) await autocannon({ url: way.url, headers: way.headers, connections: 4, duration: 2 });
    const runs = new Map<string, Run>();
    for (const way of ways) {
      const run = await load(way.url, rate, way.headers);
      runs.set(way.name, run);
      console.log(`  ${String(rate).padStart(5)} req/s  ${way.name.padEnd(8)} ${line(run)}`);
    }
    const direct = runs.get('direct')!;
    const sidecar = runs.get('sidecar')!;
    const viaGateway = runs.get('gateway')!;
    const added = sidecar.p50 - direct.p50;
    const gatewayAdded = viaGateway.p50 - sidecar.p50;
    console.log(`  ${String(rate).padStart(5)} req/s  two sidecars add ${ms(added)} at p50 (${ms(sidecar.p99 - direct.p99)} at p99); the gateway app adds ${ms(gatewayAdded)} at p50 on top\n`);
    const row = `sidecar overhead @ ${rate}/s`;
    record(row, 'direct', `p50 ${ms(direct.p50)} p90 ${ms(direct.p90)} p99 ${ms(direct.p99)}`);
    record(row, 'through daprd invocation', `p50 ${ms(sidecar.p50)} p90 ${ms(sidecar.p90)} p99 ${ms(sidecar.p99)}`);
    record(row, 'added at p50', ms(added), rate === 1000 ? "Dapr's published +1.06 ms p50 (1 KB, 1,000 QPS)" : undefined);
    record(`gateway @ ${rate}/s`, 'through the gateway', `p50 ${ms(viaGateway.p50)} p90 ${ms(viaGateway.p90)} p99 ${ms(viaGateway.p99)}`);
    record(`gateway @ ${rate}/s`, 'gateway adds at p50', ms(gatewayAdded), `the sidecars add ${ms(added)}`);
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopTestPlatform());
