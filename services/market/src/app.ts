import type { ServiceDeps, ServiceParts } from '@winvestco/common';
import { MarketClock } from './clock.ts';
import type { MarketConfig } from './config.ts';
import { MarketBook } from './domain/book.ts';
import { exchangeDate, NSE_HOURS } from './domain/calendar.ts';
import { initialQuote } from './domain/quote.ts';
import { QuoteThrottle } from './domain/throttle.ts';
import { MarketFeed } from './feed.ts';
import { marketRoutes } from './routes.ts';
import { createSource } from './sources.ts';
import type { MarketRepositories } from './store.ts';
import { loadMarket, type Market } from './usecases.ts';

const EXCHANGE = 'NSE';

/**
 * The market service: the catalogue and the last quotes and open candles from the database,
 * the live book over them, the price source, and the feed that ticks and writes. It consumes
 * no events. Run one replica: each would run its own price source.
 */
export async function buildMarketService({ config, db, log }: ServiceDeps<MarketRepositories, MarketConfig>): Promise<ServiceParts<MarketRepositories>> {
  const clock = new MarketClock();
  const loaded = await loadMarket(db, EXCHANGE);
  const book = new MarketBook(loaded.quotes, loaded.openCandles, new QuoteThrottle(config.quoteEventMs), exchangeDate);
  const now = clock.now();
  for (const instrument of loaded.instruments) {
    if (!book.quote(instrument.symbol)) book.add(initialQuote(instrument, now, exchangeDate(now)));
  }
  const active = loaded.instruments.filter((i) => i.status === 'ACTIVE');
  const source = createSource(config, active, (symbol) => book.quote(symbol)!.last, log);
  const live: Market = {
    db, book, source, clock,
    calendar: { alwaysOpen: config.alwaysOpen, holidays: new Set(loaded.holidays), hours: NSE_HOURS },
    instruments: new Map(loaded.instruments.map((i) => [i.symbol, i])),
  };
  const feed = new MarketFeed(live, log, { tickMs: config.tickMs, flushMs: config.flushMs });
  if (config.tickMs === 0) log.info('MARKET_TICK_MS is 0: the feed does not tick; prices move only through the test control');
  if (config.testControls) log.warn('MARKET_TEST_CONTROLS is on: anyone who may call this service\'s internal routes can set prices and the clock');
  return {
    routes: marketRoutes(live, config.testControls),
    start: async () => feed.start(),
    stop: () => feed.stop(),
  };
}
