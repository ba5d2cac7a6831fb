import { toCloudEvent } from './cloudevents.ts';
import type { DaprSidecar } from './dapr.ts';
import type { OutboxRepository, PendingEvent } from './outbox.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { repeat } from './repeat.ts';

interface RelayDb {
  tx<T>(cb: (t: { outbox: OutboxRepository }) => Promise<T>): Promise<T>;
}

export interface RelayOptions {
  appId: string;
  pubsubName: string;
  topicPrefix: string;
  intervalMs: number;
  batchSize?: number;
}

/**
 * Publishes committed outbox rows through Dapr, in order, and marks them sent. A crash
 * between publish and mark means the event is published again: consumers dedupe by id.
 */
export class OutboxRelay {
  private loop?: { stop(): Promise<void> };

  constructor(
    private readonly db: RelayDb,
    private readonly dapr: DaprSidecar,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly options: RelayOptions,
  ) {}

  start(): void {
    this.loop = repeat(() => this.drain(), this.options.intervalMs, (error) => this.log.warn({ err: error }, 'outbox relay pass failed; will retry'));
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  private publish(event: PendingEvent): Promise<void> {
    return this.dapr.publishCloudEvent(this.options.pubsubName, this.options.topicPrefix + event.topic, toCloudEvent(event, this.options.appId));
  }

  /** Publishes until the outbox is empty or a publish fails; returns how many were sent. */
  async drain(): Promise<number> {
    const batchSize = this.options.batchSize ?? 50;
    let sent = 0;
    for (;;) {
      const batchSent = await this.db.tx(async (t) => {
        const batch = await t.outbox.claimBatch(batchSize);
        let n = 0;
        for (const event of batch) {
          try {
            await this.publish(event);
          } catch (error) {
            await t.outbox.markFailed(event.id, String(error));
            this.log.warn({ err: error, eventId: event.id, type: event.type, attempts: event.attempts + 1 }, 'publishing an outbox event failed');
            return -1; // keep order: later events wait for this one
          }
          await t.outbox.markPublished(event.id);
          this.metrics.eventsPublished.inc({ topic: event.topic, type: event.type });
          n += 1;
        }
        return n;
      });
      if (batchSent <= 0) return sent;
      sent += batchSent;
      if (batchSent < batchSize) return sent;
    }
  }
}
