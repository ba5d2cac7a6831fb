import { randomUUID } from 'node:crypto';
import type { IBaseProtocol } from 'pg-promise';
import type { CloudEvent } from './cloudevents.ts';
import { sqlFolder } from './sql.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  store: sql('dead-letter-store'),
  list: sql('dead-letters-list'),
  byId: sql('dead-letter-by-id'),
  replayed: sql('dead-letter-replayed'),
  openCount: sql('dead-letters-open-count'),
};

export interface DeadLetter {
  id: string;
  eventId: string;
  topic: string;
  type: string;
  subject: string | null;
  reason: string;
  event: CloudEvent;
  receivedAt: Date;
  replayedAt: Date | null;
  replayOutcome: string | null;
}

type Row = Record<string, unknown>;

function toDeadLetter(r: Row): DeadLetter {
  return {
    id: r.id as string, eventId: r.event_id as string, topic: r.topic as string, type: r.type as string, subject: (r.subject as string | null) ?? null,
    reason: r.reason as string, event: r.event as CloudEvent, receivedAt: r.received_at as Date,
    replayedAt: (r.replayed_at as Date | null) ?? null, replayOutcome: (r.replay_outcome as string | null) ?? null,
  };
}

/** The app's dead-lettered messages (migrations/common/005), kept until replayed. */
export class DeadLetterRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async store(topic: string, reason: string, event: CloudEvent): Promise<string> {
    const row = await this.q.one<{ id: string }>(SQL.store, {
      id: randomUUID(), eventId: event.id, topic, type: event.type, subject: event.subject ?? null, reason: reason.slice(0, 2000), event: JSON.stringify(event),
    });
    return row.id;
  }

  async list(filter: { topic?: string; subject?: string; openOnly: boolean; limit: number }): Promise<DeadLetter[]> {
    const rows = await this.q.any<Row>(SQL.list, { topic: filter.topic ?? null, subject: filter.subject ?? null, openOnly: filter.openOnly, limit: filter.limit });
    return rows.map(toDeadLetter);
  }

  /** The dead letter, row-locked until the transaction ends (two replays of one wait for each other). */
  async lockById(id: string): Promise<DeadLetter | null> {
    const row = await this.q.oneOrNone<Row>(SQL.byId, { id });
    return row ? toDeadLetter(row) : null;
  }

  async replayed(id: string, outcome: string): Promise<void> {
    await this.q.none(SQL.replayed, { id, outcome });
  }

  async openCount(): Promise<number> {
    return (await this.q.one<{ n: number }>(SQL.openCount)).n;
  }
}
