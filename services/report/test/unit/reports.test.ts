import { expect } from 'chai';
import { money } from '@winvestco/common';
import { replayPositions } from '../../src/domain/positions.ts';
import { contractNote, defaultPeriod, holdingsSummary, profitAndLoss, transactionHistory } from '../../src/domain/reports.ts';
import { entry, fill } from './world.ts';

const USER = '11111111-1111-4111-8111-111111111111';
const owner = { userId: USER, reportId: '22222222-2222-4222-8222-222222222222', generatedAt: new Date('2026-12-03T10:00:00Z') };

describe('reports: the five documents from projection rows', () => {
  it('when a request gives no dates, then TAX is this financial year, CONTRACT_NOTE today, the others everything so far', () => {
    expect(defaultPeriod('TAX', '2026-12-03', null, null)).to.deep.equal({ from: '2026-04-01', to: '2027-03-31' });
    expect(defaultPeriod('TAX', '2027-02-01', '2026-05-01', null)).to.deep.equal({ from: '2026-04-01', to: '2027-03-31' });
    expect(defaultPeriod('CONTRACT_NOTE', '2026-12-03', null, null)).to.deep.equal({ from: '2026-12-03', to: '2026-12-03' });
    expect(defaultPeriod('PNL', '2026-12-03', null, null)).to.deep.equal({ from: null, to: '2026-12-03' });
    expect(defaultPeriod('TRANSACTION_HISTORY', '2026-12-03', '2026-11-01', null)).to.deep.equal({ from: '2026-11-01', to: '2026-12-03' });
  });

  it('when she buys and sells, then the average cost and realised P&L are the portfolio service\'s (buy fees in the cost)', () => {
    const book = replayPositions([fill('BUY', 10, 'INFY', '1500.10', '2026-12-01T05:00:00Z', '6.2345'), fill('SELL', 4, 'INFY', '1600', '2026-12-02T05:00:00Z', '2')]);
    const p = book.positions.get('INFY')!;
    expect(p.quantity).to.equal(6);
    expect(p.averageCost.toFixed(8)).to.equal('1500.72345000');
    expect(p.realisedPnl.toFixed(4)).to.equal('395.1062');
  });

  it('P&L: realised by month and symbol in the period, unrealised on what is held at the last price', () => {
    const fills = [
      fill('BUY', 10, 'INFY', '1000', '2026-10-01T05:00:00Z', '10'), fill('SELL', 5, 'INFY', '1100', '2026-11-01T05:00:00Z', '5'),
      fill('SELL', 2, 'INFY', '1200', '2026-12-01T05:00:00Z', '2'),
    ];
    const prices = new Map([['INFY', { last: money('1300'), at: new Date('2026-12-03T09:00:00Z') }]]);
    const doc = profitAndLoss(owner, { from: '2026-11-15', to: '2026-12-03' }, fills, prices);
    expect(doc.sections[0]!.rows).to.deep.equal([{ month: '2026-12', symbol: 'INFY', quantity: 2, proceeds: '2400.0000', cost: '2002.0000', charges: '2.0000', realised: '396.0000' }]);
    // 3 held at 1001 each; at 1300: 3 x 299.
    expect(doc.totals).to.include({ realised: '396.0000', unrealised: '897.0000', charges: '2.0000' });
  });

  it('holdings: quantity, cost, value and weight per symbol, totals over all', () => {
    const fills = [fill('BUY', 10, 'INFY', '1000', '2026-10-01T05:00:00Z'), fill('BUY', 5, 'TCS', '4000', '2026-10-01T05:00:00Z')];
    const doc = holdingsSummary(owner, { from: null, to: '2026-12-03' }, fills, new Map([['INFY', { last: money('1500'), at: new Date() }]]));
    expect(doc.sections[0]!.rows.map((r) => [r.symbol, r.quantity, r.value, r.weight])).to.deep.equal([['INFY', 10, '15000.0000', '42.86'], ['TCS', 5, '20000.0000', '57.14']]);
    expect(doc.totals).to.include({ invested: '30000.0000', currentValue: '35000.0000', unrealised: '5000.0000', 'quantity:INFY': 10 });
  });

  it('contract note: one section per trading day in India, each fill with its charges, totals per day and in all', () => {
    const charges = { brokerage: '3.0000', stt: '15.0000', exchangeCharge: '0.4500', sebiFee: '0.0150', stampDuty: '2.2500', gst: '0.6237' };
    const fills = [
      fill('BUY', 10, 'INFY', '1500', '2026-12-02T04:00:00Z', '21.3387', charges),
      // 19:00 UTC is already 3 December in India.
      fill('SELL', 4, 'INFY', '1600', '2026-12-02T19:00:00Z', '10.0000', { brokerage: '10.0000' }),
    ];
    const doc = contractNote(owner, { from: '2026-12-02', to: '2026-12-03' }, fills);
    expect(doc.sections.map((s) => s.heading)).to.deep.equal(['Trading day 2 Dec 2026', 'Trading day 3 Dec 2026']);
    expect(doc.sections[0]!.rows[0]).to.include({ side: 'B', value: '15000.0000', stt: '15.0000', gst: '0.6237', fees: '21.3387', net: '-15021.3387' });
    expect(doc.sections[1]!.rows[0]).to.include({ side: 'S', net: '6390.0000' });
    expect(doc.totals).to.include({ fills: 2, buyValue: '15000.0000', sellValue: '6400.0000', charges: '31.3387', brokerage: '13.0000', net: '-8631.3387' });
  });

  it('statement: money in and out of her balance, blocking and releasing left out, closing = available + blocked', () => {
    const cash = `cash:${USER}`;
    const locked = `cash-locked:${USER}`;
    const entries = [
      entry('DEPOSIT', '2026-11-30T05:00:00Z', [['payment-gateway', '1000', '0'], [cash, '0', '1000']]),
      entry('LOCK', '2026-12-01T05:00:00Z', [[cash, '500', '0'], [locked, '0', '500']]),
      entry('SETTLE', '2026-12-01T05:00:01Z', [[locked, '400', '0'], ['exchange-settlement', '0', '398'], ['fees-revenue', '0', '2']]),
      entry('RELEASE', '2026-12-01T05:00:02Z', [[locked, '100', '0'], [cash, '0', '100']]),
      entry('LOCK', '2026-12-02T05:00:00Z', [[cash, '50', '0'], [locked, '0', '50']]),
    ];
    const facts = { entries, orders: [], wallet: { available: money('550'), locked: money('50') }, currency: 'INR' };
    const all = transactionHistory(owner, { from: null, to: '2026-12-03' }, facts);
    expect(all.sections[0]!.rows.map((r) => [r.description, r.debit, r.credit, r.balance])).to.deep.equal([
      ['Deposit received', null, '1000.0000', '1000.0000'], ['Purchase settled', '400.0000', null, '600.0000'],
    ]);
    expect(all.totals).to.include({
      openingBalance: '0.0000', credits: '1000.0000', debits: '400.0000', closingBalance: '600.0000', available: '550.0000', locked: '50.0000', walletAvailable: '550.0000', walletLocked: '50.0000',
    });
    const december = transactionHistory(owner, { from: '2026-12-01', to: '2026-12-03' }, facts);
    expect(december.totals).to.include({ openingBalance: '1000.0000', credits: '0.0000', debits: '400.0000', closingBalance: '600.0000' });
  });
});
