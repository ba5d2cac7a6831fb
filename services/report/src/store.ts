import type { IBaseProtocol } from 'pg-promise';
import { money, nextPageKey, type PageKey, type Queryable, sqlFolder } from '@winvestco/common';
import type { ChargeKind, Fill, LedgerEntry, OrderFact, Price, ReportType } from './domain/facts.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  keep: sql('archive-keep'), batch: sql('archive-batch'), archiveStats: sql('archive-stats'),
  truncate: sql('projections-truncate'), touch: sql('projection-touch'), setStatus: sql('projection-set'), status: sql('projection-status'),
  order: sql('order-upsert'), fill: sql('fill-insert'), entry: sql('entry-insert'), wallet: sql('wallet-move'), price: sql('price-upsert'),
  fillsOf: sql('fills-of'), recentFills: sql('fills-recent'), entriesOf: sql('entries-of'), walletOf: sql('wallet-of'), ordersOf: sql('orders-of'),
  prices: sql('prices-all'), totals: sql('ledger-totals'),
  insertReport: sql('report-insert'), reportById: sql('report-by-id'), reportsPage: sql('reports-page'), content: sql('report-content'),
  claim: sql('reports-claim'), complete: sql('report-complete'), failed: sql('report-failed'), expire: sql('reports-expire'),
};

export const PROJECTIONS = ['orders', 'fills', 'ledger', 'wallets', 'prices'] as const;
export type ProjectionName = (typeof PROJECTIONS)[number];
/** The projections a rebuild replays from the archive; prices hold only the latest quote and are not archived. */
export const ARCHIVED_PROJECTIONS = ['orders', 'fills', 'ledger', 'wallets'] as const satisfies readonly ProjectionName[];

export interface ArchivedEvent {
  seq: number;
  id: string;
  topic: string;
  type: string;
  time: Date;
  data: unknown;
}

/** Every event the service received, once by id: what a rebuild replays. */
export class ArchiveRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** True when the event is new to the archive (and is now in it). */
  async keep(event: { id: string; topic: string; type: string; subject?: string; time: string; data: unknown }): Promise<boolean> {
    return (await this.q.oneOrNone(SQL.keep, { ...event, subject: event.subject ?? null })) !== null;
  }

  async batch(after: number, limit: number): Promise<ArchivedEvent[]> {
    const rows = await this.q.any<{ seq: string; id: string; topic: string; type: string; event_time: Date; data: unknown }>(SQL.batch, { after, limit });
    return rows.map((r) => ({ seq: Number(r.seq), id: r.id, topic: r.topic, type: r.type, time: r.event_time, data: r.data }));
  }

  async stats(): Promise<{ events: number; lastReceivedAt: Date | null }> {
    const r = await this.q.one<{ events: number; last_received_at: Date | null }>(SQL.archiveStats);
    return { events: r.events, lastReceivedAt: r.last_received_at };
  }
}

export interface ProjectionStatus {
  name: string;
  events: number;
  lastEventId: string | null;
  lastEventType: string | null;
  lastEventAt: Date | null;
  lastAppliedAt: Date | null;
  ageSeconds: number | null;
}

export interface OrderRow {
  orderId: string; userId: string; symbol: string; side: string; type: string; quantity: number; limitPrice: string | null;
  filledQuantity: number; averagePrice: string | null; fees: string; status: string; reason: string | null; time: string;
}

export interface FillRow {
  executionId: string; orderId: string; userId: string; symbol: string; side: string; quantity: number; price: string; fees: string;
  charges: Record<ChargeKind, string> | null; currency: string; liquidity: string; executedAt: string;
}

export interface EntryRow {
  entryId: string; kind: string; referenceType: string; referenceId: string; currency: string; userId: string | null; postedAt: string;
  debits: string; credits: string; postings: { account: string; debit: string; credit: string }[];
}

export interface WalletView {
  userId: string; currency: string; walletId: string; available: string; locked: string; movements: number; updatedAt: Date;
}

interface FillDbRow {
  execution_id: string; order_id: string; user_id: string; symbol: string; side: 'BUY' | 'SELL'; quantity: number; price: string; fees: string;
  brokerage: string | null; stt: string | null; exchange_charge: string | null; sebi_fee: string | null; stamp_duty: string | null; gst: string | null;
  currency: string; liquidity: string; executed_at: Date;
}

