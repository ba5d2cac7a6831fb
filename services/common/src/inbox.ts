import type { IBaseProtocol } from 'pg-promise';
import { sqlFolder } from './sql.ts';

const sql = sqlFolder(import.meta.url);
const FIRST_DELIVERY = sql('inbox-first-delivery');

/**
 * The inbox records each consumed event id with the consumer's name, in the same
 * transaction as the consumer's effect: a redelivered event finds its id and does nothing.
 */
export class InboxRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** True when this is the first time `consumer` sees `eventId` (and records it). */
  async firstDelivery(consumer: string, eventId: string, type: string): Promise<boolean> {
    return (await this.q.oneOrNone(FIRST_DELIVERY, { consumer, eventId, type })) !== null;
  }
}
