import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, isISO8601, Length, Matches, ValidateBy } from 'class-validator';
import { formatMoney, IsMoney, PageQuery, SYMBOL, trim } from '@winvestco/common';
import type { MarketStatus } from './domain/calendar.ts';
import { CANDLE_INTERVALS, candleEnd, type Candle, type CandleInterval } from './domain/candles.ts';
import { INSTRUMENT_STATUSES, type Instrument, type InstrumentStatus } from './domain/instrument.ts';
import type { Quote } from './domain/quote.ts';

// A time with its zone (or a bare date, which is midnight UTC): a bare local time would
// depend on the server's time zone. Years before 1970 are refused (no market data there,
// and PostgreSQL refuses some of them).
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function IsZonedTime() {
  return ValidateBy({
    name: 'isZonedTime',
    validator: {
      validate: (value) => typeof value === 'string' && ZONED_TIME.test(value) && isISO8601(value, { strict: true }) && Date.parse(value) >= 0,
      defaultMessage: (args) => `${args?.property} must be an ISO 8601 time from 1970 on with a time zone, such as 2026-01-05T09:15:00Z`,
    },
  });
}
/** At most this many symbols per quotes request. */
export const MAX_SYMBOLS = 100;
const SYMBOL_LIST = new RegExp(`^${SYMBOL.source.slice(1, -1)}(,${SYMBOL.source.slice(1, -1)}){0,${MAX_SYMBOLS - 1}}$`);

export class ListInstrumentsQuery extends PageQuery {
  @IsOptional() @Transform(trim) @IsString() @Length(1, 50)
  q?: string;

  @IsOptional() @IsIn(INSTRUMENT_STATUSES, { message: `status must be one of ${INSTRUMENT_STATUSES.join(', ')}` })
  status?: InstrumentStatus;

  @IsOptional() @Matches(/^[A-Z]{2,10}$/, { message: 'exchange must be an exchange code such as NSE' })
  exchange?: string;

}

export class QuotesQuery {
  @IsString({ message: 'symbols must be given once, as a comma-separated list such as INFY,TCS' })
  @Matches(SYMBOL_LIST, { message: `symbols must be a comma-separated list of 1 to ${MAX_SYMBOLS} symbols such as INFY,TCS` })
  symbols!: string;
}

export class CandlesQuery {
  @IsIn(CANDLE_INTERVALS, { message: `interval must be one of ${CANDLE_INTERVALS.join(', ')}` })
  interval!: CandleInterval;

  @IsOptional() @IsZonedTime()
  from?: string;

  @IsOptional() @IsZonedTime()
  to?: string;
}

export class SetPriceRequest {
  @IsMoney({ positive: true })
  price!: string;
}

export class SetClockRequest {
  @IsZonedTime()
  now!: string;
  /** Test control: keep the exchange's sessions from now on (false) or never close (true). */
  @IsOptional() @IsBoolean()
  alwaysOpen?: boolean;
}

/** Instruments are paged in symbol order; the cursor carries the last symbol of the page. */
export function encodeSymbolCursor(symbol: string): string {
  return Buffer.from(JSON.stringify([symbol])).toString('base64url');
}

/** The symbol a cursor carries, or null when it is not one this service issued. */
export function decodeSymbolCursor(cursor: string): string | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' && SYMBOL.test(value[0]) ? value[0] : null;
  } catch {
    return null;
  }
}

export interface InstrumentView {
  symbol: string;
  name: string;
  isin: string;
  exchange: string;
  tickSize: string;
  lotSize: number;
  status: InstrumentStatus;
  currency: string;
}

export function instrumentView(i: Instrument): InstrumentView {
  return { symbol: i.symbol, name: i.name, isin: i.isin, exchange: i.exchange, tickSize: formatMoney(i.tickSize), lotSize: i.lotSize, status: i.status, currency: i.currency };
}

export interface QuoteView {
  symbol: string;
  last: string;
  bid: string;
  ask: string;
  open: string;
  high: string;
  low: string;
  previousClose: string;
  volume: number;
  updatedAt: string;
}

export function quoteView(q: Quote): QuoteView {
  return {
    symbol: q.symbol, last: formatMoney(q.last), bid: formatMoney(q.bid), ask: formatMoney(q.ask), open: formatMoney(q.open), high: formatMoney(q.high),
    low: formatMoney(q.low), previousClose: formatMoney(q.previousClose), volume: q.volume, updatedAt: q.updatedAt.toISOString(),
  };
}

export interface CandleView {
  start: string;
  end: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: number;
  /** false for the candle still being built. */
  closed: boolean;
}

export function candleView(c: Candle): CandleView {
  return {
    start: c.start.toISOString(), end: candleEnd(c).toISOString(), open: formatMoney(c.open), high: formatMoney(c.high), low: formatMoney(c.low),
    close: formatMoney(c.close), volume: c.volume, closed: c.closed,
  };
}

export interface MarketStatusView {
  /** The market's clock: a session's close is to be read against it, not the caller's. */
  now: string;
  open: boolean;
  sessionCloses?: string;
  nextOpen?: string;
  alwaysOpen: boolean;
}

export function marketStatusView(s: MarketStatus & { now: Date }): MarketStatusView {
  return {
    now: s.now.toISOString(),
    open: s.open,
    ...(s.sessionCloses ? { sessionCloses: s.sessionCloses.toISOString() } : {}),
    ...(s.nextOpen ? { nextOpen: s.nextOpen.toISOString() } : {}),
    alwaysOpen: s.alwaysOpen,
  };
}
