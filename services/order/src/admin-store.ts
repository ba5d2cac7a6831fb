// What an operator (and the invariant checker) reads across every user's orders, page by
// page in (created_at, id) order.
import type { IBaseProtocol } from 'pg-promise';
import { nextPageKey, pageAfter, sqlFolder, type OrderStatus, type Page, type PageKey } from '@winvestco/common';
import { TERMINAL, type Order } from './domain/order.ts';
import { toOrder } from './store.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  page: sql('admin-orders-page'),
  pastValidity: sql('admin-orders-past-validity'),
};

type Row = Record<string, unknown> & { id: string; page_at: string };

export class OrderAdminStore {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async orders(filter: { ids: string[] | null; status: OrderStatus | null }, limit: number, from: PageKey | null): Promise<Page<Order>> {
    const rows = await this.q.any<Row>(SQL.page, { ...filter, ...pageAfter(from), limit });
    return { items: rows.map(toOrder), next: nextPageKey(rows, limit) };
  }

  /** Orders that are not terminal although their validity ended before `before`. */
  async pastValidity(before: Date, limit: number, from: PageKey | null): Promise<Page<Order>> {
    const rows = await this.q.any<Row>(SQL.pastValidity, { terminal: [...TERMINAL], before: before.toISOString(), ...pageAfter(from), limit });
    return { items: rows.map(toOrder), next: nextPageKey(rows, limit) };
  }
}
