// A symbol's live book as the trade service's turns see it: the pure matching engine
// (domain/) wrapped with what the service keeps per order (its row), translated into what a
// turn writes: the orders it changed, their executions, the orders it ended.
import { formatMoney, money, type BookState } from '@winvestco/common';
import { createHash } from 'node:crypto';
import type { BookOrderRow } from './store.ts';

export interface TurnExecution {
  executionId: string;
  orderId: string;
  counterOrderId: string | null;
  quantity: number;
  price: string;
  liquidity: 'MAKER' | 'TAKER';
}

export interface BookTurn {
  executions: TurnExecution[];
  /** Every order the turn changed, as it now stands. */
  orders: BookOrderRow[];
  /** Orders the book ended before they filled (an IOC's rest, a self-trade), with the reason. */
  ended: { orderId: string; reason: string }[];
}

export interface Depth {
  symbol: string;
  bids: { price: string; quantity: number; orders: number }[];
  asks: { price: string; quantity: number; orders: number }[];
}

export interface Quote {
  last: string;
  bid: string;
  ask: string;
}

export interface LiveBook {
  holds(orderId: string): boolean;
  place(order: BookOrderRow): BookTurn;
  cancel(orderId: string, reason: string): BookTurn;
  modify(orderId: string, quantity: number, limitPrice: string, priority: number): BookTurn;
  quote(quote: Quote): BookTurn;
  depth(levels?: number): Depth;
}

/**
 * An execution's id, the same however often the turn is replayed: from its order and the
 * quantity that order had filled before it (unique per fill of an order).
 */
