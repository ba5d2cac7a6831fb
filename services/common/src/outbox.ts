import { randomUUID } from 'node:crypto';
import type { IBaseProtocol } from 'pg-promise';
import type { DomainEvent } from './cloudevents.ts';
import type { EventType, PayloadOf, Topic } from './contracts/topic.ts';
import { sqlFolder } from './sql.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  add: sql('outbox-add'),
  pending: sql('outbox-pending'),
  markPublished: sql('outbox-mark-published'),
  lease: sql('outbox-lease'),
  leaseRelease: sql('outbox-lease-release'),
  markFailed: sql('outbox-mark-failed'),
  pendingCount: sql('outbox-pending-count'),
};

export interface PendingEvent extends DomainEvent {
  attempts: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  type: string;
  subject: string | null;
  data: unknown;
  created_at: Date;
  attempts: number;
}

/**
 * The outbox table (a kit migration in every service database) holds events written in
 * the same transaction as the state change that implies them.
 */
export class OutboxRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** Records an event of `topic`; the compiler checks `data` against the topic's contract. */
  async add<T extends Topic, K extends EventType<T>>(topic: T, type: K, subject: string | undefined, data: PayloadOf<T, K>): Promise<DomainEvent<PayloadOf<T, K>>> {
    const event = { id: randomUUID(), topic: topic.name, type, subject, data, time: new Date().toISOString() };
    await this.q.none(SQL.add, { ...event, subject: subject ?? null, data: JSON.stringify(data) });
    return event;
  }

  /** The next unpublished events in the order they were written (for the lease holder). */
  async pending(limit: number): Promise<PendingEvent[]> {
    const rows = await this.q.any<OutboxRow>(SQL.pending, { limit });
    return rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      type: r.type,
      subject: r.subject ?? undefined,
      data: r.data,
      time: r.created_at.toISOString(),
      attempts: r.attempts,
    }));
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.q.none(SQL.markPublished, { ids });
  }

  /** Takes or renews the relay lease for `seconds`; false while another relay holds it. */
  async lease(holder: string, seconds: number): Promise<boolean> {
    return (await this.q.oneOrNone(SQL.lease, { holder, seconds })) !== null;
  }

  async releaseLease(holder: string): Promise<void> {
    await this.q.none(SQL.leaseRelease, { holder });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.q.none(SQL.markFailed, { id, error: error.slice(0, 1000) });
  }

  async pendingCount(): Promise<number> {
    return (await this.q.one<{ n: number }>(SQL.pendingCount)).n;
  }
}
