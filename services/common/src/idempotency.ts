import { createHash } from 'node:crypto';
import type { IBaseProtocol } from 'pg-promise';
import { problems } from './problem.ts';
import { sqlFolder } from './sql.ts';

const sql = sqlFolder(import.meta.url);
const SQL = { claim: sql('idempotency-claim'), get: sql('idempotency-get'), store: sql('idempotency-store') };

/** What a request with an idempotency key answered the first time. */
export interface IdempotentAnswer {
  status: number;
  body: unknown;
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY = /^[A-Za-z0-9_.:-]{1,200}$/;

export class IdempotencyRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async claim(key: string, requestHash: string): Promise<boolean> {
    return (await this.q.oneOrNone(SQL.claim, { key, requestHash })) !== null;
  }

  async get(key: string): Promise<{ requestHash: string; answer: IdempotentAnswer }> {
    const row = await this.q.one<{ request_hash: string; status: number; response: unknown }>(SQL.get, { key });
    return { requestHash: row.request_hash, answer: { status: row.status, body: row.response } };
  }

  async store(key: string, answer: IdempotentAnswer): Promise<void> {
    await this.q.none(SQL.store, { key, status: answer.status, response: JSON.stringify(answer.body ?? null) });
  }
}

/** A fingerprint of what was asked, so a key reused for a different request is caught. */
export function requestHash(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The key a caller sent, or a 400 naming the header. */
export function idempotencyKeyOf(value: string | undefined): string {
  if (!value || !KEY.test(value)) {
    throw problems.validation([{ field: 'Idempotency-Key', message: 'the Idempotency-Key header must be 1 to 200 letters, digits or _.:-' }]);
  }
  return value;
}