export function executionId(orderId: string, filledBefore: number): string {
  const h = createHash('sha256').update(`${orderId}:${filledBefore}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const PAISE = 100;
const toPaise = (price: string) => Math.round(money(price).mul(PAISE).toNumber());
const fromPaise = (paise: number) => formatMoney(money(paise).div(PAISE));

interface Live {
  row: BookOrderRow;
  limit: number | null;
  trigger: number | null;
}

class SimpleBook implements LiveBook {
  private readonly orders = new Map<string, Live>();
  private last: Quote | null;

  constructor(readonly symbol: string, rows: readonly BookOrderRow[], quote: Quote | null) {
    this.last = quote;
    for (const row of rows) this.orders.set(row.orderId, this.live({ ...row }));
  }

  private live(row: BookOrderRow): Live {
    return { row, limit: row.limitPrice ? toPaise(row.limitPrice) : null, trigger: row.triggerPrice ? toPaise(row.triggerPrice) : null };
  }

  holds(orderId: string): boolean {
    return this.orders.has(orderId);
  }

  private resting(side: 'BUY' | 'SELL'): Live[] {
    const list = [...this.orders.values()].filter((o) => o.row.state === 'RESTING' && o.row.side === side);
    return list.sort((a, b) => (side === 'BUY' ? b.limit! - a.limit! : a.limit! - b.limit!) || a.row.priority - b.row.priority);
  }

  /** A fill between two orders of the book, or (maker null) of one order against the exchange, which is TAKER unless it was resting. */
  private fill(turn: BookTurn, taker: Live, maker: Live | null, quantity: number, price: number, alone: 'MAKER' | 'TAKER' = 'TAKER'): void {
    for (const [order, counter, liquidity] of [[taker, maker, maker ? 'TAKER' : alone], [maker, taker, 'MAKER']] as const) {
      if (!order) continue;
      turn.executions.push({
        executionId: executionId(order.row.orderId, order.row.filledQuantity), orderId: order.row.orderId, counterOrderId: counter?.row.orderId ?? null,
        quantity, price: fromPaise(price), liquidity,
      });
      order.row.filledQuantity += quantity;
      order.row.openQuantity -= quantity;
      this.touch(turn, order);
    }
  }

  private touch(turn: BookTurn, order: Live): void {
    if (order.row.openQuantity === 0 && order.row.state !== 'DONE') {
      order.row.state = 'DONE';
      this.orders.delete(order.row.orderId);
    }
    const at = turn.orders.findIndex((o) => o.orderId === order.row.orderId);
    if (at >= 0) turn.orders[at] = { ...order.row };
    else turn.orders.push({ ...order.row });
  }

  private end(turn: BookTurn, order: Live, reason: string, announce: boolean): void {
    order.row.state = 'DONE';
    order.row.reason = reason;
    this.orders.delete(order.row.orderId);
    this.touch(turn, order);
    if (announce) turn.ended.push({ orderId: order.row.orderId, reason });
  }

  /** Matches `taker` against the book, then the exchange at the quote; rests, ends or waits what is left. */
  private match(turn: BookTurn, taker: Live, fromTrigger: boolean): void {
    const buy = taker.row.side === 'BUY';
    const market = taker.row.type === 'MARKET' || taker.row.type === 'STOP_LOSS';
    const crosses = (price: number) => market || (buy ? price <= taker.limit! : price >= taker.limit!);
    for (const maker of this.resting(buy ? 'SELL' : 'BUY')) {
      if (taker.row.openQuantity === 0 || !crosses(maker.limit!)) break;
      if (maker.row.userId === taker.row.userId) {
        // Self-trade prevention: the newer order (this one) is cancelled, the resting one stays.
        this.end(turn, taker, 'self-trade prevented: it would have matched your own resting order', fromTrigger);
        return;
      }
      this.fill(turn, taker, maker, Math.min(taker.row.openQuantity, maker.row.openQuantity), maker.limit!);
    }
    if (taker.row.openQuantity > 0 && this.last) {
      const price = toPaise(buy ? this.last.ask : this.last.bid);
      if (crosses(price)) this.fill(turn, taker, null, taker.row.openQuantity, price);
    }
    if (taker.row.state === 'DONE') return;
    if (market || taker.row.validity === 'IOC') {
      this.end(turn, taker, this.last ? 'nothing more to match at its price now (IOC)' : 'no quote to execute at', fromTrigger);
      return;
    }
    taker.row.state = 'RESTING';
    this.orders.set(taker.row.orderId, taker);
    this.touch(turn, taker);
  }

  private triggered(order: Live, quote: Quote): boolean {
    const last = toPaise(quote.last);
    return order.row.side === 'BUY' ? last >= order.trigger! : last <= order.trigger!;
  }

  place(row: BookOrderRow): BookTurn {
    const turn: BookTurn = { executions: [], orders: [], ended: [] };
    const order = this.live({ ...row });
    if ((row.type === 'STOP_LOSS' || row.type === 'STOP_LIMIT') && !(this.last && this.triggered(order, this.last))) {
      order.row.state = 'WAITING_TRIGGER';
      this.orders.set(row.orderId, order);
      this.touch(turn, order);
      return turn;
    }
    this.match(turn, order, false);
    return turn;
  }

  cancel(orderId: string, reason: string): BookTurn {
    const turn: BookTurn = { executions: [], orders: [], ended: [] };
    const order = this.orders.get(orderId);
    if (order) this.end(turn, order, reason, false);
    return turn;
  }

  modify(orderId: string, quantity: number, limitPrice: string, priority: number): BookTurn {
    const turn: BookTurn = { executions: [], orders: [], ended: [] };
    const order = this.orders.get(orderId)!;
    const price = toPaise(limitPrice);
    // Fewer shares at the same price keep their place in the queue; anything else goes to its back.
    if (price !== order.limit || quantity > order.row.quantity) order.row.priority = priority;
    order.row.openQuantity = quantity - order.row.filledQuantity;
    order.row.quantity = quantity;
    order.row.limitPrice = limitPrice;
    order.limit = price;
    this.orders.delete(orderId);
    this.match(turn, order, true);
    return turn;
  }

  quote(quote: Quote): BookTurn {
    this.last = quote;
    const turn: BookTurn = { executions: [], orders: [], ended: [] };
    for (const order of [...this.orders.values()].sort((a, b) => a.row.priority - b.row.priority)) {
      if (!this.orders.has(order.row.orderId)) continue;
      if (order.row.state === 'WAITING_TRIGGER') {
        if (!this.triggered(order, quote)) continue;
        this.orders.delete(order.row.orderId);
        this.match(turn, order, true);
        continue;
      }
      // A resting order the new quote makes marketable executes against the exchange.
      const price = toPaise(order.row.side === 'BUY' ? quote.ask : quote.bid);
      if (order.row.side === 'BUY' ? price <= order.limit! : price >= order.limit!) this.fill(turn, order, null, order.row.openQuantity, price, 'MAKER');
    }
    return turn;
  }

  depth(levels = 5): Depth {
    const side = (s: 'BUY' | 'SELL') => {
      const out: Depth['bids'] = [];
      for (const o of this.resting(s)) {
        const price = fromPaise(o.limit!);
        const level = out.at(-1);
        if (level?.price === price) {
          level.quantity += o.row.openQuantity;
          level.orders += 1;
        } else if (out.length < levels) out.push({ price, quantity: o.row.openQuantity, orders: 1 });
        else break;
      }
      return out;
    };
    return { symbol: this.symbol, bids: side('BUY'), asks: side('SELL') };
  }
}

/** The book of `symbol` from what the database holds for it, at the market's last quote. */
export function restoreBook(symbol: string, rows: readonly BookOrderRow[], quote: Quote | null): LiveBook {
  return new SimpleBook(symbol, rows, quote);
}

export type { BookState };
