// Holdings and realised P&L by average cost, the portfolio service's method (docs/domain.md,
// "Portfolio: holdings"), so a report's figures equal the portfolio's:
//   BUY:  avg = (qty x avg + fill qty x price + fees) / new qty   (8 decimals)
//   SELL: avg unchanged, realised += qty x (price - avg) - fees   (4 decimals)
import { money, MONEY_DECIMALS, type Money } from '@winvestco/common';
import { chronological, type Fill } from './facts.ts';

const AVERAGE_DECIMALS = 8;

export interface Position {
  symbol: string;
  quantity: number;
  averageCost: Money;
  realisedPnl: Money;
  charges: Money;
}

/** What one SELL fill realised, with the average cost it was measured against. */
export interface Realisation {
  fill: Fill;
  averageCost: Money;
  cost: Money;
  proceeds: Money;
  realised: Money;
}

export interface Book {
  positions: Map<string, Position>;
  realisations: Realisation[];
  /** SELL quantity beyond what was held (never, when the portfolio service refused it). */
  unmatched: { executionId: string; quantity: number }[];
}

export function replayPositions(fills: readonly Fill[]): Book {
  const positions = new Map<string, Position>();
  const realisations: Realisation[] = [];
  const unmatched: Book['unmatched'] = [];
  for (const fill of chronological(fills)) {
    const p = positions.get(fill.symbol) ?? { symbol: fill.symbol, quantity: 0, averageCost: money(0), realisedPnl: money(0), charges: money(0) };
    p.charges = p.charges.plus(fill.fees);
    if (fill.side === 'BUY') {
      const quantity = p.quantity + fill.quantity;
      const cost = p.averageCost.times(p.quantity).plus(fill.price.times(fill.quantity)).plus(fill.fees);
      p.averageCost = cost.dividedBy(quantity).toDecimalPlaces(AVERAGE_DECIMALS);
      p.quantity = quantity;
    } else {
      if (fill.quantity > p.quantity) unmatched.push({ executionId: fill.executionId, quantity: fill.quantity - p.quantity });
      const sold = Math.min(fill.quantity, p.quantity);
      const realised = fill.price.minus(p.averageCost).times(sold).minus(fill.fees).toDecimalPlaces(MONEY_DECIMALS);
      realisations.push({
        fill, averageCost: p.averageCost, cost: p.averageCost.times(sold).toDecimalPlaces(MONEY_DECIMALS), proceeds: fill.price.times(sold), realised,
      });
      p.realisedPnl = p.realisedPnl.plus(realised);
      p.quantity -= sold;
    }
    positions.set(fill.symbol, p);
  }
  return { positions, realisations, unmatched };
}

export interface Valuation {
  invested: Money;
  currentValue: Money;
  unrealisedPnl: Money;
  /** The price used: the last quote seen, or the average cost when no quote was (no unrealised P&L then). */
  price: Money;
  priceAt: Date | null;
}

/** As the portfolio values a holding: invested = qty x avg (4 decimals), value = qty x last. */
export function valuePosition(position: Position, quote: { last: Money; at: Date } | undefined): Valuation {
  const invested = position.averageCost.times(position.quantity).toDecimalPlaces(MONEY_DECIMALS);
  const price = quote?.last ?? position.averageCost.toDecimalPlaces(MONEY_DECIMALS);
  const currentValue = quote ? quote.last.times(position.quantity).toDecimalPlaces(MONEY_DECIMALS) : invested;
  return { invested, currentValue, unrealisedPnl: currentValue.minus(invested), price, priceAt: quote?.at ?? null };
}
