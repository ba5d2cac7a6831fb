// What the market service publishes (topic `market`, declared in the kit's contracts), built
// from the domain. It consumes no events.
import { formatMoney, marketTopic, type CandleClosed, type QuoteUpdated } from '@winvestco/common';
import type { Candle } from './domain/candles.ts';
import type { Quote } from './domain/quote.ts';

export { marketTopic };

export function quoteUpdated(quote: Quote): QuoteUpdated {
  return {
    symbol: quote.symbol, last: formatMoney(quote.last), bid: formatMoney(quote.bid), ask: formatMoney(quote.ask),
    open: formatMoney(quote.open), high: formatMoney(quote.high), low: formatMoney(quote.low), close: formatMoney(quote.previousClose),
    volume: quote.volume, at: quote.updatedAt.toISOString(),
  };
}

export function candleClosed(candle: Candle): CandleClosed {
  return {
    symbol: candle.symbol, interval: candle.interval, start: candle.start.toISOString(), open: formatMoney(candle.open), high: formatMoney(candle.high),
    low: formatMoney(candle.low), close: formatMoney(candle.close), volume: candle.volume, currency: candle.currency,
  };
}
