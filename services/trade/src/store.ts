import type { IBaseProtocol } from 'pg-promise';
import type { Charges } from './domain/charges.ts';
import { sqlFolder, type BookState, type OrderType, type Queryable, type Side, type Validity } from '@winvestco/common';

const sql = sqlFolder(import.meta.url);
const SQL = {
  insert: sql('book-order-insert'),
  update: sql('book-order-update'),
  byId: sql('book-order-by-id'),
  live: sql('book-orders-live'),
  executionInsert: sql('execution-insert'),
  executionsOf: sql('executions-of'),
  turnover: sql('order-turnover'),
};

type Row = Record<string, unknown>;
/** A nullable column as text (pg gives numerics as strings already). */
const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/** An order as the trade service keeps it: its terms and where its book has it. */
export interface BookOrderRow {
  orderId: string;
  userId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  quantity: number;
  limitPrice: string | null;
  triggerPrice: string | null;
  /** A MARKET or STOP_LOSS order's worst price (a buy's ceiling, a sell's floor), or null: any price. */
  protectionPrice: string | null;
  validity: Validity;
  state: BookState;
  filledQuantity: number;
  openQuantity: number;
  priority: number;
  /** How many executions it has had: the next one's ordinal is this + 1 (its id derives from it). */
  executionCount: number;
  reason: string | null;
}

export interface Execution {
  id: string;
  orderId: string;
  userId: string;
  symbol: string;
  side: Side;
  quantity: number;
  price: string;
  charges: Charges;
  fees: string;
  liquidity: 'MAKER' | 'TAKER';
  counterOrderId: string | null;
  executedAt: Date;
}

function toOrder(r: Row): BookOrderRow {
  return {
    orderId: r.order_id as string, userId: r.user_id as string, symbol: r.symbol as string, side: r.side as Side, type: r.type as OrderType,
    quantity: r.quantity as number, limitPrice: text(r.limit_price), triggerPrice: text(r.trigger_price), protectionPrice: text(r.protection_price), validity: r.validity as Validity,
    state: r.state as BookState, filledQuantity: r.filled_quantity as number, openQuantity: r.open_quantity as number, priority: Number(r.priority), executionCount: r.execution_count as number,
    reason: text(r.reason),
  };
}

function toExecution(r: Row): Execution {
  return {
    id: r.id as string, orderId: r.order_id as string, userId: r.user_id as string, symbol: r.symbol as string, side: r.side as Side,
    quantity: r.quantity as number, price: String(r.price), charges: r.charges as Charges, fees: String(r.fees), liquidity: r.liquidity as Execution['liquidity'],
    counterOrderId: text(r.counter_order_id), executedAt: r.executed_at as Date,
  };
}

export class BookRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** False when the book took this order before. */
  async add(order: BookOrderRow): Promise<boolean> {
    return (await this.q.oneOrNone(SQL.insert, order)) !== null;
  }

  async update(order: BookOrderRow): Promise<void> {
    await this.q.none(SQL.update, order);
  }

  async byId(orderId: string): Promise<BookOrderRow | null> {
    const row = await this.q.oneOrNone<Row>(SQL.byId, { orderId });
    return row ? toOrder(row) : null;
  }

  /** Every order a symbol's book holds, in priority order. */
  async live(symbol: string): Promise<BookOrderRow[]> {
    return (await this.q.any<Row>(SQL.live, { symbol })).map(toOrder);
  }

  /** False when this execution was recorded before. */
  async addExecution(e: Execution): Promise<boolean> {
    return (await this.q.oneOrNone(SQL.executionInsert, { ...e, charges: JSON.stringify(e.charges) })) !== null;
  }

  async executions(orderId: string): Promise<Execution[]> {
    return (await this.q.any<Row>(SQL.executionsOf, { orderId })).map(toExecution);
  }

  async turnover(orderId: string): Promise<string> {
    return (await this.q.one<{ turnover: string }>(SQL.turnover, { orderId })).turnover;
  }
}

export interface TradeRepositories {
  book: BookRepository;
}

export const repositories = (q: Queryable): TradeRepositories => ({ book: new BookRepository(q) });
