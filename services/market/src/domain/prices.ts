// Prices live on the instrument's tick grid and are never zero or negative.
import { Money } from '@winvestco/common';

export function isOnTick(price: Money, tickSize: Money): boolean {
  return price.mod(tickSize).isZero();
}

/** The nearest price on the tick grid (halves to even), and at least one tick. */
export function toTick(value: Money, tickSize: Money): Money {
  const ticks = value.div(tickSize).toDecimalPlaces(0, Money.ROUND_HALF_EVEN);
  return Money.max(ticks, 1).times(tickSize);
}

/** Bid and ask `ticks` ticks either side of the last price; the bid never drops below one tick. */
export function spreadAround(last: Money, tickSize: Money, ticks: number): { bid: Money; ask: Money } {
  const half = tickSize.times(ticks);
  return { bid: Money.max(last.minus(half), tickSize), ask: last.plus(half) };
}
