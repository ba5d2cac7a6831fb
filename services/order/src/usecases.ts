// The order service's operations. Routes place, read and cancel orders; the saga's
// activities move them along; the trade service's events record fills. Each change, its
// history row and its event commit together, and a saga to start or to tell something is
// written in that same transaction (the kit's saga book), so nothing waits on the engine.
import { randomUUID } from 'node:crypto';
import {
  call, expectOk, formatMoney, fundsRoutes, marketRoutes, money, ordersTopic, portfolioRoutes, problems, tradeRoutes, Transient, type DaprSidecar, type Db, type ExecutionView, type OrderStatus, type PageKey, type Tx,
} from '@winvestco/common';
import { canMove, dayEnd, EVENT_OF, lockAmount, lockPrice, MAX_MODIFICATIONS, protectionPrice, statusAfterFills, termProblems, totals, TERMINAL, type Fill, type Order, type OrderLimits, type OrderTerms } from './domain/order.ts';
import type { HistoryEntry, OrderRepositories, Transition } from './store.ts';
import { CANCEL, FILL, order as orderSaga, type OrderInput } from './workflows/sagas.ts';

export type OrderDb = Db<OrderRepositories>;
type OrderTx = Tx<OrderRepositories> | OrderDb;

export interface OrderDeps {
  db: OrderDb;
  dapr: DaprSidecar;
  limits: OrderLimits;
  /** A MARKET or STOP_LOSS BUY locks at the last price raised by this many percent. */
  marketBufferPercent: string;
}

export const instanceIdOf = (order: Pick<Order, 'id'>) => `order-${order.id}`;

function eventOf(order: Order) {
  return {
    orderId: order.id, userId: order.userId, symbol: order.symbol, side: order.side, type: order.type, quantity: order.quantity,
    limitPrice: order.limitPrice, filledQuantity: order.filledQuantity, averagePrice: order.averagePrice, fees: order.fees, status: order.status,
    reason: order.reason,
  };
}

async function announce(t: OrderTx, order: Order): Promise<void> {
  await t.outbox.add(ordersTopic, EVENT_OF[order.status] as keyof typeof ordersTopic.events, order.userId, eventOf(order));
}

const samePrice = (stored: string | null, asked: string | undefined) => (stored === null ? asked === undefined : asked !== undefined && money(stored).eq(asked));
const sameTerms = (o: Order, t: OrderTerms) =>
  o.symbol === t.symbol && o.side === t.side && o.type === t.type && o.quantity === t.quantity && o.validity === t.validity
  && samePrice(o.limitPrice, t.limitPrice) && samePrice(o.triggerPrice, t.triggerPrice);

/**
 * What a BUY sets aside: its quantity at the lock price (its limit, or the last price raised
 * by the buffer, on the tick) plus the charges the trade service estimates at that price.
 */
export async function buyLockAmount(dapr: DaprSidecar, terms: Pick<OrderTerms, 'symbol' | 'type' | 'quantity' | 'limitPrice' | 'triggerPrice'>, market: { tickSize: string; last: string }, bufferPercent: string): Promise<string> {
  const price = lockPrice(terms, market.last, bufferPercent, market.tickSize);
  const estimate = await call(dapr, tradeRoutes.estimate, { query: { symbol: terms.symbol, side: 'BUY', quantity: String(terms.quantity), price: formatMoney(price) } });
  if (!estimate.ok) throw new Error(`the charges of ${terms.symbol} cannot be estimated: ${estimate.problem.detail ?? estimate.status}`);
  return lockAmount(terms.quantity, price, estimate.body.total);
}

const unavailable = (what: string) => (error: unknown) => {
  if (error instanceof Transient) throw problems.unavailable(`${what} cannot be asked about this order now; try again`, 2);
  throw error;
};

/**
 * Checked against the market before anything is stored: every problem names its field.
 * Answers what a BUY will lock, so the saga's first step only asks funds for it, and the
 * protection price of a MARKET or STOP_LOSS order, from the same quote.
 */
async function checkTerms(deps: OrderDeps, terms: OrderTerms): Promise<{ lockedAmount: string | null; protectionPrice: string | null }> {
  const [instrument, quote] = await Promise.all([
    call(deps.dapr, marketRoutes.instrument, { params: { symbol: terms.symbol } }),
    call(deps.dapr, marketRoutes.quote, { params: { symbol: terms.symbol } }),
  ]).catch(unavailable('The market'));
  if (!instrument.ok || !quote.ok) throw problems.unprocessable([{ field: 'symbol', message: `${terms.symbol} is not an instrument traded here` }]);
  const found = termProblems(terms, instrument.body, quote.body.last, deps.limits);
  if (found.length > 0) throw problems.unprocessable(found);
  const market = { tickSize: instrument.body.tickSize, last: quote.body.last };
  const protection = protectionPrice(terms, market.last, deps.marketBufferPercent, market.tickSize);
  const lockedAmount = terms.side === 'BUY' ? await buyLockAmount(deps.dapr, terms, market, deps.marketBufferPercent).catch(unavailable('The trade service')) : null;
  return { lockedAmount, protectionPrice: protection && formatMoney(protection) };
}

