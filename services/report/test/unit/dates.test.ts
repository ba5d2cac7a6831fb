import { expect } from 'chai';
import { addMonths, financialYearOf, isCalendarDate, isLongTerm, istDate } from '../../src/domain/dates.ts';

describe('report dates: India\'s calendar, the financial year, twelve months', () => {
  it('when an instant is after 18:30 UTC, then it is already the next day in India', () => {
    expect(istDate(new Date('2026-03-31T18:29:59Z'))).to.equal('2026-03-31');
    expect(istDate(new Date('2026-03-31T18:30:00Z'))).to.equal('2026-04-01');
  });

  it('when a date is 31 March or 1 April, then it falls in the financial year that ends or starts there', () => {
    expect(financialYearOf('2026-03-31')).to.deep.equal({ label: 'FY 2025-26', from: '2025-04-01', to: '2026-03-31' });
    expect(financialYearOf('2026-04-01')).to.deep.equal({ label: 'FY 2026-27', from: '2026-04-01', to: '2027-03-31' });
    expect(financialYearOf('2026-01-15').label).to.equal('FY 2025-26');
    expect(financialYearOf('2099-12-31').label).to.equal('FY 2099-00');
  });

  it('when a holding is sold exactly twelve months after its purchase, then it is short-term; a day later long-term', () => {
    expect(isLongTerm('2024-04-10', '2025-04-10')).to.equal(false);
    expect(isLongTerm('2024-04-10', '2025-04-11')).to.equal(true);
    // 29 February plus twelve months is 28 February.
    expect(addMonths('2024-02-29', 12)).to.equal('2025-02-28');
    expect(isLongTerm('2024-02-29', '2025-02-28')).to.equal(false);
    expect(isLongTerm('2024-02-29', '2025-03-01')).to.equal(true);
    expect(addMonths('2025-11-30', 3)).to.equal('2026-02-28');
  });

  it('when a date is not a real calendar date, then it is refused', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', 'yesterday']) expect(isCalendarDate(bad), bad).to.equal(false);
    expect(isCalendarDate('2024-02-29')).to.equal(true);
  });
});
