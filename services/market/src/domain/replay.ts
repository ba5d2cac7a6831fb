// The second price source: historical candles from a CSV file, replayed as ticks. Each
// candle becomes four trades: open, low, high, close for a rising candle and open, high,
// low, close for a falling one, so its four prices all reach the quotes and candles.
import { Money, money, moneyProblem, SYMBOL } from '@winvestco/common';
import { spreadAround, toTick } from './prices.ts';
import type { PriceSource, Tick } from './source.ts';

export const CSV_HEADER = 'time,symbol,open,high,low,close,volume';

export interface CandleRow {
  time: Date;
  symbol: string;
  open: Money;
  high: Money;
  low: Money;
  close: Money;
  volume: number;
}

/**
 * The rows of a candle CSV: a header line, then one candle per line. Blank lines and lines
 * starting with `#` are skipped. Throws naming the first bad line.
 */
export function parseCandleCsv(text: string): CandleRow[] {
  const rows: CandleRow[] = [];
  let header = false;
  text.split(/\r?\n/).forEach((line, index) => {
    const problem = (what: string) => new Error(`line ${index + 1}: ${what}`);
    if (line.trim() === '' || line.startsWith('#')) return;
    if (!header) {
      if (line.trim() !== CSV_HEADER) throw problem(`the header must be "${CSV_HEADER}"`);
      header = true;
      return;
    }
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length !== 7) throw problem(`expected 7 fields (${CSV_HEADER}), found ${fields.length}`);
    const [time, symbol, ...rest] = fields as [string, string, string, string, string, string, string];
    const at = new Date(time);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(time) || Number.isNaN(at.getTime())) throw problem(`time "${time}" is not an ISO 8601 timestamp`);
    if (!SYMBOL.test(symbol)) throw problem(`symbol "${symbol}" is not a symbol`);
    const [open, high, low, close] = rest.slice(0, 4).map((value, i) => {
      const bad = moneyProblem(value, { positive: true });
      if (bad) throw problem(`${['open', 'high', 'low', 'close'][i]} ${bad}`);
      return money(value);
    }) as [Money, Money, Money, Money];
    if (high.lt(Money.max(open, close, low)) || low.gt(Money.min(open, close))) throw problem('high must be the highest and low the lowest of the candle');
    if (!/^\d{1,15}$/.test(rest[4])) throw problem(`volume "${rest[4]}" is not a whole number`);
    rows.push({ time: at, symbol, open, high, low, close, volume: Number(rest[4]) });
  });
  if (!header) throw new Error(`the file has no header "${CSV_HEADER}"`);
  return rows;
}

/** The four trades a candle stands for, prices on the tick grid, the volume shared out. */
export function candleTicks(row: CandleRow, tickSize: Money): Tick[] {
  const rising = row.close.gte(row.open);
  const path = rising ? [row.open, row.low, row.high, row.close] : [row.open, row.high, row.low, row.close];
  const share = Math.floor(row.volume / 4);
  return path.map((price, i) => {
    const last = toTick(price, tickSize);
    return { symbol: row.symbol, last, ...spreadAround(last, tickSize, 1), volume: i === 3 ? row.volume - 3 * share : share };
  });
}

/**
 * Replays each symbol's candles in time order, one trade per symbol per step, and starts
 * over at the end of the file. Symbols the catalogue does not price are left out.
 */
export class CandleReplay implements PriceSource {
  readonly name = 'csv';
  private readonly tapes: { ticks: Tick[]; position: number }[] = [];
  readonly unknownSymbols: string[];

  constructor(rows: readonly CandleRow[], tickSizes: ReadonlyMap<string, Money>) {
    const bySymbol = new Map<string, CandleRow[]>();
    for (const row of rows) {
      const candles = bySymbol.get(row.symbol) ?? [];
      candles.push(row);
      bySymbol.set(row.symbol, candles);
    }
    this.unknownSymbols = [...bySymbol.keys()].filter((s) => !tickSizes.has(s));
    for (const [symbol, candles] of bySymbol) {
      const tickSize = tickSizes.get(symbol);
      if (!tickSize) continue;
      const ordered = [...candles].sort((a, b) => a.time.getTime() - b.time.getTime());
      this.tapes.push({ ticks: ordered.flatMap((row) => candleTicks(row, tickSize)), position: 0 });
    }
  }

  next(): Tick[] {
    return this.tapes.map((tape) => {
      const tick = tape.ticks[tape.position]!;
      tape.position = (tape.position + 1) % tape.ticks.length;
      return tick;
    });
  }

  /** A replay follows its file: a price set from outside holds until the next replayed trade. */
  moveTo(): void {}
}