/**
 * Places an order once per client order id: the order and the start of its saga commit
 * together, and a repeat (or ten at once) finds the one order. The same id with other terms
 * is refused, naming the id.
 */
export async function placeOrder(deps: OrderDeps, userId: string, terms: OrderTerms & { clientOrderId: string }): Promise<{ order: Order; created: boolean }> {
  const known = await deps.db.orders.byClientId(userId, terms.clientOrderId);
  if (known) return { order: sameOrRefuse(known, terms), created: false };
  const { lockedAmount, protectionPrice: protection } = await checkTerms(deps, terms);
  const status = terms.validity === 'DAY' ? expectOk(await call(deps.dapr, marketRoutes.status), 'the market status') : null;
  const expiresAt = status ? dayEnd(status, new Date()) : null;
  return deps.db.tx(async (t) => {
    const order = await t.orders.add({
      id: randomUUID(), userId, clientOrderId: terms.clientOrderId, symbol: terms.symbol, side: terms.side, type: terms.type, quantity: terms.quantity,
      limitPrice: terms.limitPrice ?? null, triggerPrice: terms.triggerPrice ?? null, protectionPrice: protection, validity: terms.validity, expiresAt, lockedAmount,
    });
    if (!order) {
      // Another request with this id committed first: its order is this one.
      return { order: sameOrRefuse((await t.orders.byClientId(userId, terms.clientOrderId))!, terms), created: false };
    }
    await t.orders.addHistory(order.id, null, 'NEW', null);
    await announce(t, order);
    await t.sagas.begin<OrderInput>(orderSaga, instanceIdOf(order), { orderId: order.id, expiresAt: expiresAt?.toISOString() ?? null });
    return { order, created: true };
  });
}

function sameOrRefuse(order: Order, terms: OrderTerms): Order {
  if (!sameTerms(order, terms)) throw problems.unprocessable([{ field: 'clientOrderId', message: 'this clientOrderId was used for another order; use a new one' }]);
  return order;
}

/** Moves an order (an activity's step), with its history and its event; null when it had moved on. */
export async function moveTo(t: OrderTx, orderId: string, to: OrderStatus, details: Transition = {}, note: string | null = null): Promise<Order | null> {
  const before = await t.orders.byId(orderId);
  if (!before || !canMove(before.status, to)) return null;
  const moved = await t.orders.transition(orderId, to, details);
  if (!moved) return null;
  await t.orders.addHistory(orderId, before.status, to, note ?? details.reason ?? null);
  await announce(t, moved);
  return moved;
}

/**
 * Records executions of an order (from the book's answer or its events), each once, and
 * the order's totals; a first fill moves it to PARTIALLY_FILLED. FILLED waits for the
 * settlement: a terminal order has no money set aside. Returns the executions that were new.
 */
export async function recordFills(t: Tx<OrderRepositories>, orderId: string, executions: readonly Omit<ExecutionView, 'orderId'>[]): Promise<number> {
  const order = await t.orders.lock(orderId);
  if (!order) return 0;
  let added = 0;
  for (const e of executions) {
    if (await t.orders.addFill({ ...e, orderId, executedAt: new Date(e.executedAt) })) added += 1;
  }
  if (added === 0) return 0;
  const sum = totals(await t.orders.fills(orderId));
  const updated = await t.orders.setTotals(orderId, sum);
  if (!TERMINAL.has(updated.status) && statusAfterFills(updated, sum.filledQuantity) !== updated.status) {
    await moveTo(t, orderId, 'PARTIALLY_FILLED', {}, `${sum.filledQuantity} of ${updated.quantity} filled`);
  } else {
    await announce(t, updated);
  }
  return added;
}

export async function ordersOf(db: OrderDb, userId: string, limit: number, before: PageKey | null, filter: { symbol?: string; status?: OrderStatus }) {
  return db.orders.page(userId, limit, before, filter);
}

/** One of the user's orders with its history and fills; another user's order is not found. */
export async function orderOf(db: OrderDb, userId: string, orderId: string): Promise<{ order: Order; history: HistoryEntry[]; fills: Fill[] }> {
  const order = await db.orders.byId(orderId);
  if (!order || order.userId !== userId) throw problems.notFound(`No order ${orderId}`);
  const [history, fills] = await Promise.all([db.orders.history(orderId), db.orders.fills(orderId)]);
  return { order, history, fills };
}

/** A client's cancel: told to the saga (stored, then raised), which takes the order out of its book. */
export async function requestCancel(db: OrderDb, userId: string, orderId: string): Promise<{ order: Order; instanceId: string }> {
  return db.tx(async (t) => {
    const order = await t.orders.lock(orderId);
    if (!order || order.userId !== userId) throw problems.notFound(`No order ${orderId}`);
    if (TERMINAL.has(order.status)) throw problems.conflict(`Order ${orderId} is ${order.status}; it can no longer be cancelled`);
    const instanceId = instanceIdOf(order);
    await t.sagas.signal(instanceId, CANCEL, { by: userId }, `${instanceId}:cancel`);
    return { order, instanceId };
  });
}

