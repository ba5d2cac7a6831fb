import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { IDatabase } from 'pg-promise';
import { toCloudEvent } from './cloudevents.ts';
import type { DaprSidecar } from './dapr.ts';
import type { OutboxRepository, PendingEvent } from './outbox.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { repeat, type Repeating } from './repeat.ts';

interface RelayDb extends Pick<IDatabase<unknown>, 'connect'> {
  outbox: OutboxRepository;
}

interface Closable { done(kill?: boolean): void | Promise<void> }

/** Gives a dedicated connection back for good; one the database already closed needs nothing. */
function closeQuietly(connection: Closable): void {
  try {
    void Promise.resolve(connection.done(true)).catch(() => undefined);
  } catch {
    // Already closed.
  }
}

/** The channel migrations/common/008 notifies when a transaction that wrote events commits. */
const CHANNEL = 'kit_outbox';
const RELISTEN_MS = 2000;

export interface RelayOptions {
  appId: string;
  pubsubName: string;
  topicPrefix: string;
  /** The safety-net poll: a commit wakes the relay at once (LISTEN), this catches what a lost connection missed. */
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
  private listener?: Closable;
  private relisten?: NodeJS.Timeout;
  private stopped = false;

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
    void this.listen();
  }

  /**
   * Holds a connection that LISTENs for committed events and wakes the relay on each. When
   * it breaks (the database restarted), the poll carries on and the connection is made again.
   */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    try {
      const connection = await this.db.connect({ direct: true });
      const lost = (error?: unknown) => {
        if (this.listener !== connection) return;
        this.listener = undefined;
        closeQuietly(connection);
        if (this.stopped) return;
        this.log.warn({ err: error }, 'the outbox relay lost its LISTEN connection; polling until it is back');
        this.relisten = setTimeout(() => void this.listen(), RELISTEN_MS);
      };
      connection.client.on('notification', () => this.wake());
      connection.client.on('error', lost);
      connection.client.on('end', lost);
      await connection.none(`LISTEN ${CHANNEL}`);
      this.listener = connection;
      if (this.stopped) closeQuietly(connection);
      // Written while nobody listened: published now rather than at the next poll.
      else this.wake();
    } catch (error) {
      if (this.stopped) return;
      this.log.warn({ err: error }, 'the outbox relay cannot LISTEN now; polling, and trying again');
      this.relisten = setTimeout(() => void this.listen(), RELISTEN_MS);
    }
  }

  /** Something was just written to the outbox: publish it now rather than at the next poll. */
  wake(): void {
    this.loop?.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.relisten);
    const listener = this.listener;
    this.listener = undefined;
    if (listener) closeQuietly(listener);
    await this.loop?.stop();
    await this.db.outbox.releaseLease(this.holder).catch(() => undefined);
  }

  private publish(event: PendingEvent): Promise<void> {
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