const toFill = (r: FillDbRow): Fill & { currency: string; liquidity: string } => ({
  executionId: r.execution_id, orderId: r.order_id, symbol: r.symbol, side: r.side, quantity: r.quantity, price: money(r.price), fees: money(r.fees),
  charges: r.brokerage === null ? null : {
    brokerage: money(r.brokerage), stt: money(r.stt ?? 0), exchangeCharge: money(r.exchange_charge ?? 0), sebiFee: money(r.sebi_fee ?? 0),
    stampDuty: money(r.stamp_duty ?? 0), gst: money(r.gst ?? 0),
  },
  executedAt: r.executed_at, currency: r.currency, liquidity: r.liquidity,
});

/** The projections: written by the event handlers (and a rebuild), read by the reports. */
export class ProjectionsRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async truncate(): Promise<void> {
    await this.q.multi(SQL.truncate);
  }

  async touch(name: ProjectionName, event: { id: string; type: string; time: string }): Promise<void> {
    await this.q.none(SQL.touch, { name, eventId: event.id, type: event.type, time: event.time });
  }

  async setStatus(name: ProjectionName, events: number, last: { id: string; type: string; time: string } | null): Promise<void> {
    await this.q.none(SQL.setStatus, { name, events, eventId: last?.id ?? null, type: last?.type ?? null, time: last?.time ?? null });
  }

  async status(): Promise<ProjectionStatus[]> {
    const rows = await this.q.any<{ name: string; events: number; last_event_id: string | null; last_event_type: string | null; last_event_at: Date | null; last_applied_at: Date | null; age_seconds: number | null }>(SQL.status);
    return rows.map((r) => ({
      name: r.name, events: r.events, lastEventId: r.last_event_id, lastEventType: r.last_event_type, lastEventAt: r.last_event_at, lastAppliedAt: r.last_applied_at, ageSeconds: r.age_seconds,
    }));
  }

  async order(row: OrderRow): Promise<void> {
    await this.q.none(SQL.order, row);
  }

  async fill(row: FillRow): Promise<void> {
    const c = row.charges;
    await this.q.none(SQL.fill, {
      ...row, brokerage: c?.brokerage ?? null, stt: c?.stt ?? null, exchangeCharge: c?.exchangeCharge ?? null, sebiFee: c?.sebiFee ?? null, stampDuty: c?.stampDuty ?? null, gst: c?.gst ?? null,
    });
  }

  async entry(row: EntryRow): Promise<void> {
    await this.q.none(SQL.entry, row);
  }

  async moveWallet(move: { userId: string; currency: string; walletId: string; available: string; locked: string; counted: number; time: string }): Promise<void> {
    await this.q.none(SQL.wallet, move);
  }

  async price(quote: { symbol: string; last: string; at: string }): Promise<void> {
    await this.q.none(SQL.price, quote);
  }

  async fillsOf(userId: string): Promise<(Fill & { currency: string })[]> {
    return (await this.q.any<FillDbRow>(SQL.fillsOf, { userId })).map(toFill);
  }

  async recentFills(userId: string, limit: number) {
    return (await this.q.any<FillDbRow>(SQL.recentFills, { userId, limit })).map(toFill);
  }

  async entriesOf(userId: string, currency: string): Promise<LedgerEntry[]> {
    const rows = await this.q.any<{ entry_id: string; kind: string; reference_type: string; reference_id: string; currency: string; posted_at: Date; postings: EntryRow['postings'] }>(SQL.entriesOf, { userId, currency });
    return rows.map((r) => ({
      entryId: r.entry_id, kind: r.kind, referenceType: r.reference_type, referenceId: r.reference_id, currency: r.currency, postedAt: r.posted_at,
      postings: r.postings.map((p) => ({ account: p.account, debit: money(p.debit), credit: money(p.credit) })),
    }));
  }

  async walletOf(userId: string, currency: string): Promise<WalletView | null> {
    const r = await this.q.oneOrNone<{ user_id: string; currency: string; wallet_id: string; available: string; locked: string; movements: number; updated_at: Date }>(SQL.walletOf, { userId, currency });
    return r && { userId: r.user_id, currency: r.currency, walletId: r.wallet_id, available: r.available, locked: r.locked, movements: r.movements, updatedAt: r.updated_at };
  }

  async ordersOf(userId: string): Promise<OrderFact[]> {
    const rows = await this.q.any<{
      order_id: string; symbol: string; side: string; type: string; quantity: number; limit_price: string | null; filled_quantity: number;
      average_price: string | null; fees: string; status: string; reason: string | null; placed_at: Date;
    }>(SQL.ordersOf, { userId });
    return rows.map((r) => ({
      orderId: r.order_id, symbol: r.symbol, side: r.side, type: r.type, quantity: r.quantity, limitPrice: r.limit_price === null ? null : money(r.limit_price),
      filledQuantity: r.filled_quantity, averagePrice: r.average_price === null ? null : money(r.average_price), fees: money(r.fees), status: r.status, reason: r.reason, placedAt: r.placed_at,
    }));
  }

  async prices(): Promise<Map<string, Price>> {
    const rows = await this.q.any<{ symbol: string; last: string; at: Date }>(SQL.prices);
    return new Map(rows.map((r) => [r.symbol, { last: money(r.last), at: r.at }]));
  }

  async ledgerTotals(currency: string): Promise<{ debits: string; credits: string; entries: number; lastPostedAt: Date | null }> {
    const r = await this.q.one<{ debits: string; credits: string; entries: number; last_posted_at: Date | null }>(SQL.totals, { currency });
    return { debits: r.debits, credits: r.credits, entries: r.entries, lastPostedAt: r.last_posted_at };
  }
}

