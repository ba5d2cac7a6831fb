import type { Money } from '@winvestco/common';

/** One price update of one instrument: a trade at `last` of `volume` shares, and the book around it. */
export interface Tick {
  symbol: string;
  last: Money;
  bid: Money;
  ask: Money;
  volume: number;
}

/**
 * Where prices come from. The feed asks for the next step every MARKET_TICK_MS; a source
 * answers one tick per instrument it prices (or none, when it has nothing new).
 */
export interface PriceSource {
  readonly name: string;
  next(): Tick[];
  /** A price was set from outside (the test control): continue from there if the source can. */
  moveTo(symbol: string, price: Money): void;
}
