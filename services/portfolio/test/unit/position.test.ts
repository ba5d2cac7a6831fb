import { expect } from 'chai';
import fc from 'fast-check';
import { money } from '@winvestco/common';
import { applyBuy, applySell, emptyPosition, realisedBy, sellRefusal, type Fill, type Position } from '../../src/domain/position.ts';

const fill = (quantity: number, price: string, fees = '0'): Fill => ({ quantity, price: money(price), fees: money(fees) });
const shown = (p: Position) => ({ quantity: p.quantity, averageCost: p.averageCost.toFixed(8), realisedPnl: p.realisedPnl.toFixed(4) });

// Fills as the trade contract carries them: whole shares, prices and fees with up to 4 decimals.
const price = fc.integer({ min: 1, max: 50_000_000 }).map((tenThousandths) => money(tenThousandths).dividedBy(10_000));
const fees = fc.integer({ min: 0, max: 200_000 }).map((tenThousandths) => money(tenThousandths).dividedBy(10_000));
const anyFill = fc.record({ quantity: fc.integer({ min: 1, max: 5_000 }), price, fees });
/** A BUY, or a SELL of a share of what is held then (0..1 of it, rounded down). */
const step = fc.oneof(
  fc.record({ side: fc.constant('BUY' as const), fill: anyFill }),
  fc.record({ side: fc.constant('SELL' as const), fill: anyFill, part: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

describe('average cost and realised P&L (docs/domain.md, Portfolio: holdings)', () => {
  it('a BUY into nothing: the average is the price plus the fees per share', () => {
    expect(shown(applyBuy(emptyPosition(), fill(10, '100.00', '5.00')))).to.deep.equal({ quantity: 10, averageCost: '100.50000000', realisedPnl: '0.0000' });
  });

  it('a second BUY: avg = (old qty x old avg + fill qty x fill price + fees) / new qty', () => {
    const first = applyBuy(emptyPosition(), fill(10, '100.00', '5.00'));
    // (10 x 100.5 + 10 x 110 + 5) / 20 = 105.5
    expect(shown(applyBuy(first, fill(10, '110.00', '5.00')))).to.deep.equal({ quantity: 20, averageCost: '105.50000000', realisedPnl: '0.0000' });
  });

  it('a SELL keeps the average and books qty x (price - avg) - fees', () => {
    const held = applyBuy(applyBuy(emptyPosition(), fill(10, '100.00', '5.00')), fill(10, '110.00', '5.00'));
    const after = applySell(held, fill(5, '120.00', '3.00'));
    // 5 x (120 - 105.5) - 3 = 69.5
    expect(shown(after)).to.deep.equal({ quantity: 15, averageCost: '105.50000000', realisedPnl: '69.5000' });
  });

  it('a SELL below the average books a loss, fees included', () => {
    const held = applyBuy(emptyPosition(), fill(4, '250.00', '2.00'));
    expect(realisedBy(held, fill(4, '240.00', '1.50')).toFixed(4)).to.equal('-43.5000');
  });

  it('the average is kept to 8 decimals, rounded half to even', () => {
    // (3 x 100 + 0.01) / 3 = 100.003333...
    expect(applyBuy(emptyPosition(), fill(3, '100.00', '0.01')).averageCost.toFixed()).to.equal('100.00333333');
  });

  it('selling everything keeps the holding at 0 with its average and realised P&L; the next BUY starts a new average', () => {
    const held = applyBuy(emptyPosition(), fill(10, '100.00', '10.00'));
    const closed = applySell(held, fill(10, '110.00', '10.00'));
    expect(shown(closed)).to.deep.equal({ quantity: 0, averageCost: '101.00000000', realisedPnl: '80.0000' });
    expect(shown(applyBuy(closed, fill(2, '50.00')))).to.deep.equal({ quantity: 2, averageCost: '50.00000000', realisedPnl: '80.0000' });
  });

  it('when a SELL is larger than the holding, then it is refused, saying how much is held', () => {
    const held = applyBuy(emptyPosition(), fill(3, '10.00'));
    expect(sellRefusal(held, 4)).to.equal('it sells 4 shares but only 3 are held');
    expect(sellRefusal(held, 3)).to.equal(null);
    expect(() => applySell(held, fill(4, '10.00'))).to.throw(RangeError, /only 3 are held/);
  });

  it('property: across any buys and sells, the quantity is never negative and the average never changes on a sell', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
      let position = emptyPosition();
      for (const s of steps) {
        if (s.side === 'BUY') {
          position = applyBuy(position, s.fill);
        } else {
          const quantity = Math.floor(position.quantity * s.part);
          if (quantity === 0) continue;
          const after = applySell(position, { ...s.fill, quantity });
          expect(after.averageCost.eq(position.averageCost)).to.equal(true);
          position = after;
        }
        expect(position.quantity).to.be.at.least(0);
        expect(position.averageCost.gte(0)).to.equal(true);
      }
    }));
  });

  it('property: selling everything at the average books exactly minus the fees', () => {
    fc.assert(fc.property(fc.array(anyFill, { minLength: 1, maxLength: 10 }), fees, (buys, sellFees) => {
      const held = buys.reduce(applyBuy, emptyPosition());
      const closed = applySell(held, { quantity: held.quantity, price: held.averageCost, fees: sellFees });
      expect(closed.realisedPnl.minus(held.realisedPnl).toFixed(4)).to.equal(sellFees.negated().toFixed(4));
    }));
  });

  it('property: once everything is sold, the realised P&L is what came in minus what went out, to within rounding', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 20 }), anyFill, (steps, last) => {
      let position = emptyPosition();
      let cashFlow = money(0);
      let fills = 0;
      for (const s of [...steps, { side: 'SELL' as const, fill: last, part: 1 }]) {
        const quantity = s.side === 'BUY' ? s.fill.quantity : Math.floor(position.quantity * s.part);
        if (quantity === 0) continue;
        const f = { ...s.fill, quantity };
        fills += 1;
        const traded = f.price.times(quantity);
        if (s.side === 'BUY') {
          position = applyBuy(position, f);
          cashFlow = cashFlow.minus(traded).minus(f.fees);
        } else {
          position = applySell(position, f);
          cashFlow = cashFlow.plus(traded).minus(f.fees);
        }
      }
      expect(position.quantity).to.equal(0);
      // Each fill rounds once: a BUY the average to 8 decimals (at most 0.5e-8 on up to
      // 21 x 5,000 shares held), a SELL its P&L to 4 (at most 0.00005).
      expect(position.realisedPnl.minus(cashFlow).abs().toNumber()).to.be.at.most(fills * 0.001);
    }));
  });
});
