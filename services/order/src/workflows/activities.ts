// The order saga's steps (steps.ts), implemented. Each is idempotent: it may run again after
// a crash or a retry. Every call that moves money or shares carries an idempotency key
// (instance id + step, + execution id for a fill's settlement), so nothing moves twice; a
// status moves only from its predecessor. Transient failures of the callees throw (the saga
// retries them); their refusals come back as values ({ refused }).
import {
  call, formatMoney, fundsRoutes, implement, marketRoutes, portfolioRoutes as portfolio, tradeRoutes, type Answer, type BookOrderView, type DaprSidecar, type StepContext,
} from '@winvestco/common';
import { turnover, type Order } from '../domain/order.ts';
import { buyLockAmount, moveTo, recordFills, type OrderDb } from '../usecases.ts';
import * as steps from './steps.ts';

const refusal = (answer: Answer<unknown> & { ok: false }) => ({ refused: `${answer.status} ${answer.problem.detail ?? answer.problem.title}` });

export interface OrderActivityOptions {
  marketBufferPercent: string;
}

export function orderActivities(db: OrderDb, dapr: DaprSidecar, options: OrderActivityOptions) {
  const orderOf = async (id: string) => {
    const found = await db.orders.byId(id);
    if (!found) throw new Error(`order ${id} does not exist`);
    return found;
  };

  /**
   * What a BUY sets aside: fixed at placement; an order placed before that was so gets it
   * here, stored before funds is asked, so a retry asks for the same.
   */
  const buyAmount = async (order: Order): Promise<string> => {
    if (order.lockedAmount) return order.lockedAmount;
    const [instrument, quote] = await Promise.all([
      call(dapr, marketRoutes.instrument, { params: { symbol: order.symbol } }),
      call(dapr, marketRoutes.quote, { params: { symbol: order.symbol } }),
    ]);
    if (!instrument.ok || !quote.ok) throw new Error(`the market does not know ${order.symbol} now`);
    const amount = await buyLockAmount(dapr, { ...order, limitPrice: order.limitPrice ?? undefined, triggerPrice: order.triggerPrice ?? undefined }, { tickSize: instrument.body.tickSize, last: quote.body.last }, options.marketBufferPercent);
    return db.orders.fixLockedAmount(order.id, amount);
  };

  const lockFunds = async (key: string, order: Order) => call(dapr, fundsRoutes.lock, {
    body: { userId: order.userId, amount: await buyAmount(order), reference: order.id, purpose: 'ORDER' }, idempotencyKey: key,
  });

  const reserveShares = async (key: string, order: Order) => call(dapr, portfolio.reserve, {
    body: { userId: order.userId, symbol: order.symbol, quantity: order.quantity, orderId: order.id }, idempotencyKey: key,
  });

  const releaseShares = async (key: string, order: Order, reason: string) => {
    const answer = await call(dapr, portfolio.release, { params: { orderId: order.id }, body: { reason: reason.slice(0, 200) }, idempotencyKey: key });
    return answer.ok || answer.status === 404 ? null : refusal(answer);
  };

  const releaseFunds = async (key: string, lockId: string, reason: string) => {
    const answer = await call(dapr, fundsRoutes.release, { params: { lockId }, body: { reason: reason.slice(0, 500) }, idempotencyKey: key });
    // Settled or released already (by this saga, before a crash): nothing is left to give back.
    return answer.ok || answer.status === 409 ? null : refusal(answer);
  };

  /** Moves the money of every unsettled fill, each once; with `close`, gives back the rest. */
  const settleFills = async (step: StepContext, order: Order, close: boolean) => {
    const fills = (await db.orders.fills(order.id)).filter((f) => !f.settled);
    if (order.side === 'SELL') {
      for (const fill of fills) {
        // Credited gross with the fill's charges as its fee: the wallet gains the difference.
        const answer = await call(dapr, fundsRoutes.credit, {
          body: { userId: order.userId, amount: formatMoney(turnover(fill)), fee: fill.fees, reference: order.id, executionId: fill.executionId, kind: 'TRADE_CREDIT' }, idempotencyKey: step.key(fill.executionId),
        });
        if (!answer.ok) return refusal(answer);
        await db.orders.fillSettled(fill.executionId);
      }
      return close ? releaseShares(step.key('release'), order, 'the order ended') : null;
    }
    if (!order.lockId) return fills.length || close ? { refused: `BUY order ${order.id} has no funds lock to settle from` } : null;
    const why = 'the order ended; what it did not spend goes back';
    for (const [i, fill] of fills.entries()) {
      // Each fill pays out of the lock once, keyed by its execution: cost and charges. The
      // last of an ending order also gives back the rest, in the same call.
      const last = close && i === fills.length - 1;
      const answer = await call(dapr, fundsRoutes.settlement, {
        params: { lockId: order.lockId },
        body: { executionId: fill.executionId, amount: formatMoney(turnover(fill).plus(fill.fees)), fee: fill.fees, ...(last ? { closeLock: true, reason: why } : {}) },
        idempotencyKey: step.key(fill.executionId),
      });
      if (!answer.ok) return refusal(answer);
      await db.orders.fillSettled(fill.executionId);
    }
    return close && fills.length === 0 ? releaseFunds(step.key('release'), order.lockId, why) : null;
  };

  const bookOutcome = async (orderId: string, view: BookOrderView): Promise<steps.BookOutcome> => {
    await db.tx((t) => recordFills(t, orderId, view.executions));
    return { state: view.state, filledQuantity: view.filledQuantity, openQuantity: view.openQuantity, reason: view.reason };
  };

  return [
    implement(steps.acceptOrder, async (step, input) => {
      let order = await orderOf(input.orderId);
      if (order.status !== 'NEW' && order.status !== 'VALIDATED') return { accepted: order.status !== 'REJECTED' && order.status !== 'FAILED', status: order.status };
      const answer = order.side === 'BUY' ? await lockFunds(step.key(), order) : await reserveShares(step.key(), order);
      if (!answer.ok) {
        const reason = order.side === 'BUY' ? `the funds could not be locked: ${answer.problem.detail ?? answer.status}` : `the shares could not be reserved: ${answer.problem.detail ?? answer.status}`;
        const moved = await db.tx((t) => moveTo(t, order.id, 'REJECTED', { reason }));
        return { accepted: false, status: moved?.status ?? 'REJECTED' };
      }
      order = await db.tx(async (t) => {
        await moveTo(t, order.id, 'VALIDATED');
        const held = order.side === 'BUY'
          ? await moveTo(t, order.id, 'FUNDS_LOCKED', { lockId: (answer.body as { lockId: string }).lockId }, `locked ${(answer.body as { amount: string }).amount}`)
          : await moveTo(t, order.id, 'HOLDINGS_RESERVED', {}, `reserved ${order.quantity} ${order.symbol}`);
        return held ?? (await t.orders.byId(order.id))!;
      });
      return { accepted: true, status: order.status };
    }),

    implement(steps.submitOrder, async (step, input) => {
      const order = await orderOf(input.orderId);
      const answer = await call(dapr, tradeRoutes.submit, {
        body: {
          orderId: order.id, userId: order.userId, symbol: order.symbol, side: order.side, type: order.type, quantity: order.quantity,
          ...(order.limitPrice ? { limitPrice: order.limitPrice } : {}), ...(order.triggerPrice ? { triggerPrice: order.triggerPrice } : {}),
          ...(order.protectionPrice ? { protectionPrice: order.protectionPrice } : {}), validity: order.validity,
        },
        idempotencyKey: step.key(),
      });
      if (!answer.ok) return refusal(answer);
      const outcome = await bookOutcome(order.id, answer.body);
      if (outcome.state !== 'DONE' && outcome.filledQuantity === 0) await db.tx((t) => moveTo(t, order.id, 'OPEN', {}, outcome.state === 'WAITING_TRIGGER' ? 'waiting for its trigger price' : 'resting in the book'));
      return outcome;
    }),

    implement(steps.cancelInBook, async (step, input) => {
      const order = await orderOf(input.orderId);
      const answer = await call(dapr, tradeRoutes.cancel, { params: { orderId: order.id }, body: { symbol: order.symbol, reason: input.reason.slice(0, 200), expired: input.expired === true }, idempotencyKey: step.key() });
      if (!answer.ok) {
        // Never reached the book: nothing is open there, nothing filled.
        if (answer.status === 404) return { state: 'DONE' as const, filledQuantity: order.filledQuantity, openQuantity: order.quantity - order.filledQuantity, reason: input.reason };
        return refusal(answer);
      }
      return bookOutcome(order.id, answer.body);
    }),

    implement(steps.settleOrder, async (step, input) => {
      let order = await orderOf(input.orderId);
      if (order.status === 'FILLED' || order.status === 'CANCELLED' || order.status === 'EXPIRED') return { status: order.status, filledQuantity: order.filledQuantity, quantity: order.quantity };
      const complete = order.filledQuantity >= order.quantity;
      const close = complete || input.ending !== null;
      const refused = await settleFills(step, order, close);
      if (refused) return refused;
      if (close) {
        const to = complete ? 'FILLED' : input.ending!.status;
        order = (await db.tx((t) => moveTo(t, order.id, to, complete ? {} : { reason: input.ending!.reason }))) ?? (await orderOf(order.id));
      }
      return { status: order.status, filledQuantity: order.filledQuantity, quantity: order.quantity };
    }),

    implement(steps.abandonOrder, async (step, input) => {
      const order = await orderOf(input.orderId);
      if (order.side === 'BUY' && order.lockId) {
        const refused = await releaseFunds(step.key(), order.lockId, input.reason);
        if (refused) return refused;
      } else if (order.side === 'BUY' && order.lockedAmount) {
        // The accept step may have locked and crashed before it recorded the lock. Asked
        // again under that step's key, funds answers what it did then (the lock, or its
        // refusal), or locks now; either way a lock is known and can be given back.
        const lock = await lockFunds(`${step.instanceId}:acceptOrder`, order);
        if (lock.ok) {
          const refused = await releaseFunds(step.key(), lock.body.lockId, input.reason);
          if (refused) return refused;
        }
      }
      if (order.side === 'SELL') {
        const refused = await releaseShares(step.key(), order, input.reason);
        if (refused) return refused;
      }
      const moved = await db.tx((t) => moveTo(t, order.id, input.status, { reason: input.reason }));
      const now = moved ?? (await orderOf(order.id));
      return { status: now.status, filledQuantity: now.filledQuantity, quantity: now.quantity };
    }),
  ];
}
