import { createHash } from 'node:crypto';
import type { IBaseProtocol } from 'pg-promise';
import type { AppContext } from './http.ts';
import { Problem, problems } from './problem.ts';
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

interface KeyedTx {
  idempotency: IdempotencyRepository;
  tx<T>(cb: (t: this) => Promise<T>): Promise<T>;
}

/**
 * Runs `work` once per key: the key, the work's changes and its answer commit together, and
 * every later request with the key gets that first answer without running anything. A
 * refusal (a 4xx Problem) is an answer too and is kept: a saga replayed later must not see
 * a lock succeed that it was told had failed. Anything else (a 5xx, a crash) keeps nothing,
 * so the request may be tried again. A key reused for a different request is a 422.
 */
export async function idempotent<T extends KeyedTx>(db: { tx<R>(cb: (t: T) => Promise<R>): Promise<R> }, key: string, hash: string, work: (t: T) => Promise<IdempotentAnswer>): Promise<IdempotentAnswer & { replayed: boolean }> {
  return db.tx(async (t) => {
    if (!(await t.idempotency.claim(key, hash))) {
      const stored = await t.idempotency.get(key);
      if (stored.requestHash !== hash) throw new Problem(422, 'idempotency-key-reused', 'Idempotency key reused', 'This Idempotency-Key was used for a different request');
      return { ...stored.answer, replayed: true };
    }
    let answer: IdempotentAnswer;
    try {
      answer = await t.tx((savepoint) => work(savepoint));
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) throw error;
      answer = { status: error.status, body: error.body() };
    }
    await t.idempotency.store(key, answer);
    return { ...answer, replayed: false };
  });
}

/**
 * For an internal route that changes something: requires an Idempotency-Key header, runs
 * `work` once per key (see idempotent), and answers what the first request got, saying in
 * `Idempotent-Replayed` whether this is a repeat.
 */
export async function answerOnce<T extends KeyedTx>(ctx: AppContext, db: { tx<R>(cb: (t: T) => Promise<R>): Promise<R> }, work: (t: T) => Promise<IdempotentAnswer>): Promise<void> {
  const key = idempotencyKeyOf(ctx.get(IDEMPOTENCY_HEADER) || undefined);
  const answer = await idempotent(db, key, requestHash(ctx.method, ctx.path, ctx.request.body), work);
  ctx.status = answer.status;
  ctx.body = answer.body;
  if (answer.status >= 400) ctx.type = 'application/problem+json';
  ctx.set('Idempotent-Replayed', String(answer.replayed));
}
