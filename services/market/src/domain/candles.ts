// OHLCV candles built from ticks. Buckets follow the exchange's clock: a 1h candle runs
// 10:00–11:00 Asia/Kolkata and a 1d candle is the exchange's calendar day (for 1m to 15m
// the exchange's clock and UTC agree, the offset being 5 h 30 min).
import { CANDLE_INTERVALS, type CandleInterval, type Money } from '@winvestco/common';
import { EXCHANGE_UTC_OFFSET_MS } from './calendar.ts';

export { CANDLE_INTERVALS, type CandleInterval };

export const INTERVAL_MS: Readonly<Record<CandleInterval, number>> = {
  '1m': 60_000,
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '1d': 24 * 60 * 60_000,
};

export interface Candle {
  symbol: string;
  currency: string;
  interval: CandleInterval;
  start: Date;
  open: Money;
  high: Money;
  low: Money;
  close: Money;
  volume: number;
  closed: boolean;
  /** Counts the candle's changes; a write of an older version is ignored. */
  version: number;
}

/** The start of the `interval` bucket `at` falls in. */
export function bucketStart(at: Date, interval: CandleInterval): Date {
  const length = INTERVAL_MS[interval];
  const local = at.getTime() + EXCHANGE_UTC_OFFSET_MS;
  return new Date(local - (((local % length) + length) % length) - EXCHANGE_UTC_OFFSET_MS);
}

export function candleEnd(candle: Candle): Date {
  return new Date(candle.start.getTime() + INTERVAL_MS[candle.interval]);
}

/** Whose candle: the instrument's symbol and the currency its prices are in. */
export interface Listing {
  symbol: string;
  currency: string;
}

export function openCandle(listing: Listing, interval: CandleInterval, at: Date, price: Money, volume: number): Candle {
  return { symbol: listing.symbol, currency: listing.currency, interval, start: bucketStart(at, interval), open: price, high: price, low: price, close: price, volume, closed: false, version: 1 };
}

/** The candle after a trade at `price` inside it. */
export function withTrade(candle: Candle, price: Money, volume: number): Candle {
  return {
    ...candle,
    high: price.gt(candle.high) ? price : candle.high,
    low: price.lt(candle.low) ? price : candle.low,
    close: price,
    volume: candle.volume + volume,
    version: candle.version + 1,
  };
}

/**
 * Where a trade at `at` goes: into `current` when it falls in its bucket; otherwise
 * `current` is closed and a new candle starts. A trade stamped before the current bucket
 * (a clock stepped back) is kept in the current candle rather than reopening a closed one.
 */
export function tradeInto(current: Candle | undefined, listing: Listing, interval: CandleInterval, at: Date, price: Money, volume: number): { candle: Candle; closed?: Candle } {
  if (!current) return { candle: openCandle(listing, interval, at, price, volume) };
  if (at.getTime() < candleEnd(current).getTime()) return { candle: withTrade(current, price, volume) };
  return { candle: openCandle(listing, interval, at, price, volume), closed: { ...current, closed: true } };
}

/** The most candles one request may ask for, and how many it gets when it gives no start. */
export const MAX_CANDLES = 1000;
export const DEFAULT_CANDLES = 100;

/**
 * The range [from, to) a candle request covers: `to` defaults to `now`, `from` to
 * DEFAULT_CANDLES intervals before `to`. A range that is empty or longer than MAX_CANDLES
 * intervals is refused, naming the field to change.
 */
export function candleRange(interval: CandleInterval, now: Date, from?: Date, to?: Date): { from: Date; to: Date } | { field: string; message: string } {
  const length = INTERVAL_MS[interval];
  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - DEFAULT_CANDLES * length);
  if (start.getTime() >= end.getTime()) {
    return to ? { field: 'to', message: 'to must be after from' } : { field: 'from', message: `from must be before now (${now.toISOString()}) when to is not given` };
  }
  if (end.getTime() - start.getTime() > MAX_CANDLES * length) {
    return { field: 'from', message: `the range from..to must span at most ${MAX_CANDLES} candles of ${interval}` };
  }
  return { from: start, to: end };
}
