import type { IBaseProtocol } from 'pg-promise';

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
