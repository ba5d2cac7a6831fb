import type { IBaseProtocol } from 'pg-promise';
import { money, sqlFolder, type Queryable } from '@winvestco/common';
import type { Candle, CandleInterval } from './domain/candles.ts';
import type { Instrument, InstrumentStatus } from './domain/instrument.ts';
import type { Quote } from './domain/quote.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  instruments: sql('instruments-all'),
  instrument: sql('instrument-by-symbol'),
  instrumentsPage: sql('instruments-page'),
  holidays: sql('holidays'),
  quotes: sql('quotes-all'),
  saveQuotes: sql('quotes-save'),
  openCandles: sql('candles-open'),
  saveCandles: sql('candles-save'),
  candleRange: sql('candles-range'),
};

interface InstrumentRow {
  id: string;
  symbol: string;
  name: string;
  isin: string;
  exchange: string;
  tick_size: string;
  lot_size: number;
  status: InstrumentStatus;
  currency: string;
  reference_price: string;
  volatility: string;
}

function toInstrument(row: InstrumentRow): Instrument {
  return {
    id: row.id, symbol: row.symbol, name: row.name, isin: row.isin, exchange: row.exchange, tickSize: money(row.tick_size),
    lotSize: row.lot_size, status: row.status, currency: row.currency, referencePrice: money(row.reference_price), volatility: Number(row.volatility),
  };
}

export interface InstrumentFilter {
  q?: string;
  status?: InstrumentStatus;
  exchange?: string;
  /** The last symbol of the previous page. */
  after?: string;
  limit: number;
}

/** The catalogue: static reference data, changed only by migrations. */
export class InstrumentsRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async all(): Promise<Instrument[]> {
    return (await this.q.any<InstrumentRow>(SQL.instruments)).map(toInstrument);
  }

  async bySymbol(symbol: string): Promise<Instrument | null> {
    const row = await this.q.oneOrNone<InstrumentRow>(SQL.instrument, { symbol });
    return row ? toInstrument(row) : null;
  }

  async page(filter: InstrumentFilter): Promise<Instrument[]> {
    // The caller's text is matched literally: its own % and _ are not wildcards.
    const pattern = filter.q === undefined ? null : `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    const rows = await this.q.any<InstrumentRow>(SQL.instrumentsPage, {
      pattern, status: filter.status ?? null, exchange: filter.exchange ?? null, after: filter.after ?? null, limit: filter.limit,
    });
    return rows.map(toInstrument);
  }

  /** The exchange's holidays as YYYY-MM-DD dates. */
  async holidays(exchange: string): Promise<string[]> {
    return (await this.q.any<{ day: string }>(SQL.holidays, { exchange })).map((r) => r.day);
  }
}

interface QuoteRow {
  symbol: string;
  currency: string;
  last: string;
  bid: string;
  ask: string;
  open: string;
  high: string;
  low: string;
  previous_close: string;
  volume: string;
  session_date: string;
  quoted_at: Date;
  version: number;
}

/** The latest quote per symbol, as last written from the live book. */
export class QuotesRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async all(): Promise<Quote[]> {
    const rows = await this.q.any<QuoteRow>(SQL.quotes);
    return rows.map((r) => ({
      symbol: r.symbol, currency: r.currency, last: money(r.last), bid: money(r.bid), ask: money(r.ask), open: money(r.open), high: money(r.high),
      low: money(r.low), previousClose: money(r.previous_close), volume: Number(r.volume), sessionDate: r.session_date, updatedAt: r.quoted_at, version: r.version,
    }));
  }

  /** One statement for the whole batch; decimals travel as text and stay exact. */
  async save(quotes: readonly Quote[]): Promise<void> {
    if (quotes.length === 0) return;
    const rows = quotes.map((q) => ({
      symbol: q.symbol, currency: q.currency, last: q.last.toFixed(), bid: q.bid.toFixed(), ask: q.ask.toFixed(), open: q.open.toFixed(),
      high: q.high.toFixed(), low: q.low.toFixed(), previous_close: q.previousClose.toFixed(), volume: q.volume, session_date: q.sessionDate,
      quoted_at: q.updatedAt.toISOString(), version: q.version,
    }));
    await this.q.none(SQL.saveQuotes, { rows: JSON.stringify(rows) });
  }
}

interface CandleRow {
  symbol: string;
  currency: string;
  candle_interval: CandleInterval;
  start_at: Date;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  closed: boolean;
  version: number;
}

function toCandle(r: CandleRow): Candle {
  return {
    symbol: r.symbol, currency: r.currency, interval: r.candle_interval, start: r.start_at, open: money(r.open), high: money(r.high),
    low: money(r.low), close: money(r.close), volume: Number(r.volume), closed: r.closed, version: r.version,
  };
}

/** OHLCV candles: closed ones for history, open ones so a restart resumes them. */
export class CandlesRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async open(): Promise<Candle[]> {
    return (await this.q.any<CandleRow>(SQL.openCandles)).map(toCandle);
  }

  async save(candles: readonly Candle[]): Promise<void> {
    if (candles.length === 0) return;
    const rows = candles.map((c) => ({
      symbol: c.symbol, candle_interval: c.interval, start_at: c.start.toISOString(), open: c.open.toFixed(), high: c.high.toFixed(),
      low: c.low.toFixed(), close: c.close.toFixed(), volume: c.volume, currency: c.currency, closed: c.closed, version: c.version,
    }));
    await this.q.none(SQL.saveCandles, { rows: JSON.stringify(rows) });
  }

  /** Closed candles starting in [from, to), oldest first. */
  async closedBetween(symbol: string, interval: CandleInterval, from: Date, to: Date): Promise<Candle[]> {
    return (await this.q.any<CandleRow>(SQL.candleRange, { symbol, interval, from, to })).map(toCandle);
  }
}

export interface MarketRepositories {
  instruments: InstrumentsRepository;
  quotes: QuotesRepository;
  candles: CandlesRepository;
}

export const repositories = (q: Queryable): MarketRepositories => ({
  instruments: new InstrumentsRepository(q),
  quotes: new QuotesRepository(q),
  candles: new CandlesRepository(q),
});
