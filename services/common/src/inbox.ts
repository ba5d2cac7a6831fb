import type { IBaseProtocol } from 'pg-promise';
import type { Database, Tx } from './db.ts';

/**
 * The inbox records each consumed event id with the consumer's name, in the same
 * transaction as the consumer's effect: a redelivered event finds its id and does nothing.
 */
export class InboxRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** True when this is the first time `consumer` sees `eventId` (and records it). */
  async firstDelivery(consumer: string, eventId: string, type: string): Promise<boolean> {
    const row = await this.q.oneOrNone(
      `INSERT INTO inbox (consumer, event_id, type) VALUES ($1, $2, $3)
       ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
      [consumer, eventId, type],
    );
    return row !== null;
  }
}

/**
 * Applies `effect` for an event at most once per consumer: the inbox row and the effect
 * commit together, so a redelivery (or a crash between them) can never apply it twice.
 */
export async function applyOnce<R>(
  db: Database<R>,
  consumer: string,
  event: { id: string; type: string },
  effect: (t: Tx<R>) => Promise<unknown>,
): Promise<'applied' | 'duplicate'> {
  return db.tx(async (t: Tx<R>) => {
    if (!(await t.inbox.firstDelivery(consumer, event.id, event.type))) return 'duplicate';
    await effect(t);
    return 'applied';
  });
}
