import { loadConfig, type ServiceConfig } from '@winvestco/common';

export interface NotificationConfig extends ServiceConfig {
  /** Attempts per delivery in all; after the last failure it is DEAD_LETTER. */
  maxAttempts: number;
  /** The wait after the first failure; it doubles after each further one, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How often due deliveries are looked for (a new notification wakes the sender at once). */
  dispatchPollMs: number;
  /** How long one attempt may take on a channel before it counts as failed. */
  sendTimeoutMs: number;
  /** A comment on every open live stream this often, so proxies keep it open. */
  heartbeatMs: number;
}

export function readNotificationConfig(): NotificationConfig {
  return loadConfig('notification', (reader) => ({
    maxAttempts: reader.integer('NOTIFY_MAX_ATTEMPTS', 6, 1),
    retryBaseMs: reader.integer('NOTIFY_RETRY_BASE_MS', 5_000, 10),
    retryMaxMs: reader.integer('NOTIFY_RETRY_MAX_MS', 10 * 60_000, 10),
    dispatchPollMs: reader.integer('NOTIFY_DISPATCH_POLL_MS', 1_000, 10),
    sendTimeoutMs: reader.integer('NOTIFY_SEND_TIMEOUT_MS', 15_000, 100),
    heartbeatMs: reader.integer('NOTIFY_HEARTBEAT_MS', 15_000, 100),
  }));
}
