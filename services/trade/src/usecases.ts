// The trade service's operations, each one turn of a symbol's book: run the pure book, then
// write what it did (the orders it changed, its executions with their charges, their events)
// in one transaction. A turn that cannot be written leaves the book in memory ahead of the
// database, so the actor drops it and rebuilds it from the database on its next call.
import { formatMoney, money, tradesTopic, type BookOrderView, type Money, type Db, type SubmitOrderRequest, type Tx } from '@winvestco/common';
import type { BookTurn, LiveBook } from './book.ts';
import { fillCharges } from './domain/charges.ts';
import { BookRefusal } from './refusal.ts';
import type { BookOrderRow, Execution, TradeRepositories } from './store.ts';

export { BookRefusal };

export type TradeDb = Db<TradeRepositories>;
type TradeTx = Tx<TradeRepositories>;

export async function viewOf(q: TradeDb | TradeTx, orderId: string): Promise<BookOrderView> {
  const order = await q.book.byId(orderId);
  if (!order) throw new BookRefusal(404, `the book has no order ${orderId}`);
  const executions = await q.book.executions(orderId);
  return {
    orderId, state: order.state, filledQuantity: order.filledQuantity, openQuantity: order.openQuantity, reason: order.reason,
    executions: executions.map((e) => ({
      executionId: e.id, orderId, quantity: e.quantity, price: e.price, fees: e.fees, liquidity: e.liquidity, executedAt: e.executedAt.toISOString(),
    })),
  };
}

/** Writes one turn: the orders as they now stand, each execution once with its charges and event, each order the book ended. */
async function write(t: TradeTx, symbol: string, turn: BookTurn, added?: BookOrderRow): Promise<void> {
  if (added) await t.book.add(added);
  for (const order of turn.orders) await t.book.update(order);
  // Every order a fill or an ending names is one the turn changed (or the one it added).
  const rows = new Map([...turn.orders, ...(added ? [added] : [])].map((o) => [o.orderId, o]));
  const now = new Date();
  // An order's charges are computed on its whole turnover (brokerage is capped per order),
  // and each fill carries the difference, so its fills always add up to the order's charges.
  // The turnover before this turn is read only for an order that had executions before it.
  const turnovers = new Map<string, Money>();
  const turnoverBefore = async (order: BookOrderRow): Promise<Money> => {
    const known = turnovers.get(order.orderId);
    if (known) return known;
    const earlier = order.executionCount - turn.executions.filter((e) => e.orderId === order.orderId).length;
    return earlier > 0 ? money(await t.book.turnover(order.orderId)) : money(0);
  };
  for (const fill of turn.executions) {
    const order = rows.get(fill.orderId)!;
    const before = await turnoverBefore(order);
    const value = money(fill.price).mul(fill.quantity);
    turnovers.set(order.orderId, before.plus(value));
    const charges = fillCharges(order.side, before, value);
    const execution: Execution = {
      id: fill.executionId, orderId: fill.orderId, userId: order.userId, symbol, side: order.side, quantity: fill.quantity, price: fill.price,
      charges, fees: charges.total, liquidity: fill.liquidity, counterOrderId: fill.counterOrderId, executedAt: now,
    };
    if (!(await t.book.addExecution(execution))) continue;
    await t.outbox.add(tradesTopic, 'trade.executed', order.userId, {
      executionId: execution.id, orderId: order.orderId, userId: order.userId, symbol, side: order.side, quantity: execution.quantity,
      price: formatMoney(execution.price), fees: execution.fees, currency: 'INR', liquidity: execution.liquidity, executedAt: now.toISOString(),
      charges: { brokerage: charges.brokerage, stt: charges.stt, exchangeCharge: charges.exchangeCharge, sebiFee: charges.sebiFee, stampDuty: charges.stampDuty, gst: charges.gst },
    });
  }
  for (const ended of turn.ended) {
    const order = rows.get(ended.orderId)!;
    await t.outbox.add(tradesTopic, 'trade.order-cancelled', order.userId, { orderId: order.orderId, userId: order.userId, symbol, reason: ended.reason });
  }
}

/** Takes an order into its book once: a repeat answers where it stands. */
export async function submit(db: TradeDb, live: LiveBook, request: SubmitOrderRequest): Promise<BookOrderView> {
  if (await db.book.byId(request.orderId)) return viewOf(db, request.orderId);
  const row: BookOrderRow = {
    orderId: request.orderId, userId: request.userId, symbol: request.symbol, side: request.side, type: request.type, quantity: request.quantity,
    limitPrice: request.limitPrice ?? null, triggerPrice: request.triggerPrice ?? null, protectionPrice: request.protectionPrice ?? null, validity: request.validity,
    state: 'RESTING', filledQuantity: 0, openQuantity: request.quantity, priority: 0, executionCount: 0, reason: null,
  };
  const turn = live.place(row);
  const placed = turn.orders.find((o) => o.orderId === row.orderId) ?? row;
  return db.tx(async (t) => {
    await write(t, request.symbol, { ...turn, orders: turn.orders.filter((o) => o.orderId !== row.orderId) }, placed);
    return viewOf(t, request.orderId);
  });
}

/** Takes an order's rest out of its book; an order it holds no more answers where it ended. */
export async function cancel(db: TradeDb, live: LiveBook, symbol: string, orderId: string, reason: string, expired = false): Promise<BookOrderView> {
  const known = await db.book.byId(orderId);
  if (!known) throw new BookRefusal(404, `the book has no order ${orderId}`);
  if (known.state === 'DONE' || !live.holds(orderId)) return viewOf(db, orderId);
  const turn = live.cancel(orderId, reason, expired);
  return db.tx(async (t) => {
    await write(t, symbol, { ...turn, ended: [] });
    return viewOf(t, orderId);
  });
}

/** A resting LIMIT order's new quantity or price (a price change, or more shares, loses its time priority). */
export async function modify(db: TradeDb, live: LiveBook, symbol: string, orderId: string, quantity: number, limitPrice: string): Promise<BookOrderView> {
  const known = await db.book.byId(orderId);
  if (!known) throw new BookRefusal(404, `the book has no order ${orderId}`);
  if (known.state === 'DONE' || !live.holds(orderId)) throw new BookRefusal(409, `order ${orderId} is no longer in the book`);
  if (quantity <= known.filledQuantity) throw new BookRefusal(422, `${known.filledQuantity} shares have filled already; the quantity must be more`, 'quantity');
  const turn = live.modify(orderId, quantity, limitPrice);
  return db.tx(async (t) => {
    await write(t, symbol, turn);
    return viewOf(t, orderId);
  });
}

/** A new quote: stops that it triggers, and resting orders it makes marketable against the exchange, execute. */
export async function quoteMoved(db: TradeDb, live: LiveBook, symbol: string, quote: { last: string; bid: string; ask: string }): Promise<number> {
  const turn = live.quote(quote);
  if (turn.executions.length === 0 && turn.orders.length === 0) return 0;
  await db.tx((t) => write(t, symbol, turn));
  return turn.executions.length;
}
