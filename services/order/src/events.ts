// What the order service consumes: the trade service's reports of fills and of orders its
// book ended on its own. Each is recorded once (the inbox, and the execution id) and told to
// the order's saga through the saga book, so a saga that is down hears it when it is back.
import { subscribe, tradesTopic, type SagaDispatch, type Subscription } from '@winvestco/common';
import { TERMINAL } from './domain/order.ts';
import type { OrderRepositories } from './store.ts';
import { instanceIdOf, recordFills } from './usecases.ts';
import { BOOK_ENDED, FILL } from './workflows/sagas.ts';

export function orderSubscriptions(sagas: SagaDispatch): Subscription<OrderRepositories>[] {
  // The handler runs inside the inbox's transaction; the dispatcher is woken a moment later,
  // once that has committed (it would otherwise find the signal on its next pass).
  const wakeSoon = () => setTimeout(() => sagas.wake(), 25).unref();
  return [
    subscribe(tradesTopic, {
      'trade.executed': async (t, fill) => {
        if (!(await recordFills(t, fill.orderId, [fill]))) return;
        const instanceId = instanceIdOf({ id: fill.orderId });
        await t.sagas.signal(instanceId, FILL, { executionId: fill.executionId }, `${instanceId}:fill:${fill.executionId}`);
        wakeSoon();
      },
      'trade.order-cancelled': async (t, ended) => {
        const order = await t.orders.byId(ended.orderId);
        if (!order || TERMINAL.has(order.status)) return;
        const instanceId = instanceIdOf(order);
        await t.sagas.signal(instanceId, BOOK_ENDED, { reason: ended.reason ?? 'the book ended the order' }, `${instanceId}:book-ended`);
        wakeSoon();
      },
    }),
  ];
}
