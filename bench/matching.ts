// The matching engine in-process: one symbol's book under a realistic stream of operations,
// nothing written, no sidecar. Prints orders/s and p50/p99 per operation type; asserts nothing.
//   npm run bench -- matching          (BENCH_MATCHING_OPS=… to change the stream's length)
//
// The stream (fixed seed, built before timing so only the book is measured), from 500 users:
// 60 % LIMIT places on the passive side, 1–5 ticks from the middle (70 %) or 6–20; 25 %
// cancels of an order still open (any of them, equally likely); 15 % marketable orders (half
// MARKET, half IOC LIMIT 10 ticks through the middle) of 20–200 shares, scaled by the book's
// depth so that it stays near DEPTH = 5,000 open orders rather than grow or empty without end.
// The quote sits 30 ticks either side, so the exchange fills only what the book cannot.
//
// Timing: hrtime per call costs about as much as a cancel and is as coarse, so the stream
// comes in runs of RUN operations of one type (run types drawn at the mix's weights) and
// each run is timed as a whole: a run's time ÷ RUN is one latency sample of its type, and
// the percentiles are over those samples (a mean over RUN calls: a single slow call shows
// as a slow run, diluted RUN times). Throughput is timed separately over an untimed pass.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { percentile } from './lib.ts';
import { OrderBook, type BookEvent, type OrderRequest } from '../services/trade/src/domain/book.ts';

const OPS = Number(process.env.BENCH_MATCHING_OPS ?? 1_000_000);
const RUN = 16;
const ROUNDS = 3;
const MID = 150_000; // ₹1,500.00 in paise
const TICK = 5;
/** About how many open orders the book holds in its steady state (a liquid large-cap's). */
const DEPTH = Number(process.env.BENCH_MATCHING_DEPTH ?? 5000);
const QUOTE = { last: MID, bid: MID - 30 * TICK, ask: MID + 30 * TICK };

type Kind = 'place' | 'cancel' | 'marketable';
type Op = { kind: 'place' | 'marketable'; request: OrderRequest } | { kind: 'cancel'; orderId: string };

/** mulberry32: a small seeded generator, so every run measures the same stream. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const apply = (book: OrderBook, op: Op): BookEvent[] => (op.kind === 'cancel' ? book.cancel(op.orderId) : book.place(op.request));

/**
 * The stream, generated against a book of its own so that a cancel names an order that is
 * still open (drawn uniformly among them), as a trader's would; the timed passes replay it.
 */
function stream(total: number): { ops: Op[]; kinds: Kind[] } {
  const random = generator(13);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const users = Array.from({ length: 500 }, () => randomUUID());
  const shadow = new OrderBook('BENCH', QUOTE);
  const open: string[] = [];
  const at = new Map<string, number>();
  const gone = (id: string) => {
    const i = at.get(id);
    if (i === undefined) return;
    const last = open.pop()!;
    if (last !== id) {
      open[i] = last;
      at.set(last, i);
    }
    at.delete(id);
  };
  const follow = (events: BookEvent[]) => {
    for (const e of events) {
      if (e.type === 'RESTED') {
        at.set(e.orderId, open.length);
        open.push(e.orderId);
      } else if (e.type === 'CANCELLED') gone(e.orderId);
      else if (e.type === 'FILL' && e.maker && e.maker.remaining === 0) gone(e.maker.orderId);
    }
  };
  const ops: Op[] = [];
  const kinds: Kind[] = [];
  while (ops.length < total) {
    const r = random();
    const kind: Kind = r < 0.6 ? 'place' : r < 0.85 ? 'cancel' : 'marketable';
    kinds.push(kind);
    for (let i = 0; i < RUN; i += 1) {
      const side = random() < 0.5 ? 'BUY' : 'SELL';
      const userId = users[int(0, users.length - 1)]!;
      let op: Op;
      if (kind === 'place') {
        const away = (random() < 0.7 ? int(1, 5) : int(6, 20)) * TICK;
        op = { kind, request: { orderId: randomUUID(), userId, side, type: 'LIMIT', validity: 'DAY', quantity: int(1, 100), limitPrice: side === 'BUY' ? MID - away : MID + away } };
      } else if (kind === 'cancel') {
        op = { kind, orderId: open.length ? open[int(0, open.length - 1)]! : randomUUID() };
      } else {
        // Takers size their orders to what the book offers: a deeper book draws bigger orders,
        // which keeps it near DEPTH open orders instead of growing or emptying without end.
        const quantity = Math.round(int(20, 200) * Math.min(2, Math.max(0.5, open.length / DEPTH)));
        const request: OrderRequest = random() < 0.5
          ? { orderId: randomUUID(), userId, side, type: 'MARKET', validity: 'IOC', quantity }
          : { orderId: randomUUID(), userId, side, type: 'LIMIT', validity: 'IOC', quantity, limitPrice: side === 'BUY' ? MID + 10 * TICK : MID - 10 * TICK };
        op = { kind, request };
      }
      follow(apply(shadow, op));
      ops.push(op);
    }
  }
  return { ops, kinds };
}

