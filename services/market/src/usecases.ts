// The market service's operations. Prices are read from the live book in memory; instruments
// and history from the database; every write goes with its events in one transaction.
import { formatMoney, money, problems, type Db } from '@winvestco/common';
import type { MarketClock } from './clock.ts';
import type { MarketBook, BookChanges } from './domain/book.ts';
import { marketStatus as statusAt, type CalendarRules, type MarketStatus } from './domain/calendar.ts';
import { candleRange, type Candle, type CandleInterval } from './domain/candles.ts';
import type { Instrument } from './domain/instrument.ts';
import { isOnTick, spreadAround } from './domain/prices.ts';
import type { Quote } from './domain/quote.ts';
import type { PriceSource } from './domain/source.ts';
import { candleClosed, marketTopic, quoteUpdated } from './events.ts';
import type { InstrumentFilter, MarketRepositories } from './store.ts';

export type MarketDb = Db<MarketRepositories>;

/** The live market the use cases work on, made once at start. */
export interface Market {
  db: MarketDb;
  book: MarketBook;
  source: PriceSource;
  clock: MarketClock;
  calendar: CalendarRules;
  /** The catalogue as loaded at start, by symbol. */
  instruments: ReadonlyMap<string, Instrument>;
}

/** What the live market starts from: the catalogue, the holidays, the last quotes and the open candles. */
export async function loadMarket(db: MarketDb, exchange: string): Promise<{ instruments: Instrument[]; holidays: string[]; quotes: Quote[]; openCandles: Candle[] }> {
  return db.task(async (t) => ({
    instruments: await t.instruments.all(),
    holidays: await t.instruments.holidays(exchange),
    quotes: await t.quotes.all(),
    openCandles: await t.candles.open(),
  }));
}

const unknownSymbol = (symbol: string) => problems.notFound(`No instrument ${symbol}`);

function known(market: Market, symbol: string): Instrument {
  const instrument = market.instruments.get(symbol);
  if (!instrument) throw unknownSymbol(symbol);
  return instrument;
}

export async function listInstruments(db: MarketDb, filter: InstrumentFilter): Promise<{ instruments: Instrument[]; next: string | null }> {
  const instruments = await db.instruments.page(filter);
  const last = instruments[instruments.length - 1];
  return { instruments, next: instruments.length === filter.limit && last ? last.symbol : null };
}

export async function instrument(db: MarketDb, symbol: string): Promise<Instrument> {
  const found = await db.instruments.bySymbol(symbol);
  if (!found) throw unknownSymbol(symbol);
  return found;
}

export function quote(market: Market, symbol: string): Quote {
  const found = market.book.quote(symbol);
  if (!found) throw unknownSymbol(symbol);
  return found;
}

/** The quotes of the known symbols, in the order asked (each once), and the symbols not known. */
export function quotes(market: Market, symbols: readonly string[]): { quotes: Quote[]; unknown: string[] } {
  const found: Quote[] = [];
  const unknown: string[] = [];
  for (const symbol of new Set(symbols)) {
    const q = market.book.quote(symbol);
    if (q) found.push(q);
    else unknown.push(symbol);
  }
  return { quotes: found, unknown };
}

export interface CandleSeries {
  instrument: Instrument;
  interval: CandleInterval;
  from: Date;
  to: Date;
  candles: Candle[];
}

/**
 * Candles starting in [from, to): closed ones from the database, the open one (and any
 * closed but not yet written) from the live book. A range the caller left out ends now and
 * covers the last 100 candles.
 */
export async function candles(market: Market, symbol: string, interval: CandleInterval, asked: { from?: Date; to?: Date }): Promise<CandleSeries> {
  const range = candleRange(interval, market.clock.now(), asked.from, asked.to);
  if ('field' in range) throw problems.validation([range]);
  const found = known(market, symbol);
  const { from, to } = range;
  const byStart = new Map<number, Candle>();
  for (const candle of await market.db.candles.closedBetween(symbol, interval, from, to)) byStart.set(candle.start.getTime(), candle);
  for (const candle of market.book.liveCandles(symbol, interval)) {
    if (candle.start >= from && candle.start < to) byStart.set(candle.start.getTime(), candle);
  }
  return { instrument: found, interval, from, to, candles: [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime()) };
}

/** The calendar's verdict now, with the market's own clock (which a test may have moved on). */
export function marketStatus(market: Market): MarketStatus & { now: Date } {
  const now = market.clock.now();
  return { ...statusAt(market.calendar, now), now };
}

/** Writes a batch from the book: quotes, candles and the events due, in one transaction. */
export async function writeChanges(db: MarketDb, changes: BookChanges): Promise<void> {
  await db.tx(async (t) => {
    await t.quotes.save(changes.quotes);
    await t.candles.save(changes.candles);
    for (const candle of changes.closed) await t.outbox.add(marketTopic, 'market.candle-closed', candle.symbol, candleClosed(candle));
    for (const q of changes.quoteEvents) await t.outbox.add(marketTopic, 'market.quote-updated', q.symbol, quoteUpdated(q));
  });
}

/**
 * Test control: trades `symbol` at `price` now (no volume), writes its quote and open
 * candles, and publishes the quote at once, whatever the throttle says. The simulator
 * carries on from there.
 */
export async function setPrice(t: MarketDb, market: Market, symbol: string, priceText: string): Promise<Quote> {
  const { tickSize } = known(market, symbol);
  const price = money(priceText);
  if (!isOnTick(price, tickSize)) throw problems.validation([{ field: 'price', message: `price must be a multiple of the tick size ${formatMoney(tickSize)}` }]);
  const at = market.clock.now();
  market.book.apply([{ symbol, last: price, ...spreadAround(price, tickSize, 1), volume: 0 }], at);
  market.source.moveTo(symbol, price);
  const moved = market.book.quote(symbol)!;
  await t.quotes.save([moved]);
  await t.candles.save(market.book.openCandles(symbol));
  await t.outbox.add(marketTopic, 'market.quote-updated', symbol, quoteUpdated(moved));
  market.book.published(symbol, at);
  return moved;
}

/** Test control: moves the market's clock forward to `to` (candles due close with the next batch). */
export function setClock(market: Market, to: Date, alwaysOpen?: boolean): Date {
  if (!market.clock.moveTo(to)) {
    throw problems.validation([{ field: 'now', message: `now must not be before the market's current time ${market.clock.now().toISOString()}` }]);
  }
  if (alwaysOpen !== undefined) market.calendar = { ...market.calendar, alwaysOpen };
  return market.clock.now();
}
