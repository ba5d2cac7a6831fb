// Calendar rules in India's time (UTC+05:30, no daylight saving): a trading day, the
// financial year (1 April to 31 March), and the twelve months that make a holding long-term.

const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date in India at instant `at`, as YYYY-MM-DD. */
export function istDate(at: Date): string {
  return new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The time of day in India at `at`, HH:MM:SS. */
export function istTime(at: Date): string {
  return new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(11, 19);
}

/** "2026-12-03 14:05:09 IST". */
export function istDateTime(at: Date): string {
  return `${istDate(at)} ${istTime(at)} IST`;
}

/** The month in India at `at`, YYYY-MM. */
export function istMonth(at: Date): string {
  return istDate(at).slice(0, 7);
}

/** Whether `text` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

export interface FinancialYear {
  /** "FY 2025-26". */
  label: string;
  /** 1 April. */
  from: string;
  /** 31 March of the next year. */
  to: string;
}

/** The Indian financial year a date (YYYY-MM-DD) falls in. */
export function financialYearOf(date: string): FinancialYear {
  const year = Number(date.slice(0, 4));
  const start = date.slice(5) >= '04-01' ? year : year - 1;
  return { label: `FY ${start}-${String((start + 1) % 100).padStart(2, '0')}`, from: `${start}-04-01`, to: `${start + 1}-03-31` };
}

/** The same day `months` later; a day the month lacks becomes its last day (29 Feb + 12 months → 28 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Long-term when held more than twelve months: sold after the date twelve months from the purchase. */
export function isLongTerm(acquired: string, sold: string): boolean {
  return sold > addMonths(acquired, 12);
}

/** Whole days from one date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Whether a date is inside [from, to] (from null: since the beginning). */
export function within(date: string, from: string | null, to: string): boolean {
  return (from === null || date >= from) && date <= to;
}
