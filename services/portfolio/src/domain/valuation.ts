// What holdings are worth at a price, and where that price came from. The market service's
// quote when it answered; otherwise the last quote it gave (kept locally), otherwise the
// average cost (so the holding shows no gain rather than a made-up one). Anything but a
// fresh quote is stale, and the reply says so.
import { money, type Money } from '@winvestco/common';
import type { Holding, Portfolio } from './portfolio.ts';

export const PRICE_SOURCES = ['MARKET', 'LAST_KNOWN', 'AVERAGE_COST'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

export interface Quote {
  symbol: string;
  last: Money;
  /** The previous session's close; null when the market did not give one. */
  previousClose: Money | null;
  /** The market's time of the quote. */
  at: Date;
}

export interface Price {
  last: Money;
  previousClose: Money | null;
  at: Date | null;
  source: PriceSource;
}

const MONEY_DECIMALS = 4;

export function priceOf(averageCost: Money, fresh: Quote | undefined, known: Quote | undefined): Price {
  const quote = fresh ?? known;
  if (quote) return { last: quote.last, previousClose: quote.previousClose, at: quote.at, source: fresh ? 'MARKET' : 'LAST_KNOWN' };
  return { last: averageCost, previousClose: null, at: null, source: 'AVERAGE_COST' };
}

export const isStale = (price: Price): boolean => price.source !== 'MARKET';

/** Each amount rounded to 4 decimals first, so the ones shown add up exactly. */
export interface Valuation {
  /** quantity x average cost: what the shares held cost, fees included. */
  invested: Money;
  currentValue: Money;
  unrealisedPnl: Money;
  /** quantity x (last - previous close); 0 when there is no previous close. */
  dayChange: Money;
}

export function valueHolding(quantity: number, averageCost: Money, price: Price): Valuation {
  const invested = averageCost.times(quantity).toDecimalPlaces(MONEY_DECIMALS);
  const currentValue = price.last.times(quantity).toDecimalPlaces(MONEY_DECIMALS);
  const dayChange = price.previousClose ? price.last.minus(price.previousClose).times(quantity).toDecimalPlaces(MONEY_DECIMALS) : money(0);
  return { invested, currentValue, unrealisedPnl: currentValue.minus(invested), dayChange };
}

export function addUp(values: readonly Valuation[]): Valuation {
  return values.reduce<Valuation>(
    (total, v) => ({
      invested: total.invested.plus(v.invested),
      currentValue: total.currentValue.plus(v.currentValue),
      unrealisedPnl: total.unrealisedPnl.plus(v.unrealisedPnl),
      dayChange: total.dayChange.plus(v.dayChange),
    }),
    { invested: money(0), currentValue: money(0), unrealisedPnl: money(0), dayChange: money(0) },
  );
}

export interface ValuedHolding {
  holding: Holding;
  price: Price;
  value: Valuation;
}

export interface PortfolioValuation {
  portfolio: Portfolio;
  /** Those with shares, by symbol. */
  holdings: ValuedHolding[];
  total: Valuation;
  /** Over every holding, those sold down to 0 included. */
  realisedPnl: Money;
  stale: boolean;
  asOf: Date;
}
