import { expect } from 'chai';
import fc from 'fast-check';
import { money } from '@winvestco/common';
import { isOnTick } from '../../src/domain/prices.ts';
import { Simulator, type SimulatedInstrument } from '../../src/domain/simulator.ts';

const INFY: SimulatedInstrument = { symbol: 'INFY', tickSize: money('0.10'), lotSize: 1, volatility: 0.25, start: money('1500') };
const TCS: SimulatedInstrument = { symbol: 'TCS', tickSize: money('0.10'), lotSize: 1, volatility: 0.22, start: money('3100') };

function series(simulator: Simulator, steps: number): string[] {
  return Array.from({ length: steps }, () => simulator.next().map((t) => `${t.symbol} ${t.last.toFixed()} ${t.bid.toFixed()} ${t.ask.toFixed()} ${t.volume}`).join('|'));
}

describe('the price simulator: a seeded random walk per instrument', () => {
  it('when two simulators get the same seed, then they produce the same ticks', () => {
    expect(series(new Simulator([INFY, TCS], 7), 2000)).to.deep.equal(series(new Simulator([INFY, TCS], 7), 2000));
  });

  it('when the seed differs, then the series differs', () => {
    expect(series(new Simulator([INFY], 7), 200)).not.to.deep.equal(series(new Simulator([INFY], 8), 200));
  });

  it("an instrument's series does not depend on which other instruments are simulated", () => {
    const alone = new Simulator([INFY], 7);
    const together = new Simulator([TCS, INFY], 7);
    for (let i = 0; i < 500; i += 1) {
      const mine = together.next().find((t) => t.symbol === 'INFY')!;
      expect(mine.last.toFixed()).to.equal(alone.next()[0]!.last.toFixed());
    }
  });

  it('the price moves (it is a walk, not a constant)', () => {
    const prices = new Set(series(new Simulator([INFY], 1), 3600));
    expect(prices.size).to.be.greaterThan(100);
  });

  it('when a price is set from outside, then the walk carries on from there', () => {
    const simulator = new Simulator([INFY], 3);
    simulator.moveTo('INFY', money('2000.00'));
    const next = simulator.next()[0]!.last;
    expect(next.minus(2000).abs().toNumber()).to.be.lessThan(10);
  });

  it('property: for any seed, tick size, start and volatility, prices stay on the tick and positive, bid <= last <= ask, volume in whole lots', function () {
    // 18,000 decimal ticks: about a second alone, several on a machine busy with other runs.
    this.timeout(30_000);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom('0.01', '0.05', '0.10', '0.50', '1.00', '5.00'),
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0.05, max: 1.5, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        (seed, tick, startTicks, volatility, lotSize) => {
          const tickSize = money(tick);
          const simulator = new Simulator([{ symbol: 'X', tickSize, lotSize, volatility, start: tickSize.times(startTicks) }], seed);
          for (let i = 0; i < 300; i += 1) {
            const t = simulator.next()[0]!;
            expect(isOnTick(t.last, tickSize) && isOnTick(t.bid, tickSize) && isOnTick(t.ask, tickSize), `${t.last.toFixed()} on ${tick}`).to.equal(true);
            expect(t.last.gt(0) && t.bid.gt(0)).to.equal(true);
            expect(t.bid.lte(t.last) && t.last.lt(t.ask)).to.equal(true);
            expect(t.volume % lotSize === 0 && t.volume > 0).to.equal(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a price one tick above zero stays positive however the walk falls', () => {
    const simulator = new Simulator([{ symbol: 'PENNY', tickSize: money('0.01'), lotSize: 1, volatility: 1.9, start: money('0.01') }], 11);
    for (let i = 0; i < 5000; i += 1) expect(simulator.next()[0]!.last.gte('0.01')).to.equal(true);
  });
});