/**
 * Modifies an open LIMIT order's quantity or limit price, answered at once as a broker does:
 * first what it sets aside grows or shrinks (the BUY's lock to the new unfilled value with
 * its charges, the SELL's reservation to the new quantity), then its book changes it. A
 * growth the balance or the holding cannot cover, or a book that no longer holds the order,
 * changes nothing. The order's row stays locked meanwhile, so two modifications of one order
 * never interleave (each call inside has a 10 s deadline).
 */
export async function modifyOrder(deps: OrderDeps, userId: string, orderId: string, change: { quantity?: number; limitPrice?: string }): Promise<Order> {
  const { dapr } = deps;
  const result = await deps.db.tx(async (t) => {
    const order = await t.orders.lock(orderId);
    if (!order || order.userId !== userId) throw problems.notFound(`No order ${orderId}`);
    if (order.type !== 'LIMIT' || (order.status !== 'OPEN' && order.status !== 'PARTIALLY_FILLED')) throw problems.conflict(`Only an open LIMIT order can be modified; this one is a ${order.status} ${order.type}`);
    if (order.modifications >= MAX_MODIFICATIONS) throw problems.conflict(`An order may be modified at most ${MAX_MODIFICATIONS} times`);
    const quantity = change.quantity ?? order.quantity;
    const limitPrice = change.limitPrice ?? order.limitPrice!;
    if (quantity === order.quantity && money(limitPrice).eq(order.limitPrice!)) throw problems.unprocessable([{ field: 'quantity', message: 'the modification changes nothing' }]);
    if (quantity <= order.filledQuantity) throw problems.unprocessable([{ field: 'quantity', message: `${order.filledQuantity} shares have filled already; the quantity must be more` }]);
    await checkTerms(deps, { symbol: order.symbol, side: order.side, type: 'LIMIT', quantity, limitPrice, validity: order.validity });
    // One key per attempt: a refused attempt must not answer the next one.
    const key = `${instanceIdOf(order)}:modify:${randomUUID()}`;

    // What is set aside follows the new terms first; refused, nothing has changed.
    let undo: () => Promise<unknown>;
    let lockedAmount: string | null = null;
    if (order.side === 'BUY') {
      const rest = quantity - order.filledQuantity;
      const estimate = expectOk(await call(dapr, tradeRoutes.estimate, { query: { symbol: order.symbol, side: 'BUY', quantity: String(rest), price: limitPrice } }), 'the charges estimate');
      const held = lockAmount(rest, money(limitPrice), estimate.total);
      const before = expectOk(await call(dapr, fundsRoutes.getLock, { params: { lockId: order.lockId! } }), 'the order\'s lock');
      const adjusted = await call(dapr, fundsRoutes.adjust, { params: { lockId: order.lockId! }, body: { held }, idempotencyKey: key });
      if (!adjusted.ok) throw problems.unprocessable([{ field: change.quantity !== undefined ? 'quantity' : 'limitPrice', message: `the wallet cannot cover the change: ${adjusted.problem.detail ?? adjusted.status}` }]);
      lockedAmount = formatMoney(money(order.lockedAmount ?? 0).plus(adjusted.body.change));
      undo = () => call(dapr, fundsRoutes.adjust, { params: { lockId: order.lockId! }, body: { held: before.held }, idempotencyKey: `${key}:undo` });
    } else {
      const adjusted = await call(dapr, portfolioRoutes.adjust, { params: { orderId: order.id }, body: { quantity }, idempotencyKey: key });
      if (!adjusted.ok) throw problems.unprocessable([{ field: 'quantity', message: `the holding cannot cover the change: ${adjusted.problem.detail ?? adjusted.status}` }]);
      undo = () => call(dapr, portfolioRoutes.adjust, { params: { orderId: order.id }, body: { quantity: order.quantity }, idempotencyKey: `${key}:undo` });
    }

    const book = await call(dapr, tradeRoutes.modify, { params: { orderId: order.id }, body: { symbol: order.symbol, quantity, limitPrice }, idempotencyKey: key });
    if (!book.ok) {
      await undo();
      throw problems.conflict(`The book did not take the modification: ${book.problem.detail ?? book.status}`);
    }
    const modified = await t.orders.modified(order.id, { quantity, limitPrice, lockedAmount });
    await t.orders.addHistory(order.id, order.status, order.status, `modified: ${quantity} at ${formatMoney(limitPrice)}`);
    await t.outbox.add(ordersTopic, 'order.modified', modified.userId, eventOf(modified));
    // A new price may have traded at once: the saga settles what filled.
    const filled = await recordFills(t, order.id, book.body.executions);
    if (filled > 0) await t.sagas.signal(instanceIdOf(order), FILL, { modified: order.modifications + 1 }, `${key}:fill`);
    return { order: (await t.orders.byId(order.id))!, filled };
  });
  return result.order;
}
