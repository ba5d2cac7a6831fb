// A symbol's live book as the trade service's turns see it: the pure matching engine
// (domain/book.ts) with the row the service keeps per order, and each operation's events
// translated into what a turn writes: the orders it changed, their executions, the orders
// the book ended on its own.
import {
  executionsOf, OrderBook, type BookEvent, type BookQuote, type CancelReason, type LiveOrder,
} from './domain/book.ts';
import { fromPaise, toPaise } from './domain/price.ts';
import type { BookOrderRow } from './store.ts';
import { BookRefusal } from './refusal.ts';

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
  /** Orders the book ended on its own before they filled (an IOC's rest, a self-trade), with the reason. */
  ended: { orderId: string; reason: string }[];
}

export interface DepthView {
  symbol: string;
  bids: { price: string; quantity: number; orders: number }[];
  asks: { price: string; quantity: number; orders: number }[];
}

export interface Quote {
  last: string;
  bid: string;
  ask: string;
}

/** Why the book ended an order, in words for its owner. */
const REASONS: Readonly<Record<CancelReason, string>> = {
  REQUESTED: 'cancelled',
  EXPIRED: 'its validity ended',
  IOC_REMAINDER: 'nothing more could fill at its price at once (IOC)',
  SELF_TRADE: 'self-trade prevented: it would have traded with your own resting order',
  NO_LIQUIDITY: 'nothing to trade against: the book is empty and the market has no quote',
  PRICE_PROTECTION: 'market price protection: what is left could trade only beyond its protection price',
};

const paiseQuote = (q: Quote): BookQuote => ({ last: toPaise(q.last), bid: toPaise(q.bid), ask: toPaise(q.ask) });

export class LiveBook {
  private readonly rows = new Map<string, BookOrderRow>();
  private readonly book: OrderBook;

  constructor(readonly symbol: string, rows: readonly BookOrderRow[], quote: Quote | null) {
    for (const row of rows) this.rows.set(row.orderId, { ...row });
    this.book = OrderBook.restore(symbol, rows.map(liveOrderOf), quote ? paiseQuote(quote) : undefined);
  }

  holds(orderId: string): boolean {
    return this.book.order(orderId) !== undefined;
  }

  place(row: BookOrderRow): BookTurn {
    const events = this.book.place({
      orderId: row.orderId, userId: row.userId, side: row.side, type: row.type, validity: row.validity, quantity: row.quantity,
      ...(row.limitPrice ? { limitPrice: toPaise(row.limitPrice) } : {}), ...(row.triggerPrice ? { triggerPrice: toPaise(row.triggerPrice) } : {}), ...(row.protectionPrice ? { protectionPrice: toPaise(row.protectionPrice) } : {}),
    });
    refuseOn(events, 422, 'order');
    this.rows.set(row.orderId, { ...row });
    return this.turn(events, [row.orderId], null);
  }

  cancel(orderId: string, reason: string, expired = false): BookTurn {
    const events = this.book.cancel(orderId, expired ? 'EXPIRED' : 'REQUESTED');
    refuseOn(events, 409, 'order');
    return this.turn(events, [orderId], reason);
  }

  modify(orderId: string, quantity: number, limitPrice: string): BookTurn {
    const events = this.book.modify(orderId, { quantity, limitPrice: toPaise(limitPrice) });
    refuseOn(events, 422, 'quantity');
    const row = this.rows.get(orderId)!;
    row.limitPrice = limitPrice;
    return this.turn(events, [orderId], null);
  }

  quote(quote: Quote): BookTurn {
    return this.turn(this.book.quoteUpdated(paiseQuote(quote)), [], null);
  }

  depth(levels = 5): DepthView {
    const { bids, asks } = this.book.depth(levels);
    const view = (l: { price: number; quantity: number; orders: number }) => ({ price: fromPaise(l.price), quantity: l.quantity, orders: l.orders });
    return { symbol: this.symbol, bids: bids.map(view), asks: asks.map(view) };
  }

  /** What the events did, as rows to write: executions, every touched order as it now stands, what the book ended. */
  private turn(events: readonly BookEvent[], also: readonly string[], requestedReason: string | null): BookTurn {
    const turn: BookTurn = { executions: [], orders: [], ended: [] };
    const touched = new Set(also);
    const doneAt = new Map<string, { filled: number; executions: number; reason: string | null }>();
    for (const event of events) {
      if (event.type === 'FILL') {
        const sides = executionsOf(event);
        for (const e of sides) {
          touched.add(e.orderId);
          const counter = sides.find((other) => other.orderId !== e.orderId);
          turn.executions.push({ executionId: e.executionId, orderId: e.orderId, counterOrderId: counter?.orderId ?? null, quantity: event.quantity, price: fromPaise(event.price), liquidity: e.liquidity });
          if (e.remaining === 0) doneAt.set(e.orderId, { filled: e.filled, executions: e.ordinal, reason: null });
        }
      } else if (event.type === 'CANCELLED') {
        touched.add(event.orderId);
        const own = event.reason === 'REQUESTED' || event.reason === 'EXPIRED';
        const reason = own ? (requestedReason ?? REASONS[event.reason]) : REASONS[event.reason];
        const before = this.rows.get(event.orderId);
        const executions = turn.executions.filter((e) => e.orderId === event.orderId).length + (before?.executionCount ?? 0);
        doneAt.set(event.orderId, { filled: event.filled, executions, reason });
        if (!own) turn.ended.push({ orderId: event.orderId, reason });
      } else if (event.type !== 'REFUSED') {
        touched.add(event.orderId);
      }
    }
    for (const orderId of touched) {
      const row = this.rows.get(orderId);
      if (!row) continue;
      const live = this.book.order(orderId);
      if (live) {
        Object.assign(row, {
          state: live.held === 'BOOK' ? 'RESTING' : 'WAITING_TRIGGER', quantity: live.quantity, filledQuantity: live.filled, openQuantity: live.quantity - live.filled,
          priority: live.seq, executionCount: live.executions,
        });
      } else {
        const done = doneAt.get(orderId);
        Object.assign(row, {
          state: 'DONE', filledQuantity: done?.filled ?? row.filledQuantity, openQuantity: 0, executionCount: done?.executions ?? row.executionCount,
          reason: done?.reason ?? row.reason,
        });
        this.rows.delete(orderId);
      }
      turn.orders.push({ ...row });
    }
    return turn;
  }
}

function refuseOn(events: readonly BookEvent[], status: 409 | 422, field: string): void {
  const refused = events.find((e) => e.type === 'REFUSED');
  if (refused?.type === 'REFUSED') throw new BookRefusal(status, refused.reason, field);
}

function liveOrderOf(row: BookOrderRow): LiveOrder {
  return {
    orderId: row.orderId, userId: row.userId, side: row.side, type: row.type, validity: row.validity, quantity: row.quantity, filled: row.filledQuantity,
    ...(row.limitPrice ? { limitPrice: toPaise(row.limitPrice) } : {}), ...(row.triggerPrice ? { triggerPrice: toPaise(row.triggerPrice) } : {}), ...(row.protectionPrice ? { protectionPrice: toPaise(row.protectionPrice) } : {}),
    seq: row.priority, executions: row.executionCount, held: row.state === 'RESTING' ? 'BOOK' : 'STOP',
  };
}

/** The book of `symbol` from what the database holds for it, at the market's last quote. */
export function restoreBook(symbol: string, rows: readonly BookOrderRow[], quote: Quote | null): LiveBook {
  return new LiveBook(symbol, rows, quote);
}
