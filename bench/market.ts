// The market service's figures: how many ticks the simulator and candle builder sustain for
// the ~50 seeded instruments, in memory and with the batched writes, and how many outbox rows
// the quote throttle lets through per minute. Prints numbers; asserts nothing.
//   npm run build && node --conditions=source --import tsx bench/market.ts
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createDatabase, databaseNames, type Database } from '@winvestco/common';
import { stopTestPlatform, testPlatform, type TestApp, type TestPlatform } from '@winvestco/platform/testing';
import { percentile } from './lib.ts';
import { MarketBook } from '../services/market/src/domain/book.ts';
import { exchangeDate } from '../services/market/src/domain/calendar.ts';
import type { Instrument } from '../services/market/src/domain/instrument.ts';
import { initialQuote } from '../services/market/src/domain/quote.ts';
import { Simulator } from '../services/market/src/domain/simulator.ts';
import { QuoteThrottle } from '../services/market/src/domain/throttle.ts';
import { InstrumentsRepository, repositories, type MarketRepositories } from '../services/market/src/store.ts';
import { writeChanges } from '../services/market/src/usecases.ts';

const FLOOD_SECONDS = Number(process.env.BENCH_FLOOD_SECONDS ?? 20);
const DEFAULT_SECONDS = Number(process.env.BENCH_DEFAULT_SECONDS ?? 60);
const IN_PROCESS_SECONDS = 5;
const FLUSH_MS = 250;

const say = (label: string, text: string) => console.log(`${label.padEnd(58)} ${text}`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds (user + system) a process used so far, from /proc. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks; 100 per second on Linux
}

function freshMarket(instruments: Instrument[]): { simulator: Simulator; book: MarketBook } {
  const now = new Date();
  const simulator = new Simulator(instruments.map((i) => ({ symbol: i.symbol, tickSize: i.tickSize, lotSize: i.lotSize, volatility: i.volatility, start: i.referencePrice })), 42);
  const book = new MarketBook(instruments.map((i) => initialQuote(i, now, exchangeDate(now))), [], new QuoteThrottle(1000), exchangeDate);
  return { simulator, book };
}

/** The simulator and the book in a tight loop, nothing written: the compute ceiling. */
function inMemory(instruments: Instrument[]): void {
  const { simulator, book } = freshMarket(instruments);
  let ticks = 0;
  const started = performance.now();
  let lastDrain = started;
  while (performance.now() - started < IN_PROCESS_SECONDS * 1000) {
    const batch = simulator.next();
    book.apply(batch, new Date());
    ticks += batch.length;
    if (performance.now() - lastDrain >= FLUSH_MS) {
      book.written(book.drain(new Date()));
      lastDrain = performance.now();
    }
  }
  say(`simulator + candle builder, in memory (${instruments.length} instruments)`, `${fmt(ticks / ((performance.now() - started) / 1000))} ticks/s (one core, nothing written)`);
}

/** The same loop with the service's batched write every 250 ms, awaited: ticks pause while a batch is written. */
async function withWrites(instruments: Instrument[], db: Database<MarketRepositories>): Promise<void> {
  const { simulator, book } = freshMarket(instruments);
  let ticks = 0;
  const flushes: number[] = [];
  let rows = 0;
  const started = performance.now();
  while (performance.now() - started < IN_PROCESS_SECONDS * 1000) {
    const burstEnds = performance.now() + FLUSH_MS;
    while (performance.now() < burstEnds) {
      const batch = simulator.next();
      book.apply(batch, new Date());
      ticks += batch.length;
    }
    const changes = book.drain(new Date());
    const t0 = performance.now();
    await writeChanges(db, changes);
    book.written(changes);
    flushes.push(performance.now() - t0);
    rows += changes.quotes.length + changes.candles.length + changes.closed.length + changes.quoteEvents.length;
  }
  const seconds = (performance.now() - started) / 1000;
  flushes.sort((a, b) => a - b);
  say(`same, with a batched write every ${FLUSH_MS} ms (in process)`, `${fmt(ticks / seconds)} ticks/s; batch of ~${Math.round(rows / flushes.length)} rows written in p50 ${percentile(flushes, 50).toFixed(1)} ms, p99 ${percentile(flushes, 99).toFixed(1)} ms`);
}

/** The real service through the harness: ticks applied (quote versions) and outbox rows per minute. */
async function service(platform: TestPlatform, label: string, env: Record<string, string>, seconds: number): Promise<void> {
  const db = platform.adminDb('market');
  // A clean start for each run (the first launch creates the tables).
  await db.none("DO $$ BEGIN IF to_regclass('outbox') IS NOT NULL THEN TRUNCATE outbox, candles, quotes; END IF; END $$");
  const app: TestApp = await platform.launch('market-service', { env: { LOG_LEVEL: 'warn', ...env } });
  try {
    await sleep(2000); // past the first batch, which writes every quote
    const pid = app.process.child.pid;
    const sum = async () => db.one<{ ticks: string; at: Date }>('SELECT coalesce(sum(version), 0) AS ticks, now() AS at FROM quotes');
    const start = await sum();
    const cpu0 = cpuSeconds(pid);
    await sleep(seconds * 1000);
    const end = await sum();
    const cpu = cpuSeconds(pid) - cpu0;
    const elapsed = (end.at.getTime() - start.at.getTime()) / 1000;
    const byType = await db.any<{ type: string; n: number }>(
      'SELECT type, count(*)::int AS n FROM outbox WHERE created_at >= $1 AND created_at < $2 GROUP BY type ORDER BY type', [start.at, end.at]);
    const pending = await db.one<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
    const perMinute = (n: number) => fmt((n / elapsed) * 60);
    const total = byType.reduce((s, r) => s + r.n, 0);
    say(`${label}: ticks applied and written`, `${fmt((Number(end.ticks) - Number(start.ticks)) / elapsed)} ticks/s over ${elapsed.toFixed(0)} s; app CPU ${((cpu / elapsed) * 100).toFixed(0)}% of one core`);
    say(`${label}: outbox rows`, `${perMinute(total)}/min (${byType.map((r) => `${r.type} ${perMinute(r.n)}`).join(', ')}); unpublished at the end: ${pending.n}`);
  } finally {
    await platform.stopApp(app);
  }
}

async function main(): Promise<void> {
  const platform = await testPlatform();
  console.log(`\nmarket service (machine: ${os.cpus().length} cores)\n`);
  // The default rate first: it also migrates the run's database.
  await service(platform, 'default (tick 1000 ms, throttle 1000 ms)', {}, DEFAULT_SECONDS);
  await service(platform, 'flood (tick 1 ms, throttle 1000 ms)', { MARKET_TICK_MS: '1' }, FLOOD_SECONDS);

  const instruments = (await new InstrumentsRepository(platform.adminDb('market')).all()).filter((i) => i.status === 'ACTIVE');
  inMemory(instruments);
  const { database, role } = databaseNames('market', platform.dbPrefix);
  const { db, close } = createDatabase({ host: platform.postgres.host, port: platform.postgres.port, database, user: role }, repositories, { max: 2 });
  try {
    await withWrites(instruments, db);
  } finally {
    await close();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopTestPlatform());
