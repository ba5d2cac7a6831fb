import type { Db } from './db.ts';
import type { AppContext } from './http.ts';
import { IDEMPOTENCY_HEADER, idempotencyKeyOf, requestHash, type IdempotentAnswer } from './idempotency.ts';
import { Problem } from './problem.ts';

/**
 * Runs `work` once per key: the key, the work's changes and its answer commit together, and
 * every later request with the key gets that first answer without running anything. A
 * refusal (a 4xx Problem) is an answer too and is kept: a saga replayed later must not see
 * a lock succeed that it was told had failed. Anything else (a 5xx, a crash) keeps nothing,
 * so the request may be tried again. A key reused for a different request is a 422.
 */
export async function idempotent<R>(db: Db<R>, key: string, hash: string, work: (t: Db<R>) => Promise<IdempotentAnswer>): Promise<IdempotentAnswer & { replayed: boolean }> {
  return db.tx(async (t) => {
    if (!(await t.idempotency.claim(key, hash))) {
      const stored = await t.idempotency.get(key);
      if (stored.requestHash !== hash) {
        throw new Problem(422, 'idempotency-key-reused', 'Idempotency key reused', 'This Idempotency-Key was used for a different request', [
          { field: 'Idempotency-Key', message: 'this key was already used for a different request; send a new key for a new request' },
        ]);
      }
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
export async function answerOnce<R>(ctx: AppContext, db: Db<R>, work: (t: Db<R>) => Promise<IdempotentAnswer>): Promise<void> {
  const key = idempotencyKeyOf(ctx.get(IDEMPOTENCY_HEADER) || undefined);
  const answer = await idempotent(db, key, requestHash(ctx.method, ctx.path, ctx.request.body), work);
  ctx.status = answer.status;
  ctx.body = answer.body;
  if (answer.status >= 400) ctx.type = 'application/problem+json';
  ctx.set('Idempotent-Replayed', String(answer.replayed));
}

/**
 * For a client's POST that creates something: with an Idempotency-Key header, the work runs
 * once per (scope, key), as payment APIs define it: the same key with the same request gets
 * the first answer (`Idempotent-Replayed: true`), with a different request a 422 naming the
 * key, and requests racing with one key wait for the first one's answer (one row, never a
 * 500). Without the header the work simply runs. `scope` keeps one user's keys apart from
 * another's.
 */
export async function clientOnce<R>(ctx: AppContext, db: Db<R>, scope: string, work: (t: Db<R>) => Promise<IdempotentAnswer>): Promise<void> {
  const sent = ctx.get(IDEMPOTENCY_HEADER);
  if (!sent) {
    const answer = await db.tx((t) => work(t));
    ctx.status = answer.status;
    ctx.body = answer.body;
    return;
  }
  const key = idempotencyKeyOf(sent);
  const answer = await idempotent(db, `client:${scope}:${key}`, requestHash(ctx.method, ctx.path, ctx.request.body), work);
  ctx.status = answer.status;
  ctx.body = answer.body;
  if (answer.status >= 400) ctx.type = 'application/problem+json';
  ctx.set('Idempotent-Replayed', String(answer.replayed));
}
