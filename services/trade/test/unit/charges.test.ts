import { expect } from 'chai';
import fc from 'fast-check';
import { money } from '@winvestco/common';
import { chargeSchedule, estimateCharges, fillCharges, orderCharges, sumCharges, turnoverOf } from '../../src/domain/charges.ts';

describe('charges of a delivery trade, as a contract note shows them', () => {
  it('when 100 shares are bought at ₹1,500.00, then the contract note reads: brokerage capped at ₹20, STT, exchange, SEBI, stamp duty, GST', () => {
    // Turnover 1,50,000.00.
    //   brokerage   min(0.03 % = 45.00, 20)          = 20.00
    //   STT         0.1 % = 150.00                   = 150.00
    //   exchange    0.00297 % = 4.455                = 4.46 (half up)
    //   SEBI        ₹10 per crore = 0.15             = 0.15
    //   stamp duty  0.015 % (buy) = 22.50            = 22.50
    //   GST         18 % of (20.00 + 4.46 + 0.15) = 4.4298 = 4.43
    //   total                                        = 201.54
    expect(orderCharges('BUY', turnoverOf(100, '1500.00'))).to.deep.equal({
      turnover: '150000.0000', brokerage: '20.0000', stt: '150.0000', exchangeCharge: '4.4600', sebiFee: '0.1500', stampDuty: '22.5000', gst: '4.4300', total: '201.5400',
    });
  });

  it('when 40 shares are sold at ₹3,512.35, then there is no stamp duty and every line is rounded to the paisa', () => {
    // Turnover 1,40,494.00.
    //   brokerage   min(42.1482, 20)                 = 20.00
    //   STT         140.494                          = 140.49
    //   exchange    4.1726718                        = 4.17
    //   SEBI        0.140494                         = 0.14
    //   stamp duty  (sell side)                      = 0.00
    //   GST         18 % of (20.00 + 4.17 + 0.14) = 4.3758 = 4.38
    //   total                                        = 169.18
    expect(orderCharges('SELL', turnoverOf(40, '3512.35'))).to.deep.equal({
      turnover: '140494.0000', brokerage: '20.0000', stt: '140.4900', exchangeCharge: '4.1700', sebiFee: '0.1400', stampDuty: '0.0000', gst: '4.3800', total: '169.1800',
    });
  });

  it('when the turnover is small, then brokerage is 0.03 % and halves of a paisa round up', () => {
    // 10 × ₹250 = 2,500: brokerage 0.75; exchange 0.07425 → 0.07; stamp 0.375 → 0.38; GST 18 % of 0.82 = 0.1476 → 0.15.
    expect(orderCharges('BUY', '2500')).to.include({ brokerage: '0.7500', stt: '2.5000', exchangeCharge: '0.0700', sebiFee: '0.0000', stampDuty: '0.3800', gst: '0.1500', total: '3.8500' });
  });

  it('when an order fills in parts, then each fill carries the growth of the order’s charges and they add up to the order’s, cap included', () => {
    const fills = [fillCharges('BUY', '0', '50000'), fillCharges('BUY', '50000', '30000'), fillCharges('BUY', '80000', '70000')];
    expect(fills.map((f) => f.brokerage)).to.deep.equal(['15.0000', '5.0000', '0.0000']);
    expect(sumCharges(fills)).to.deep.equal(orderCharges('BUY', '150000'));
  });

  it('whatever the fills of an order, their charges add up exactly to the order’s and no line is negative', () => {
    const fill = fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 500_000 })); // shares, paise
    fc.assert(fc.property(fc.constantFrom('BUY' as const, 'SELL' as const), fc.array(fill, { minLength: 1, maxLength: 12 }), (side, list) => {
      let before = money(0);
      const parts = list.map(([quantity, paise]) => {
        const turnover = turnoverOf(quantity, money(paise).dividedBy(100));
        const part = fillCharges(side, before, turnover);
        before = before.plus(turnover);
        return part;
      });
      expect(sumCharges(parts)).to.deep.equal(orderCharges(side, before));
      for (const part of parts) for (const value of Object.values(part)) expect(money(value).isNegative()).to.equal(false);
    }), { numRuns: 200 });
  });

  it('when the schedule is configured, then its rates apply; STT may round to the rupee as the Finance Act has it', () => {
    expect(orderCharges('BUY', '150000', chargeSchedule({ brokerageCap: '0' }))).to.include({ brokerage: '0.0000', gst: '0.8300' });
    expect(orderCharges('SELL', '140494', chargeSchedule({ sttRounding: 'RUPEE' }))).to.include({ stt: '140.0000' });
    expect(() => chargeSchedule({ sttRate: '-0.1' })).to.throw(/sttRate/);
    expect(() => chargeSchedule({ gstRate: 'lots' })).to.throw(/gstRate/);
  });

  it('when an estimate is asked for, then it gives the whole order’s breakdown at that price, with what was asked', () => {
    expect(estimateCharges({ symbol: 'INFY', side: 'BUY', quantity: 100, price: '1500' })).to.deep.equal({
      symbol: 'INFY', side: 'BUY', quantity: 100, price: '1500.0000', currency: 'INR',
      turnover: '150000.0000', brokerage: '20.0000', stt: '150.0000', exchangeCharge: '4.4600', sebiFee: '0.1500', stampDuty: '22.5000', gst: '4.4300', total: '201.5400',
    });
    expect(() => estimateCharges({ symbol: 'INFY', side: 'BUY', quantity: 0, price: '1500' })).to.throw(/quantity/);
    expect(() => estimateCharges({ symbol: 'INFY', side: 'BUY', quantity: 1, price: '0' })).to.throw(/price/);
  });
});
