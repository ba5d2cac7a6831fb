import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { toCloudEvent } from './cloudevents.ts';
import { contractCheckFromEnv, type ContractCheck } from './contract-check.ts';
import type { DaprSidecar } from './dapr.ts';
import type { OutboxRepository, PendingEvent } from './outbox.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { repeat, type Repeating } from './repeat.ts';

interface RelayDb {
  outbox: OutboxRepository;
}

export interface RelayOptions {
  appId: string;
  pubsubName: string;
  topicPrefix: string;
  intervalMs: number;
  batchSize?: number;
  /** How long a relay that stopped renewing keeps the others from publishing. */
  leaseSeconds?: number;
}

/**
 * Publishes committed outbox rows through Dapr, in the order they were written, and marks
 * them sent. One relay per service publishes at a time (a lease in the database), so events
 * keep their order across replicas; the others take over when its lease expires. No
 * transaction is held while publishing: the batch is read, published one by one in order,
 * then marked. A crash between publish and mark publishes those events again; consumers
 * dedupe by id.
 */
export class OutboxRelay {
  private loop?: Repeating;
  private readonly holder: string;
  /** Test runs: each event checked against its published contract first (contract-check.ts). */
  private check?: Promise<ContractCheck | undefined>;

  constructor(
    private readonly db: RelayDb,
    private readonly dapr: DaprSidecar,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly options: RelayOptions,
  ) {
    this.holder = `${options.appId}@${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  start(): void {
    this.loop = repeat(() => this.drain(), this.options.intervalMs, (error) => this.log.warn({ err: error }, 'outbox relay pass failed; will retry'));
  }

  /** Something was just written to the outbox: publish it now rather than at the next poll. */
  wake(): void {
    this.loop?.wake();
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
    await this.db.outbox.releaseLease(this.holder).catch(() => undefined);
  }

  private async publish(event: PendingEvent): Promise<void> {
    this.check ??= contractCheckFromEnv(this.options.appId, this.log, this.metrics);
    (await this.check)?.(event);
    return this.dapr.publishCloudEvent(this.options.pubsubName, this.options.topicPrefix + event.topic, toCloudEvent(event, this.options.appId));
  }

  /** Publishes until the outbox is empty or a publish fails; returns how many were sent (0 when another relay holds the lease). */
  async drain(): Promise<number> {
    const batchSize = this.options.batchSize ?? 50;
    let sent = 0;
    for (;;) {
      if (!(await this.db.outbox.lease(this.holder, this.options.leaseSeconds ?? 10))) return sent;
      const batch = await this.db.outbox.pending(batchSize);
      const published: string[] = [];
      let failed = false;
      for (const event of batch) {
        try {
          await this.publish(event);
        } catch (error) {
          await this.db.outbox.markFailed(event.id, String(error));
          this.log.warn({ err: error, eventId: event.id, type: event.type, attempts: event.attempts + 1 }, 'publishing an outbox event failed');
          failed = true;
          break; // keep order: later events wait for this one
        }
        published.push(event.id);
        this.metrics.eventsPublished.inc({ topic: event.topic, type: event.type });
      }
      await this.db.outbox.markPublished(published);
      sent += published.length;
      if (failed || batch.length < batchSize) return sent;
    }
  }
}
