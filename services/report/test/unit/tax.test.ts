import { expect } from 'chai';
import { formatMoney, sumMoney } from '@winvestco/common';
import { financialYearOf } from '../../src/domain/dates.ts';
import { matchFifo } from '../../src/domain/lots.ts';
import { capitalGainsTax } from '../../src/domain/tax.ts';
import { taxStatement } from '../../src/domain/reports.ts';
import { fill } from './world.ts';

const FY = financialYearOf('2025-10-01');
const owner = { userId: '11111111-1111-4111-8111-111111111111', reportId: '22222222-2222-4222-8222-222222222222', generatedAt: new Date('2026-04-02T10:00:00Z') };

describe('tax: capital gains by FIFO lots for one Indian financial year', () => {
  it('when a sale spans two lots, then the oldest is consumed first, cost and proceeds split by quantity, and the pieces sum exactly', () => {
    const fills = [
      fill('BUY', 100, 'INFY', '1000', '2024-01-10T05:00:00Z', '100'),
      fill('BUY', 50, 'INFY', '1200', '2025-06-01T05:00:00Z', '60'),
      fill('SELL', 120, 'INFY', '1500', '2025-07-01T05:00:00Z', '180'),
    ];
    const { matches, open } = matchFifo(fills);
    expect(matches.map((m) => [m.quantity, m.acquiredOn, m.term, formatMoney(m.cost), formatMoney(m.proceeds), formatMoney(m.gain)])).to.deep.equal([
      [100, '2024-01-10', 'LONG', '100100.0000', '149850.0000', '49750.0000'],
      [20, '2025-06-01', 'SHORT', '24024.0000', '29970.0000', '5946.0000'],
    ]);
    expect(formatMoney(sumMoney(matches.map((m) => m.proceeds)))).to.equal('179820.0000');
    expect(open).to.have.length(1);
    expect(open[0]).to.include({ quantity: 30 });
    expect(formatMoney(open[0]!.cost)).to.equal('36036.0000');
  });

  it('when proceeds do not divide evenly, then the last piece takes the remainder and nothing is lost to rounding', () => {
    const fills = [
      fill('BUY', 1, 'TCS', '100', '2025-05-01T05:00:00Z', '0.01'),
      fill('BUY', 1, 'TCS', '100', '2025-05-02T05:00:00Z', '0.01'),
      fill('BUY', 1, 'TCS', '100', '2025-05-03T05:00:00Z', '0.01'),
      fill('SELL', 3, 'TCS', '110', '2025-06-01T05:00:00Z', '0.01'),
    ];
    const { matches } = matchFifo(fills);
    expect(matches.map((m) => formatMoney(m.proceeds))).to.deep.equal(['109.9967', '109.9966', '109.9967']);
    expect(formatMoney(sumMoney(matches.map((m) => m.proceeds)))).to.equal('329.9900');
  });

  it('worked example: ₹5,946 short-term and ₹1,49,750 long-term in FY 2025-26 → ₹1,189.20 + ₹3,093.75 tax', () => {
    const fills = [
      fill('BUY', 100, 'INFY', '1000', '2024-01-10T05:00:00Z', '100'),
      fill('BUY', 50, 'INFY', '1200', '2025-06-01T05:00:00Z', '60'),
      fill('SELL', 120, 'INFY', '1500', '2025-07-01T05:00:00Z', '180'),
      fill('BUY', 300, 'TCS', '500', '2023-05-01T05:00:00Z'),
      // 23:30 on 31 March in India: the last minutes of FY 2025-26.
      fill('SELL', 200, 'TCS', '1000', '2026-03-31T18:00:00Z'),
      // 00:01 on 1 April in India: the next year, not this one.
      fill('SELL', 100, 'TCS', '1000', '2026-03-31T18:31:00Z'),
    ];
    const tax = capitalGainsTax(matchFifo(fills).matches, FY);
    expect(formatMoney(tax.shortTermGain)).to.equal('5946.0000');
    expect(formatMoney(tax.longTermGain)).to.equal('149750.0000');
    expect(formatMoney(tax.exemption)).to.equal('125000.0000');
    expect(formatMoney(tax.taxableLongTerm)).to.equal('24750.0000');
    expect(formatMoney(tax.shortTermTax)).to.equal('1189.2000');
    expect(formatMoney(tax.longTermTax)).to.equal('3093.7500');
    expect(formatMoney(tax.totalTax)).to.equal('4282.9500');
    expect(tax.longTerm.map((l) => l.soldOn)).to.deep.equal(['2025-07-01', '2026-03-31']);

    const doc = taxStatement(owner, FY, fills);
    expect(doc.totals).to.include({ financialYear: 'FY 2025-26', totalTax: '4282.9500', lots: 3 });
    expect(doc.sections.map((s) => s.rows.length)).to.deep.equal([1, 2]);
    expect(doc.sections[1]!.rows[1]).to.include({ symbol: 'TCS', quantity: 200, acquiredOn: '2023-05-01', soldOn: '2026-03-31', gain: '100000.0000' });
  });

  it('when long-term gains stay under ₹1,25,000, then no long-term tax is due', () => {
    const fills = [fill('BUY', 10, 'INFY', '1000', '2023-04-01T05:00:00Z'), fill('SELL', 10, 'INFY', '2000', '2025-04-01T05:00:00Z')];
    const tax = capitalGainsTax(matchFifo(fills).matches, FY);
    expect(formatMoney(tax.longTermGain)).to.equal('10000.0000');
    expect(formatMoney(tax.exemption)).to.equal('10000.0000');
    expect(formatMoney(tax.longTermTax)).to.equal('0.0000');
  });

  it('when short-term is a net loss, then it is set off against long-term gains before the exemption; a long-term loss is carried forward', () => {
    const fills = [
      fill('BUY', 10, 'A', '2000', '2025-05-01T05:00:00Z'), fill('SELL', 10, 'A', '1000', '2025-06-01T05:00:00Z'),
      fill('BUY', 100, 'B', '1000', '2023-05-01T05:00:00Z'), fill('SELL', 100, 'B', '2500', '2025-06-01T05:00:00Z'),
    ];
    const tax = capitalGainsTax(matchFifo(fills).matches, FY);
    expect(formatMoney(tax.shortTermGain)).to.equal('-10000.0000');
    expect(formatMoney(tax.setOff)).to.equal('10000.0000');
    expect(formatMoney(tax.taxableShortTerm)).to.equal('0.0000');
    expect(formatMoney(tax.taxableLongTerm)).to.equal('15000.0000');
    expect(formatMoney(tax.longTermTax)).to.equal('1875.0000');

    const loss = capitalGainsTax(matchFifo([fill('BUY', 1, 'C', '500', '2023-05-01T05:00:00Z'), fill('SELL', 1, 'C', '300', '2025-06-01T05:00:00Z')]).matches, FY);
    expect(formatMoney(loss.longTermLossCarriedForward)).to.equal('200.0000');
    expect(formatMoney(loss.totalTax)).to.equal('0.0000');
  });

  it('when sales fall in another year, then they are not in this one', () => {
    const fills = [fill('BUY', 1, 'A', '100', '2024-05-01T05:00:00Z'), fill('SELL', 1, 'A', '200', '2025-03-31T18:29:00Z')];
    const tax = capitalGainsTax(matchFifo(fills).matches, FY);
    expect(tax.shortTerm.length + tax.longTerm.length).to.equal(0);
  });
});