export type ReportStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'EXPIRED';

export interface Report {
  id: string;
  userId: string;
  type: ReportType;
  from: string | null;
  to: string;
  status: ReportStatus;
  attempts: number;
  error: string | null;
  summary: Record<string, string | number> | null;
  rows: number | null;
  csvBytes: number | null;
  pdfBytes: number | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  expiresAt: Date | null;
}

interface ReportRow {
  id: string; user_id: string; type: ReportType; period_from: string | null; period_to: string; status: ReportStatus; attempts: number; error: string | null;
  summary: Report['summary']; row_count: number | null; csv_bytes: number | null; pdf_bytes: number | null; created_at: Date; started_at: Date | null;
  completed_at: Date | null; expires_at: Date | null; page_at: string;
}

const toReport = (r: ReportRow): Report => ({
  id: r.id, userId: r.user_id, type: r.type, from: r.period_from, to: r.period_to, status: r.status, attempts: r.attempts, error: r.error, summary: r.summary,
  rows: r.row_count, csvBytes: r.csv_bytes, pdfBytes: r.pdf_bytes, createdAt: r.created_at, startedAt: r.started_at, completedAt: r.completed_at, expiresAt: r.expires_at,
});

export interface ClaimedReport {
  id: string; userId: string; type: ReportType; from: string | null; to: string; attempt: number;
}

export class ReportsRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async add(id: string, userId: string, type: ReportType, from: string | null, to: string): Promise<void> {
    await this.q.one(SQL.insertReport, { id, userId, type, from, to });
  }

  async byId(userId: string, id: string): Promise<Report | null> {
    const r = await this.q.oneOrNone<ReportRow>(SQL.reportById, { userId, id });
    return r && toReport(r);
  }

  async page(userId: string, before: PageKey | null, limit: number): Promise<{ items: Report[]; next: PageKey | null }> {
    const rows = await this.q.any<ReportRow>(SQL.reportsPage, { userId, beforeAt: before?.createdAt ?? null, beforeId: before?.id ?? null, limit });
    return { items: rows.map(toReport), next: nextPageKey(rows, limit) };
  }

  async content(userId: string, id: string, format: 'csv' | 'pdf') {
    return this.q.oneOrNone<{ status: ReportStatus; expires_at: Date | null; content: Buffer | null; type: ReportType; period_from: string | null; period_to: string }>(SQL.content, { userId, id, format });
  }

  async claim(leaseMs: number): Promise<ClaimedReport | null> {
    const r = await this.q.oneOrNone<{ id: string; user_id: string; type: ReportType; period_from: string | null; period_to: string; attempts: number }>(SQL.claim, { leaseMs });
    return r && { id: r.id, userId: r.user_id, type: r.type, from: r.period_from, to: r.period_to, attempt: r.attempts };
  }

  /** False when the lease was lost meanwhile (another generator took the report over). */
  async complete(claim: ClaimedReport, output: { csv: Buffer; pdf: Buffer; summary: object; rows: number }, retentionSeconds: number): Promise<boolean> {
    const r = await this.q.result(SQL.complete, { id: claim.id, attempt: claim.attempt, ...output, retentionSeconds });
    return r.rowCount === 1;
  }

  async failed(claim: ClaimedReport, error: string, final: boolean): Promise<void> {
    await this.q.none(SQL.failed, { id: claim.id, attempt: claim.attempt, error: error.slice(0, 1000), final });
  }

  async expire(): Promise<number> {
    return (await this.q.result(SQL.expire)).rowCount;
  }
}

export interface ReportRepositories {
  archive: ArchiveRepository;
  projections: ProjectionsRepository;
  reports: ReportsRepository;
}

export const repositories = (q: Queryable): ReportRepositories => ({
  archive: new ArchiveRepository(q), projections: new ProjectionsRepository(q), reports: new ReportsRepository(q),
});
