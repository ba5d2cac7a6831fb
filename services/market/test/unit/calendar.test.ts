import { expect } from 'chai';
import { exchangeDate, marketStatus, NSE_HOURS, type CalendarRules } from '../../src/domain/calendar.ts';

// Monday 5 January 2026; Asia/Kolkata is UTC+05:30, so 09:15 IST is 03:45Z and 15:30 IST is 10:00Z.
const utc = (text: string) => new Date(text);
const rules = (holidays: string[] = [], alwaysOpen = false): CalendarRules => ({ alwaysOpen, holidays: new Set(holidays), hours: NSE_HOURS });

describe('the trading calendar: NSE 09:15–15:30 Asia/Kolkata on weekdays that are not holidays', () => {
  it('when it is 09:15 IST on a weekday, then the market is open and says when the session closes', () => {
    expect(marketStatus(rules(), utc('2026-01-05T03:45:00Z'))).to.deep.equal({ open: true, alwaysOpen: false, sessionCloses: utc('2026-01-05T10:00:00Z') });
  });

  it('when it is a moment before 09:15 IST, then it is closed and opens at 09:15 IST the same day', () => {
    expect(marketStatus(rules(), utc('2026-01-05T03:44:59.999Z'))).to.deep.equal({ open: false, alwaysOpen: false, nextOpen: utc('2026-01-05T03:45:00Z') });
  });

  it('when it is 15:30 IST, then the session has closed and the next opens the next morning', () => {
    expect(marketStatus(rules(), utc('2026-01-05T09:59:59.999Z')).open).to.equal(true);
    expect(marketStatus(rules(), utc('2026-01-05T10:00:00Z'))).to.deep.equal({ open: false, alwaysOpen: false, nextOpen: utc('2026-01-06T03:45:00Z') });
  });

  it('when it is the weekend, then it is closed until Monday 09:15 IST', () => {
    expect(marketStatus(rules(), utc('2026-01-10T06:00:00Z'))).to.deep.equal({ open: false, alwaysOpen: false, nextOpen: utc('2026-01-12T03:45:00Z') });
  });

  it('when Friday has closed and Monday is a holiday, then the next session is Tuesday', () => {
    expect(marketStatus(rules(['2026-01-26']), utc('2026-01-23T11:00:00Z')).nextOpen).to.deep.equal(utc('2026-01-27T03:45:00Z'));
  });

  it('when a weekday is a holiday, then it is closed during trading hours', () => {
    expect(marketStatus(rules(['2026-01-05']), utc('2026-01-05T06:00:00Z'))).to.deep.equal({ open: false, alwaysOpen: false, nextOpen: utc('2026-01-06T03:45:00Z') });
  });

  it('the exchange day starts at midnight IST (18:30 UTC the day before)', () => {
    expect(exchangeDate(utc('2026-01-05T18:29:59.999Z'))).to.equal('2026-01-05');
    expect(exchangeDate(utc('2026-01-05T18:30:00Z'))).to.equal('2026-01-06');
  });

  it('when the market is always open, then it is open at any time, with no close and no next open', () => {
    for (const at of ['2026-01-10T06:00:00Z', '2026-01-05T20:00:00Z', '2026-01-26T06:00:00Z']) {
      expect(marketStatus(rules(['2026-01-26'], true), utc(at))).to.deep.equal({ open: true, alwaysOpen: true });
    }
  });
});
