// Sends what is due on the channels outside the app: claims deliveries (a lease, so two
// replicas never send one at once and a sender that dies leaves it due again), sends each
// through its channel, and records the outcome: SENT, or a retry after an exponential
// backoff, or DEAD_LETTER after the last attempt, for an operator (GET /admin/notifications/deliveries).
import type { Database, Logger, Metrics } from '@winvestco/common';
import { Counter } from 'prom-client';
import type { NotificationChannel } from './channels/channel.ts';
import type { ExternalChannel } from './domain/notifications.ts';
import { nextRetryDelay, type RetryPolicy } from './domain/preferences.ts';
import type { DueDelivery, NotificationRepositories } from './store.ts';

export interface DispatcherOptions extends RetryPolicy {
  pollMs: number;
  /** How long one attempt may take before the delivery is due again. */
  leaseMs: number;
  batch: number;
}

export class Dispatcher {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly channels: Map<ExternalChannel, NotificationChannel>;
  private readonly outcomes: Counter;

  constructor(
    private readonly db: Database<NotificationRepositories>,
    channels: readonly NotificationChannel[],
    private readonly options: DispatcherOptions,
    private readonly log: Logger,
    metrics: Metrics,
  ) {
    this.channels = new Map(channels.map((c) => [c.name, c]));
    this.outcomes = new Counter({
      name: 'notification_deliveries_total', help: 'Delivery attempts by channel and outcome (sent, retry, dead_letter)',
      labelNames: ['channel', 'outcome'], registers: [metrics.registry],
    });
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.wake().finally(tick), this.options.pollMs);
      this.timer.unref();
    };
    tick();
  }

  /** Sends what is due now (after a commit that added deliveries, say); one pass at a time. */
  wake(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      let due: DueDelivery[];
      try {
        due = await this.db.deliveries.claim(this.options.batch, this.options.leaseMs);
      } catch (error) {
        this.log.warn({ err: error }, 'could not claim deliveries; trying again later');
        return;
      }
      if (due.length === 0) return;
      await Promise.all(due.map((d) => this.attempt(d)));
    }
  }

  private async attempt(d: DueDelivery): Promise<void> {
    const channel = this.channels.get(d.channel);
    try {
      if (!channel) throw new Error(`no channel ${d.channel} is configured`);
      await channel.send({
        notificationId: d.notificationId, userId: d.userId, recipient: d.recipient, type: d.type, title: d.title, message: d.message,
        priority: d.priority, data: d.data, createdAt: d.createdAt,
      });
      await this.db.deliveries.sent(d);
      this.outcomes.inc({ channel: d.channel, outcome: 'sent' });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const delay = nextRetryDelay(this.options, d.attempts);
      this.log.warn({ notificationId: d.notificationId, channel: d.channel, attempt: d.attempts, retryInMs: delay, reason },
        delay === null ? 'delivery failed for the last time: DEAD_LETTER' : 'delivery failed; trying again later');
      await this.db.deliveries.failed(d, reason, delay).catch((e: unknown) => this.log.warn({ err: e }, 'could not record a failed delivery; its lease will end it'));
      this.outcomes.inc({ channel: d.channel, outcome: delay === null ? 'dead_letter' : 'retry' });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
