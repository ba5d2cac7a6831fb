import type { ServiceDeps, ServiceParts } from '@winvestco/common';
import { emailChannel, httpChannel } from './channels/bindings.ts';
import type { NotificationConfig } from './config.ts';
import { Dispatcher } from './dispatcher.ts';
import { notificationView } from './dto.ts';
import { notificationSubscriptions } from './events.ts';
import { LiveStreams } from './live.ts';
import { notificationRoutes } from './routes.ts';
import type { NotificationRepositories } from './store.ts';

/**
 * The notification service: turns other services' events into notifications a person reads,
 * keeps them with each user's preferences, streams them live (SSE), and sends them by email,
 * SMS and push through Dapr output bindings, retrying with backoff until DEAD_LETTER.
 */
export async function buildNotificationService({ config, dapr, db, log, metrics, verifier }: ServiceDeps<NotificationRepositories, NotificationConfig>): Promise<ServiceParts<NotificationRepositories>> {
  const dispatcher = new Dispatcher(db, [
    emailChannel(dapr, config.sendTimeoutMs), httpChannel(dapr, 'SMS', config.sendTimeoutMs), httpChannel(dapr, 'PUSH', config.sendTimeoutMs),
  ], {
    maxAttempts: config.maxAttempts, baseDelayMs: config.retryBaseMs, maxDelayMs: config.retryMaxMs,
    pollMs: config.dispatchPollMs, leaseMs: config.sendTimeoutMs * 2, batch: 20,
  }, log, metrics);
  const live = new LiveStreams(db, (n) => notificationView(n), { heartbeatMs: config.heartbeatMs, retryMs: 3000 }, log);
  const wakeSoon = () => setTimeout(() => void dispatcher.wake(), 25).unref();
  return {
    routes: notificationRoutes({ db, verifier, live, dispatcher }),
    subscriptions: notificationSubscriptions(wakeSoon),
    start: async () => {
      await live.start();
      dispatcher.start();
    },
    stop: async () => {
      await live.stop();
      await dispatcher.stop();
    },
  };
}
