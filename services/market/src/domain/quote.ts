// A symbol's quote: the last trade, the book around it and the session's figures.
import type { Money } from '@winvestco/common';
import type { Instrument } from './instrument.ts';
import { spreadAround } from './prices.ts';
import type { Tick } from './source.ts';

export interface Quote {
  symbol: string;
  currency: string;
  last: Money;
  bid: Money;
  ask: Money;
  /** The session's first trade, highest and lowest trade. */
  open: Money;
  high: Money;
  low: Money;
  /** The last price of the previous session. */
  previousClose: Money;
  /** Shares traded in the session. */
  volume: number;
  /** The exchange date of the session the figures belong to. */
  sessionDate: string;
  /** When the quote last changed. */
  updatedAt: Date;
  /** Counts the quote's changes; a write of an older version is ignored. */
  version: number;
}

/** The quote of an instrument that never traded here: its reference price, one tick either side. */
export function initialQuote(instrument: Instrument, at: Date, sessionDate: string): Quote {
  const price = instrument.referencePrice;
  return {
    symbol: instrument.symbol, currency: instrument.currency, last: price, ...spreadAround(price, instrument.tickSize, 1),
    open: price, high: price, low: price, previousClose: price, volume: 0, sessionDate, updatedAt: at, version: 1,
  };
}

/** The quote after `tick` at `at`; the first trade of a new session starts its figures afresh. */
export function withTick(quote: Quote, tick: Tick, at: Date, sessionDate: string): Quote {
  const base = { ...quote, last: tick.last, bid: tick.bid, ask: tick.ask, updatedAt: at, version: quote.version + 1 };
  if (sessionDate !== quote.sessionDate) {
    return { ...base, open: tick.last, high: tick.last, low: tick.last, previousClose: quote.last, volume: tick.volume, sessionDate };
  }
  return {
    ...base,
    high: tick.last.gt(quote.high) ? tick.last : quote.high,
    low: tick.last.lt(quote.low) ? tick.last : quote.low,
    volume: quote.volume + tick.volume,
  };
}
