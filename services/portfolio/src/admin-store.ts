// What an operator (and the invariant checker) reads across every user: holdings and share
// reservations, page by page in (created_at, id) order, so a scan keeps its place while rows are added.
import type { IBaseProtocol } from 'pg-promise';
import { nextPageKey, pageAfter, sqlFolder, type Page, type PageKey } from '@winvestco/common';
import type { Reservation } from './domain/portfolio.ts';
import type { ReservationStatus } from './domain/reservation.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  holdings: sql('admin-holdings-page'),
  reservations: sql('admin-reservations-page'),
};

type Row = Record<string, unknown> & { id: string; page_at: string };

/** A holding as an operator reads it: whole shares as numbers, amounts as the decimal strings stored. */
export interface AdminHolding {
  holdingId: string;
  userId: string;
  symbol: string;
  currency: string;
  quantity: number;
  reservedQuantity: number;
  averageCost: string;
  realisedPnl: string;
  createdAt: Date;
  updatedAt: Date;
}

const toHolding = (r: Row): AdminHolding => ({
  holdingId: r.id, userId: r.user_id as string, symbol: r.symbol as string, currency: (r.currency as string).trim(),
  quantity: Number(r.quantity), reservedQuantity: Number(r.reserved_quantity), averageCost: r.average_cost as string, realisedPnl: r.realised_pnl as string,
  createdAt: r.created_at as Date, updatedAt: r.updated_at as Date,
});

const toReservation = (r: Row): Reservation => ({
  id: r.id, orderId: r.order_id as string, holdingId: r.holding_id as string, userId: r.user_id as string, symbol: r.symbol as string,
  quantity: Number(r.quantity), consumed: Number(r.consumed_quantity), released: Number(r.released_quantity), filled: Number(r.filled_quantity),
  status: r.status as ReservationStatus, releaseReason: (r.release_reason as string | null) ?? null,
  createdAt: r.created_at as Date, updatedAt: r.updated_at as Date, version: r.version as number,
});

export class PortfolioAdminStore {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async holdings(filter: { symbol: string | null }, limit: number, from: PageKey | null): Promise<Page<AdminHolding>> {
    const rows = await this.q.any<Row>(SQL.holdings, { ...filter, ...pageAfter(from), limit });
    return { items: rows.map(toHolding), next: nextPageKey(rows, limit) };
  }

  async reservations(filter: { status: ReservationStatus | null }, limit: number, from: PageKey | null): Promise<Page<Reservation>> {
    const rows = await this.q.any<Row>(SQL.reservations, { ...filter, ...pageAfter(from), limit });
    return { items: rows.map(toReservation), next: nextPageKey(rows, limit) };
  }
}
