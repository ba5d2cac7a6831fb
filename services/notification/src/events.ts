// What the notification service consumes: the user, payment, order, trade and funds topics.
// Each event is applied once (the kit's inbox, in the transaction that records it), and one
// event tells a user one thing of a type (a unique key on the source event id as well).
import {
  fundsTopic, ordersTopic, paymentsTopic, subscribe, tradesTopic, usersTopic, type OrderEvent, type Subscription, type Tx,
} from '@winvestco/common';
import * as say from './domain/notifications.ts';
import type { NotificationRepositories } from './store.ts';
import { notify } from './usecases.ts';

type T = Tx<NotificationRepositories>;

export function notificationSubscriptions(afterCommit: () => void): Subscription<NotificationRepositories>[] {
  // The handler runs inside the inbox's transaction; the sender looks a moment later, once it has committed.
  const tell = async (t: T, draft: say.NotificationDraft | null, eventId: string) => {
    if (await notify(t, draft, eventId)) afterCommit();
  };
  const order = (e: OrderEvent): say.OrderFacts => ({ ...e, limitPrice: e.limitPrice ?? null, averagePrice: e.averagePrice ?? null, reason: e.reason ?? null });
  return [
    subscribe<NotificationRepositories, typeof usersTopic>(usersTopic, {
      'user.registered': async (t, e, event) => {
        await t.recipients.remember(e.userId, { email: e.email, firstName: e.firstName });
        await tell(t, say.welcome(e), event.id);
      },
      'user.updated': async (t, e) => t.recipients.changeContact(e.userId, e.changed),
      'user.status-changed': async (t, e, event) => tell(t, say.accountStatusChanged({ ...e, reason: e.reason ?? null }), event.id),
      'user.password-changed': async (t, e, event) => tell(t, say.passwordChanged(e), event.id),
    }),
    subscribe<NotificationRepositories, typeof paymentsTopic>(paymentsTopic, {
      'payment.created': async (t, e, event) => tell(t, say.withdrawalRequested(e), event.id),
      'payment.succeeded': async (t, e, event) => tell(t, say.paymentSucceeded(e), event.id),
      'payment.failed': async (t, e, event) => tell(t, say.paymentFailed(e), event.id),
      'payment.expired': async (t, e, event) => tell(t, say.paymentFailed(e, true), event.id),
      'payment.payout-completed': async (t, e, event) => tell(t, say.payoutCompleted(e), event.id),
    }),
    subscribe<NotificationRepositories, typeof ordersTopic>(ordersTopic, {
      'order.open': async (t, e, event) => tell(t, say.orderOpen(order(e)), event.id),
      'order.modified': async (t, e, event) => tell(t, say.orderModified(order(e)), event.id),
      'order.filled': async (t, e, event) => tell(t, say.orderFilled(order(e)), event.id),
      'order.cancelled': async (t, e, event) => tell(t, say.orderEnded(order(e), 'CANCELLED'), event.id),
      'order.rejected': async (t, e, event) => tell(t, say.orderEnded(order(e), 'REJECTED'), event.id),
      'order.expired': async (t, e, event) => tell(t, say.orderEnded(order(e), 'EXPIRED'), event.id),
      'order.failed': async (t, e, event) => tell(t, say.orderEnded(order(e), 'FAILED'), event.id),
    }),
    subscribe<NotificationRepositories, typeof tradesTopic>(tradesTopic, {
      'trade.executed': async (t, e, event) => tell(t, say.tradeExecuted(e), event.id),
    }),
    subscribe<NotificationRepositories, typeof fundsTopic>(fundsTopic, {
      'funds.credited': async (t, e, event) => tell(t, say.saleProceedsCredited(e), event.id),
    }),
  ];
}
