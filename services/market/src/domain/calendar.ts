// The exchange's trading calendar: NSE's regular session on weekdays that are not holidays,
// in Asia/Kolkata time (UTC+05:30 all year: India has no daylight saving).

export const EXCHANGE_UTC_OFFSET_MS = (5 * 60 + 30) * 60_000;
const DAY_MS = 24 * 60 * 60_000;
/** How far ahead the next session is looked for: no real calendar closes for a year. */
const MAX_DAYS_AHEAD = 366;

export interface TradingHours {
  /** Minutes after the exchange's local midnight. */
  opensAt: number;
  closesAt: number;
}

export const NSE_HOURS: TradingHours = { opensAt: 9 * 60 + 15, closesAt: 15 * 60 + 30 };

export interface CalendarRules {
  /** The market never closes: nothing depends on the wall clock (local runs and tests). */
  alwaysOpen: boolean;
  /** Weekdays without a session, as YYYY-MM-DD exchange dates. */
  holidays: ReadonlySet<string>;
  hours: TradingHours;
}

export interface MarketStatus {
  open: boolean;
  alwaysOpen: boolean;
  /** When the session in progress closes (open and not always open). */
  sessionCloses?: Date;
  /** When the next session opens (closed). */
  nextOpen?: Date;
}

/** The exchange's calendar date (YYYY-MM-DD) at `at`: what a trading session belongs to. */
export function exchangeDate(at: Date): string {
  return new Date(at.getTime() + EXCHANGE_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of the exchange's local midnight that starts the day `at` falls in. */
function localMidnight(at: number): number {
  const local = at + EXCHANGE_UTC_OFFSET_MS;
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - EXCHANGE_UTC_OFFSET_MS;
}

export function isTradingDay(holidays: ReadonlySet<string>, date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5 && !holidays.has(date);
}

export function marketStatus(rules: CalendarRules, at: Date): MarketStatus {
  if (rules.alwaysOpen) return { open: true, alwaysOpen: true };
  const now = at.getTime();
  const midnight = localMidnight(now);
  const closes = midnight + rules.hours.closesAt * 60_000;
  if (isTradingDay(rules.holidays, exchangeDate(at)) && now >= midnight + rules.hours.opensAt * 60_000 && now < closes) {
    return { open: true, alwaysOpen: false, sessionCloses: new Date(closes) };
  }
  return { open: false, alwaysOpen: false, nextOpen: nextOpen(rules, now, midnight) };
}

function nextOpen(rules: CalendarRules, now: number, today: number): Date {
  for (let day = 0; day <= MAX_DAYS_AHEAD; day += 1) {
    const midnight = today + day * DAY_MS;
    const opens = midnight + rules.hours.opensAt * 60_000;
    if (opens > now && isTradingDay(rules.holidays, exchangeDate(new Date(midnight)))) return new Date(opens);
  }
  throw new Error(`the calendar has no session within ${MAX_DAYS_AHEAD} days`);
}
