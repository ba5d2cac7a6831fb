import type { IBaseProtocol } from 'pg-promise';
import { nextPageKey, sqlFolder, type OrderStatus, type OrderType, type PageKey, type Queryable, type Side, type Validity } from '@winvestco/common';
import { predecessors, type Fill, type Order } from './domain/order.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  insert: sql('order-insert'),
  byClientId: sql('order-by-client-id'),
  byId: sql('order-by-id'),
  lock: sql('order-lock'),
  transition: sql('order-transition'),
  totals: sql('order-totals'),
  modified: sql('order-modified'),
  fixLockedAmount: sql('order-fix-locked-amount'),
  page: sql('orders-page'),
  historyAdd: sql('history-add'),
  historyOf: sql('history-of'),
  fillAdd: sql('fill-add'),
  fillsOf: sql('fills-of'),
  fillSettled: sql('fill-settled'),
};

type Row = Record<string, unknown>;
/** A nullable column as text (pg gives numerics as strings already). */
const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

function toOrder(r: Row): Order {
  return {
    id: r.id as string, userId: r.user_id as string, clientOrderId: r.client_order_id as string, symbol: r.symbol as string, side: r.side as Side,
    type: r.type as OrderType, quantity: r.quantity as number, limitPrice: text(r.limit_price), triggerPrice: text(r.trigger_price), protectionPrice: text(r.protection_price),
    validity: r.validity as Validity, status: r.status as OrderStatus, filledQuantity: r.filled_quantity as number, averagePrice: text(r.average_price),
    fees: String(r.fees), lockId: text(r.lock_id), lockedAmount: text(r.locked_amount), reason: text(r.reason), modifications: r.modifications as number,
    expiresAt: (r.expires_at as Date | null) ?? null, createdAt: r.created_at as Date, updatedAt: r.updated_at as Date,
  };
}

function toFill(r: Row): Fill {
  return {
    executionId: r.execution_id as string, orderId: r.order_id as string, quantity: r.quantity as number, price: String(r.price), fees: String(r.fees),
    liquidity: r.liquidity as Fill['liquidity'], executedAt: r.executed_at as Date, settled: r.settled === true,
  };
}

export type NewOrder = Pick<Order, 'id' | 'userId' | 'clientOrderId' | 'symbol' | 'side' | 'type' | 'quantity' | 'limitPrice' | 'triggerPrice' | 'protectionPrice' | 'validity' | 'expiresAt' | 'lockedAmount'>;

export interface HistoryEntry {
  from: OrderStatus | null;
  to: OrderStatus;
  note: string | null;
  at: Date;
}

export interface Transition {
  lockId?: string;
  lockedAmount?: string;
  reason?: string;
}

export class OrdersRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** The new order, or null when this user's client order id is taken (by the same order, placed before). */
  async add(order: NewOrder): Promise<Order | null> {
    const row = await this.q.oneOrNone<Row>(SQL.insert, order);
    return row ? toOrder(row) : null;
  }

  async byClientId(userId: string, clientOrderId: string): Promise<Order | null> {
    const row = await this.q.oneOrNone<Row>(SQL.byClientId, { userId, clientOrderId });
    return row ? toOrder(row) : null;
  }

  async byId(id: string): Promise<Order | null> {
    const row = await this.q.oneOrNone<Row>(SQL.byId, { id });
    return row ? toOrder(row) : null;
  }

  /** The order, row-locked until the transaction ends. */
  async lock(id: string): Promise<Order | null> {
    const row = await this.q.oneOrNone<Row>(SQL.lock, { id });
    return row ? toOrder(row) : null;
  }

  /** The order moved to `to`, or null when it was not in a status that leads there. */
  async transition(id: string, to: OrderStatus, details: Transition = {}): Promise<Order | null> {
    const row = await this.q.oneOrNone<Row>(SQL.transition, {
      id, to, from: predecessors(to), lockId: details.lockId ?? null, lockedAmount: details.lockedAmount ?? null, reason: details.reason ?? null,
    });
    return row ? toOrder(row) : null;
  }

  async setTotals(id: string, totals: { filledQuantity: number; averagePrice: string | null; fees: string }): Promise<Order> {
    return toOrder(await this.q.one<Row>(SQL.totals, { id, ...totals }));
  }

  /** The amount a BUY locks, fixed the first time (a retry of the lock asks for the same). */
  async fixLockedAmount(id: string, amount: string): Promise<string> {
    return String((await this.q.one<Row>(SQL.fixLockedAmount, { id, amount })).locked_amount);
  }

  async modified(id: string, terms: { quantity: number; limitPrice: string; lockedAmount: string | null }): Promise<Order> {
    return toOrder(await this.q.one<Row>(SQL.modified, { id, ...terms }));
  }

  async page(userId: string, limit: number, before: PageKey | null, filter: { symbol?: string; status?: OrderStatus }): Promise<{ orders: Order[]; next: PageKey | null }> {
    const rows = await this.q.any<Row>(SQL.page, {
      userId, limit, symbol: filter.symbol ?? null, status: filter.status ?? null, beforeAt: before?.createdAt ?? null, beforeId: before?.id ?? null,
    });
    return { orders: rows.map(toOrder), next: nextPageKey(rows as { id: string; page_at: string }[], limit) };
  }

  async addHistory(orderId: string, from: OrderStatus | null, to: OrderStatus, note: string | null): Promise<void> {
    await this.q.none(SQL.historyAdd, { orderId, from, to, note });
  }

  async history(orderId: string): Promise<HistoryEntry[]> {
    const rows = await this.q.any<Row>(SQL.historyOf, { orderId });
    return rows.map((r) => ({ from: (r.from_status as OrderStatus | null) ?? null, to: r.to_status as OrderStatus, note: text(r.note), at: r.at as Date }));
  }

  /** True the first time this execution is recorded. */
  async addFill(fill: Omit<Fill, 'settled'>): Promise<boolean> {
    return (await this.q.oneOrNone(SQL.fillAdd, fill)) !== null;
  }

  async fills(orderId: string): Promise<Fill[]> {
    return (await this.q.any<Row>(SQL.fillsOf, { orderId })).map(toFill);
  }

  async fillSettled(executionId: string): Promise<void> {
    await this.q.none(SQL.fillSettled, { executionId });
  }
}

export interface OrderRepositories {
  orders: OrdersRepository;
}

export const repositories = (q: Queryable): OrderRepositories => ({ orders: new OrdersRepository(q) });
