import { randomUUID } from 'node:crypto';
import type { IBaseProtocol } from 'pg-promise';
import type { DomainEvent } from './events.ts';
import type { Logger } from './logger.ts';

export interface PendingEvent extends DomainEvent {
  attempts: number;
}

/**
 * The outbox table (created by every service's first migration) holds events written in
 * the same transaction as the state change that implies them.
 */
export class OutboxRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async add<T extends object>(topic: string, type: string, subject: string | undefined, data: T): Promise<DomainEvent<T>> {
    const event = { id: randomUUID(), topic, type, subject, data, time: new Date().toISOString() };
    await this.q.none(
      'INSERT INTO outbox (id, topic, type, subject, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [event.id, topic, type, subject ?? null, JSON.stringify(data), event.time],
    );
    return event;
  }

  /** Locks a batch so two relays (two replicas) never publish the same rows at once. */
  async claimBatch(limit: number): Promise<PendingEvent[]> {
    const rows = await this.q.any(
      `SELECT id, topic, type, subject, data, created_at, attempts FROM outbox
        WHERE published_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      type: r.type,
      subject: r.subject ?? undefined,
      data: r.data,
      time: new Date(r.created_at).toISOString(),
      attempts: r.attempts,
    }));
  }

  async markPublished(id: string): Promise<void> {
    await this.q.none('UPDATE outbox SET published_at = now() WHERE id = $1', [id]);
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.q.none('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [id, error.slice(0, 1000)]);
  }

  async pendingCount(): Promise<number> {
    return Number((await this.q.one('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')).n);
  }
}

export interface Publisher {
  publish(event: DomainEvent): Promise<void>;
}

interface RelayDb {
  tx<T>(cb: (t: { outbox: OutboxRepository }) => Promise<T>): Promise<T>;
}

/**
 * Publishes committed outbox rows through Dapr, in order, and marks them sent. A crash
 * between publish and mark means the event is published again: consumers dedupe by id.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly db: RelayDb,
    private readonly publisher: Publisher,
    private readonly log: Logger,
    private readonly intervalMs = 200,
    private readonly batchSize = 50,
  ) {}

  start(): void {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.drain().then(
        () => undefined,
        (error) => this.log.warn({ err: error }, 'outbox relay pass failed; will retry'),
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Publishes until the outbox is empty or a publish fails; returns how many were sent. */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batchSent = await this.db.tx(async (t) => {
        const batch = await t.outbox.claimBatch(this.batchSize);
        let n = 0;
        for (const event of batch) {
          try {
            await this.publisher.publish(event);
          } catch (error) {
            await t.outbox.markFailed(event.id, String(error));
            this.log.warn({ err: error, eventId: event.id, type: event.type, attempts: event.attempts + 1 }, 'publishing an outbox event failed');
            return -1; // keep order: later events wait for this one
          }
          await t.outbox.markPublished(event.id);
          n += 1;
        }
        return n;
      });
      if (batchSent <= 0) return sent;
      sent += batchSent;
      if (batchSent < this.batchSize) return sent;
    }
  }
}
