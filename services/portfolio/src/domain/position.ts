// A holding's cost basis and realised P&L under fills (docs/domain.md, "Portfolio: holdings"):
//   BUY:  avg = (old qty x old avg + fill qty x fill price + fees) / new qty
//   SELL: avg unchanged, realised P&L += qty x (price - avg) - fees
import { money, type Money } from '@winvestco/common';

/** The average cost is a quotient: kept to 8 decimals (see the migration), shown with 4. */
export const AVERAGE_COST_DECIMALS = 8;
const MONEY_DECIMALS = 4;

export interface Position {
  /** Whole shares. */
  quantity: number;
  /** Per share, buy fees included. */
  averageCost: Money;
  realisedPnl: Money;
}

export interface Fill {
  quantity: number;
  price: Money;
  fees: Money;
}

export const emptyPosition = (): Position => ({ quantity: 0, averageCost: money(0), realisedPnl: money(0) });

export function applyBuy(position: Position, fill: Fill): Position {
  const quantity = position.quantity + fill.quantity;
  const cost = position.averageCost.times(position.quantity).plus(fill.price.times(fill.quantity)).plus(fill.fees);
  return { quantity, averageCost: cost.dividedBy(quantity).toDecimalPlaces(AVERAGE_COST_DECIMALS), realisedPnl: position.realisedPnl };
}

/** Why `quantity` shares cannot be sold out of `position`, or null. */
export function sellRefusal(position: Position, quantity: number): string | null {
  return quantity > position.quantity ? `it sells ${quantity} shares but only ${position.quantity} are held` : null;
}

/** What one SELL fill books: qty x (price - avg) - fees, to 4 decimals. */
export function realisedBy(position: Position, fill: Fill): Money {
  return fill.price.minus(position.averageCost).times(fill.quantity).minus(fill.fees).toDecimalPlaces(MONEY_DECIMALS);
}

export function applySell(position: Position, fill: Fill): Position {
  const refusal = sellRefusal(position, fill.quantity);
  if (refusal) throw new RangeError(refusal);
  return {
    quantity: position.quantity - fill.quantity,
    averageCost: position.averageCost,
    realisedPnl: position.realisedPnl.plus(realisedBy(position, fill)),
  };
}
