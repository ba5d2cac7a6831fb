// The embedded price source: a seeded random walk per instrument. Each step stands for one
// second of trading; MARKET_TICK_MS only sets how fast steps are played, so a seed gives the
// same series at any rate.
import { Money } from '@winvestco/common';
import { spreadAround, toTick } from './prices.ts';
import { SeededRandom, seedFor } from './random.ts';
import type { PriceSource, Tick } from './source.ts';

/** NSE's regular session is 6 h 15 min; a year has about 252 sessions. */
const TRADING_SECONDS_PER_YEAR = 252 * 6.25 * 3600;
/** A move beyond four standard deviations in one second is not a market, it is a bug. */
const MAX_SHOCK = 4;
const MEAN_LOTS_PER_TRADE = 40;

export interface SimulatedInstrument {
  symbol: string;
  tickSize: Money;
  lotSize: number;
  /** Annualised volatility (0.25 = 25 %). */
  volatility: number;
  /** Where the walk starts: the last known price. */
  start: Money;
}

interface Walk {
  instrument: SimulatedInstrument;
  random: SeededRandom;
  /** The unrounded price the walk is at; published prices are this on the tick grid. */
  fair: Money;
  sigma: number;
}

export class Simulator implements PriceSource {
  readonly name = 'simulator';
  private readonly walks = new Map<string, Walk>();

  constructor(instruments: readonly SimulatedInstrument[], seed: number) {
    for (const instrument of instruments) {
      // One stream per symbol: adding or removing an instrument leaves the others' series alone.
      this.walks.set(instrument.symbol, {
        instrument,
        random: new SeededRandom(seedFor(seed, instrument.symbol)),
        fair: instrument.start,
        sigma: instrument.volatility / Math.sqrt(TRADING_SECONDS_PER_YEAR),
      });
    }
  }

  next(): Tick[] {
    const ticks: Tick[] = [];
    for (const walk of this.walks.values()) ticks.push(step(walk));
    return ticks;
  }

  moveTo(symbol: string, price: Money): void {
    const walk = this.walks.get(symbol);
    if (walk) walk.fair = price;
  }
}

function step(walk: Walk): Tick {
  const { instrument, random } = walk;
  const shock = Math.max(-MAX_SHOCK, Math.min(MAX_SHOCK, random.normal()));
  // The factor is a ratio near 1 (σ·4 < 1 for any volatility below 2400 %), so the walk stays positive.
  walk.fair = walk.fair.times(new Money(1 + walk.sigma * shock)).toDecimalPlaces(8);
  const last = toTick(walk.fair, instrument.tickSize);
  const lots = 1 + Math.floor(-Math.log(1 - random.next()) * MEAN_LOTS_PER_TRADE);
  return { symbol: instrument.symbol, last, ...spreadAround(last, instrument.tickSize, random.int(1, 3)), volume: lots * instrument.lotSize };
}
