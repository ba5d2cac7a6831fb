// Capital gains by FIFO lots: each BUY fill opens a lot (its cost includes its charges);
// each SELL consumes the oldest lots first. A piece of a lot carries its share of the lot's
// cost and of the sale's proceeds (net of the sale's charges) in proportion to its
// quantity; the last piece takes what is left, so the pieces always sum exactly.
import { MONEY_DECIMALS, type Money } from '@winvestco/common';
import { istDate, isLongTerm, daysBetween } from './dates.ts';
import { chronological, type Fill } from './facts.ts';

export interface Lot {
  symbol: string;
  buyExecutionId: string;
  acquiredOn: string;
  quantity: number;
  /** What the quantity left in the lot cost, buy charges included. */
  cost: Money;
}

/** One sale's match with one lot. */
export interface MatchedLot {
  symbol: string;
  quantity: number;
  buyExecutionId: string;
  sellExecutionId: string;
  acquiredOn: string;
  soldOn: string;
  daysHeld: number;
  term: 'SHORT' | 'LONG';
  cost: Money;
  proceeds: Money;
  gain: Money;
}

export interface FifoResult {
  matches: MatchedLot[];
  /** Lots still held, oldest first per symbol. */
  open: Lot[];
  unmatched: { executionId: string; quantity: number }[];
}

/** `part` of `whole` in proportion `q / of`, to 4 decimals; all of it when q is all. */
function share(whole: Money, q: number, of: number): Money {
  return q === of ? whole : whole.times(q).dividedBy(of).toDecimalPlaces(MONEY_DECIMALS);
}

export function matchFifo(fills: readonly Fill[]): FifoResult {
  const lots = new Map<string, Lot[]>();
  const matches: MatchedLot[] = [];
  const unmatched: FifoResult['unmatched'] = [];
  for (const fill of chronological(fills)) {
    const queue = lots.get(fill.symbol) ?? [];
    lots.set(fill.symbol, queue);
    if (fill.side === 'BUY') {
      queue.push({
        symbol: fill.symbol, buyExecutionId: fill.executionId, acquiredOn: istDate(fill.executedAt), quantity: fill.quantity,
        cost: fill.price.times(fill.quantity).plus(fill.fees),
      });
      continue;
    }
    const soldOn = istDate(fill.executedAt);
    let proceedsLeft = fill.price.times(fill.quantity).minus(fill.fees);
    let toSell = fill.quantity;
    while (toSell > 0 && queue.length > 0) {
      const lot = queue[0]!;
      const q = Math.min(toSell, lot.quantity);
      const cost = share(lot.cost, q, lot.quantity);
      const proceeds = share(proceedsLeft, q, toSell);
      matches.push({
        symbol: fill.symbol, quantity: q, buyExecutionId: lot.buyExecutionId, sellExecutionId: fill.executionId, acquiredOn: lot.acquiredOn, soldOn,
        daysHeld: daysBetween(lot.acquiredOn, soldOn), term: isLongTerm(lot.acquiredOn, soldOn) ? 'LONG' : 'SHORT', cost, proceeds, gain: proceeds.minus(cost),
      });
      lot.quantity -= q;
      lot.cost = lot.cost.minus(cost);
      proceedsLeft = proceedsLeft.minus(proceeds);
      toSell -= q;
      if (lot.quantity === 0) queue.shift();
    }
    if (toSell > 0) unmatched.push({ executionId: fill.executionId, quantity: toSell });
  }
  return { matches, open: [...lots.values()].flat(), unmatched };
}

