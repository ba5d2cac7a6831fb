// The ops routes every service has under /admin/ (ADMIN only, through the gateway too): its
// dead letters, and for a saga owner its sagas, STUCK first, with an operator's decision.
import type { DaprWorkflowClient } from '@dapr/dapr';
import type { Next } from 'koa';
import { IsBooleanString, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import type { Database } from './db.ts';
import type { DeadLetter } from './dead-letters.ts';
import { Router, type AppContext } from './http.ts';
import { toNumber } from './page-query.ts';
import { uuidParam } from './paging.ts';
import { problems } from './problem.ts';
import { OPERATOR_DECISION } from './saga.ts';
import type { SagaDispatch } from './saga-dispatch.ts';
import type { SagaRecord, SagaStatus } from './saga-store.ts';
import type { Consumer } from './subscriptions.ts';
import { parseBody, parseQuery } from './validation.ts';

const TOPIC = /^[A-Za-z0-9._-]{1,100}$/;
const INSTANCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

class DeadLettersQuery {
  @IsOptional() @Matches(TOPIC, { message: 'topic must be a topic name such as funds' }) topic?: string;
  @IsOptional() @IsString() @Length(1, 100) subject?: string;
  @IsOptional() @IsBooleanString({ message: 'open must be true or false' }) open?: string;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(1) @Max(500) limit?: number;
}

class ReplayTopicRequest {
  @Matches(TOPIC, { message: 'topic must be a topic name such as funds' }) topic!: string;
}

const SAGA_STATUSES: SagaStatus[] = ['PENDING', 'STARTED', 'STUCK'];

class SagasQuery {
  @IsOptional() @IsIn(SAGA_STATUSES, { message: `status must be one of ${SAGA_STATUSES.join(', ')}` }) status?: SagaStatus;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(1) @Max(500) limit?: number;
}

class ResolutionRequest {
  @Matches(/^[A-Z_]{1,40}$/, { message: 'decision must be one of the decisions the saga offers, such as RETRY' }) decision!: string;
  @IsOptional() @IsString() @Length(1, 500) note?: string;
}

/** A dead letter as the admin routes answer it (read by the console and the invariant checker). */
export type DeadLetterView = ReturnType<typeof deadLetterView>;

export function deadLetterView(d: DeadLetter) {
  return {
    id: d.id, eventId: d.eventId, topic: d.topic, type: d.type, subject: d.subject, reason: d.reason,
    receivedAt: d.receivedAt.toISOString(), replayedAt: d.replayedAt?.toISOString() ?? null, replayOutcome: d.replayOutcome, event: d.event,
  };
}

/** A saga record as the admin routes answer it. */
export type SagaView = ReturnType<typeof sagaView>;

export function sagaView(s: SagaRecord) {
  return {
    instanceId: s.instanceId, workflow: s.workflow, status: s.status, input: s.input, startAttempts: s.startAttempts, lastError: s.lastError,
    stuck: s.stuck ? { reason: s.stuck.reason, step: s.stuck.step, decisions: s.stuck.decisions, since: s.stuck.since.toISOString() } : null,
    resolution: s.resolution ? { decision: s.resolution.decision, by: s.resolution.by, at: s.resolution.at.toISOString() } : null,
    createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
  };
}

const RUNTIME_STATUS: Record<number, string> = { 0: 'RUNNING', 1: 'COMPLETED', 2: 'CONTINUED_AS_NEW', 3: 'FAILED', 4: 'CANCELED', 5: 'TERMINATED', 6: 'PENDING', 7: 'SUSPENDED' };

export interface AdminDeps {
  db: Database;
  /** Authenticates the caller and requires ADMIN, on the account's current roles. */
  admin: (ctx: AppContext, next: Next) => Promise<void>;
  consumer?: Consumer;
  sagas?: { dispatch: SagaDispatch; client: DaprWorkflowClient };
}

export function adminRoutes(deps: AdminDeps): Router {
  const { db, admin } = deps;
  const router = new Router({ prefix: '/admin' });

  router.get('/dead-letters', admin, async (ctx) => {
    const query = await parseQuery(DeadLettersQuery, ctx.query);
    const letters = await db.deadLetters.list({ topic: query.topic, subject: query.subject, openOnly: query.open !== 'false', limit: query.limit ?? 100 });
    ctx.body = { items: letters.map(deadLetterView) };
  });

  router.post('/dead-letters/:id/replay', admin, async (ctx) => {
    if (!deps.consumer) throw problems.notFound('This service consumes no events');
    const id = uuidParam(ctx, 'id');
    ctx.body = { id, outcome: await deps.consumer.replay(id) };
  });

  // Every open dead letter of a topic, oldest first; stops at the first that still fails.
  router.post('/dead-letters/replay', admin, async (ctx) => {
    if (!deps.consumer) throw problems.notFound('This service consumes no events');
    const { topic } = await parseBody(ReplayTopicRequest, ctx.request.body);
    const replayed: { id: string; outcome: string }[] = [];
    for (const letter of await db.deadLetters.list({ topic, openOnly: true, limit: 500 })) {
      replayed.push({ id: letter.id, outcome: await deps.consumer.replay(letter.id) });
    }
    ctx.body = { topic, replayed };
  });

  router.get('/sagas', admin, async (ctx) => {
    const query = await parseQuery(SagasQuery, ctx.query);
    ctx.body = { items: (await db.sagas.list(query.status ?? null, query.limit ?? 100)).map(sagaView) };
  });

  router.get('/sagas/:instanceId', admin, async (ctx) => {
    const instanceId = ctx.params.instanceId ?? '';
    if (!INSTANCE_ID.test(instanceId)) throw problems.validation([{ field: 'instanceId', message: 'instanceId must be 1 to 64 letters, digits, - or _' }]);
    const record = await db.sagas.byId(instanceId);
    const state = deps.sagas ? await deps.sagas.client.getWorkflowState(instanceId, true).catch(() => undefined) : undefined;
    if (!record && !state) throw problems.notFound(`No saga ${instanceId}`);
    ctx.body = {
      ...(record ? sagaView(record) : { instanceId }),
      workflowState: state ? {
        name: state.name, runtimeStatus: RUNTIME_STATUS[state.runtimeStatus] ?? String(state.runtimeStatus), customStatus: state.customStatus ?? null,
        createdAt: state.createdAt?.toISOString(), lastUpdatedAt: state.lastUpdatedAt?.toISOString(),
        output: state.serializedOutput ? JSON.parse(state.serializedOutput) as unknown : null,
        failure: state.workflowFailureDetails?.getErrorMessage() ?? null,
      } : null,
    };
  });

  // An operator's decision for a STUCK saga: one of the decisions it offers, once per episode.
  router.post('/sagas/:instanceId/resolution', admin, async (ctx) => {
    if (!deps.sagas) throw problems.notFound('This service runs no sagas');
    const instanceId = ctx.params.instanceId ?? '';
    if (!INSTANCE_ID.test(instanceId)) throw problems.validation([{ field: 'instanceId', message: 'instanceId must be 1 to 64 letters, digits, - or _' }]);
    const body = await parseBody(ResolutionRequest, ctx.request.body);
    const by = (ctx as AppContext).state.user!.id;
    await db.tx(async (t) => {
      const record = await t.sagas.byId(instanceId);
      if (!record) throw problems.notFound(`No saga ${instanceId}`);
      if (record.status !== 'STUCK' || !record.stuck) throw problems.conflict(`Saga ${instanceId} is ${record.status}; only a STUCK saga takes a decision`);
      if (!record.stuck.decisions.includes(body.decision)) {
        throw problems.validation([{ field: 'decision', message: `decision must be one of ${record.stuck.decisions.join(', ')}` }]);
      }
      const first = await t.sagas.signal(instanceId, OPERATOR_DECISION, { decision: body.decision, by, ...(body.note ? { note: body.note } : {}) }, `operator:${instanceId}:${record.stuck.since.getTime()}`);
      if (!first) throw problems.conflict(`Saga ${instanceId} has already been given a decision; it is acting on it`);
    });
    const delivered = await deps.sagas.dispatch.deliver(instanceId);
    ctx.status = 202;
    ctx.body = { instanceId, decision: body.decision, delivered };
  });

  return router;
}