interface Tally { fills: number; bookFills: number; exchangeFills: number; refused: number; cancelled: number; selfTrades: number }

function count(events: BookEvent[], tally: Tally): void {
  for (const e of events) {
    if (e.type === 'FILL') {
      tally.fills += 1;
      if (e.venue === 'BOOK') tally.bookFills += 1;
      else tally.exchangeFills += 1;
    } else if (e.type === 'REFUSED') tally.refused += 1;
    else if (e.type === 'CANCELLED') {
      tally.cancelled += 1;
      if (e.reason === 'SELF_TRADE') tally.selfTrades += 1;
    }
  }
}

/** One untimed pass on a fresh book: orders/s over the whole stream. */
function throughput(ops: Op[]): { perSecond: number; perCpuSecond: number; tally: Tally; book: OrderBook } {
  const book = new OrderBook('BENCH', QUOTE);
  const tally: Tally = { fills: 0, bookFills: 0, exchangeFills: 0, refused: 0, cancelled: 0, selfTrades: 0 };
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (const op of ops) count(apply(book, op), tally);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { perSecond: ops.length / seconds, perCpuSecond: ops.length / ((used.user + used.system) / 1e6), tally, book };
}

/** One pass timed run by run: nanoseconds per operation, per type. */
function latencies(ops: Op[], kinds: Kind[]): Record<Kind, number[]> {
  const book = new OrderBook('BENCH', QUOTE);
  const samples: Record<Kind, number[]> = { place: [], cancel: [], marketable: [] };
  const tally: Tally = { fills: 0, bookFills: 0, exchangeFills: 0, refused: 0, cancelled: 0, selfTrades: 0 };
  for (let run = 0; run < kinds.length; run += 1) {
    const t0 = process.hrtime.bigint();
    for (let i = run * RUN; i < (run + 1) * RUN; i += 1) count(apply(book, ops[i]!), tally);
    samples[kinds[run]!].push(Number(process.hrtime.bigint() - t0) / RUN);
  }
  return samples;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const say = (label: string, text: string) => console.log(`${label.padEnd(44)} ${text}`);

const { ops, kinds } = stream(OPS);
say('stream', `${fmt(ops.length)} operations in runs of ${RUN}: ${['place', 'cancel', 'marketable'].map((k) => `${k} ${fmt(ops.filter((o) => o.kind === k).length)}`).join(', ')}`);
throughput(ops); // warm-up: the JIT sees the whole stream once
latencies(ops, kinds);

const passes = Array.from({ length: ROUNDS }, () => throughput(ops));
const rates = passes.map((p) => p.perSecond).sort((a, b) => a - b);
const cpuRates = passes.map((p) => p.perCpuSecond).sort((a, b) => a - b);
const { tally, book } = passes[0]!;
say('orders/s (median of 3 passes, untimed)', `${fmt(rates[1]!)}  (min ${fmt(rates[0]!)}, max ${fmt(rates[2]!)})`);
// On a shared machine the wall clock counts other processes' time too; CPU time does not
// (it does count this process's garbage collector threads).
say('orders per CPU-second (median)', `${fmt(cpuRates[1]!)}   load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
say('per pass', `fills ${fmt(tally.fills)} (book ${fmt(tally.bookFills)}, exchange ${fmt(tally.exchangeFills)}), cancelled ${fmt(tally.cancelled)} (self-trade ${fmt(tally.selfTrades)}), refused ${fmt(tally.refused)}, open orders at the end ${fmt(book.size)}`);
const depth = book.depth(1);
say('touch at the end', `bid ${depth.bids[0]?.price ?? '-'} / ask ${depth.asks[0]?.price ?? '-'} paise`);

const samples = latencies(ops, kinds);
for (const kind of ['place', 'cancel', 'marketable'] as const) {
  const sorted = samples[kind].sort((a, b) => a - b);
  say(`latency ${kind} (µs per op, ${fmt(sorted.length)} runs)`, `p50 ${(percentile(sorted, 50) / 1000).toFixed(2)}  p99 ${(percentile(sorted, 99) / 1000).toFixed(2)}  max ${(sorted[sorted.length - 1]! / 1000).toFixed(2)}`);
}
