// The work behind the routes: asking for a report, reading one's own, downloading it, and
// the operators' views of the projections.
import { randomUUID } from 'node:crypto';
import { formatMoney, Problem, problems, type Database, type PageKey } from '@winvestco/common';
import { isCalendarDate, istDate } from './domain/dates.ts';
import type { ReportType } from './domain/facts.ts';
import { defaultPeriod } from './domain/reports.ts';
import type { Rebuilder } from './rebuild.ts';
import type { Report, ReportRepositories } from './store.ts';

export type ReportDb = Database<ReportRepositories>;

/** Checks the dates a request gives (real dates, from ≤ to, one financial year for TAX) and stores it PENDING. */
export async function requestReport(db: ReportDb, userId: string, request: { type: ReportType; from?: string; to?: string }, now = new Date()): Promise<Report> {
  const invalid = (['from', 'to'] as const).filter((f) => request[f] !== undefined && !isCalendarDate(request[f]));
  if (invalid.length) throw problems.validation(invalid.map((field) => ({ field, message: `${field} must be a real calendar date written YYYY-MM-DD` })));
  const { from, to } = request;
  if (from && to && from > to) throw problems.unprocessable([{ field: 'from', message: `from (${from}) must not be after to (${to})` }]);
  const today = istDate(now);
  if (from && from > today) throw problems.unprocessable([{ field: 'from', message: `from (${from}) is in the future; today is ${today}` }]);
  if (request.type === 'TAX' && from && to) {
    const fyStart = (d: string) => (d.slice(5) >= '04-01' ? Number(d.slice(0, 4)) : Number(d.slice(0, 4)) - 1);
    if (fyStart(from) !== fyStart(to)) throw problems.unprocessable([{ field: 'to', message: 'a TAX report covers one financial year (1 April to 31 March): from and to must fall in the same one' }]);
  }
  const period = defaultPeriod(request.type, today, from ?? null, to ?? null);
  const id = randomUUID();
  await db.reports.add(id, userId, request.type, period.from, period.to);
  return (await db.reports.byId(userId, id))!;
}

export const reportOf = (db: ReportDb, userId: string, id: string) => db.reports.byId(userId, id);
export const reportsOf = (db: ReportDb, userId: string, before: PageKey | null, limit: number) => db.reports.page(userId, before, limit);

const gone = (detail: string) => new Problem(410, 'gone', 'Gone', detail);

/** The file, or why not: 404 (none of yours), 409 (not ready yet), 410 (expired). */
export async function download(db: ReportDb, userId: string, id: string, format: 'csv' | 'pdf', now = new Date()) {
  const found = await db.reports.content(userId, id, format);
  if (!found) throw problems.notFound(`No report ${id}`);
  if (found.status === 'EXPIRED' || (found.status === 'COMPLETED' && found.expires_at && found.expires_at <= now)) {
    throw gone(`Report ${id} expired at ${found.expires_at?.toISOString() ?? 'its retention'}; ask for a new one`);
  }
  if (found.status === 'FAILED') throw problems.conflict(`Report ${id} failed; ask for a new one`);
  if (found.status !== 'COMPLETED' || !found.content) throw problems.conflict(`Report ${id} is ${found.status}, not ready yet`);
  const name = `winvestco-${found.type.toLowerCase().replace(/_/g, '-')}-${found.period_from ?? 'start'}-to-${found.period_to}.${format}`;
  return { content: found.content, name, type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf' };
}

export async function projections(db: ReportDb, rebuilder: Rebuilder) {
  const [status, archive] = await Promise.all([db.projections.status(), db.archive.stats()]);
  return { status, archive, rebuild: rebuilder.state };
}

export async function ledgerTotals(db: ReportDb, currency: string) {
  const t = await db.projections.ledgerTotals(currency);
  return { currency, debits: formatMoney(t.debits), credits: formatMoney(t.credits), entries: t.entries, lastEventAt: t.lastPostedAt?.toISOString() ?? null };
}
