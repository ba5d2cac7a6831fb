import { expect } from 'chai';
import { money } from '@winvestco/common';
import { addUp, isStale, priceOf, valueHolding, type Quote } from '../../src/domain/valuation.ts';

const at = new Date('2026-01-05T10:00:00.000Z');
const quote = (last: string, previousClose: string | null = null): Quote => ({ symbol: 'INFY', last: money(last), previousClose: previousClose === null ? null : money(previousClose), at });
const shown = (v: ReturnType<typeof valueHolding>) => Object.fromEntries(Object.entries(v).map(([k, d]) => [k, d.toFixed(4)]));

describe('valuing holdings', () => {
  it('a fresh quote is a MARKET price, not stale', () => {
    const price = priceOf(money('100'), quote('1600.5'), quote('1500'));
    expect(price).to.include({ source: 'MARKET', at });
    expect(price.last.toFixed(4)).to.equal('1600.5000');
    expect(isStale(price)).to.equal(false);
  });

  it('without a fresh quote, the last one kept is used, marked stale', () => {
    const price = priceOf(money('100'), undefined, quote('1500'));
    expect(price.source).to.equal('LAST_KNOWN');
    expect(price.last.toFixed(4)).to.equal('1500.0000');
    expect(isStale(price)).to.equal(true);
  });

  it('with no quote ever seen, the average cost is the price, so no gain or loss is made up', () => {
    const price = priceOf(money('101.00333333'), undefined, undefined);
    expect(price).to.include({ source: 'AVERAGE_COST', previousClose: null, at: null });
    expect(shown(valueHolding(3, money('101.00333333'), price))).to.deep.equal({ invested: '303.0100', currentValue: '303.0100', unrealisedPnl: '0.0000', dayChange: '0.0000' });
  });

  it('value, unrealised P&L and day change of a holding, each rounded to 4 decimals so they add up', () => {
    const value = valueHolding(10, money('100.5'), priceOf(money('100.5'), quote('110.25', '108.00'), undefined));
    expect(shown(value)).to.deep.equal({ invested: '1005.0000', currentValue: '1102.5000', unrealisedPnl: '97.5000', dayChange: '22.5000' });
  });

  it('totals add up the holdings', () => {
    const a = valueHolding(10, money('100'), priceOf(money('100'), quote('110', '105'), undefined));
    const b = valueHolding(2, money('50'), priceOf(money('50'), quote('40', '45'), undefined));
    expect(shown(addUp([a, b]))).to.deep.equal({ invested: '1100.0000', currentValue: '1180.0000', unrealisedPnl: '80.0000', dayChange: '40.0000' });
    expect(shown(addUp([]))).to.deep.equal({ invested: '0.0000', currentValue: '0.0000', unrealisedPnl: '0.0000', dayChange: '0.0000' });
  });
});
