// Ops routes for the developer console (services/console), ADMIN only like the rest of
// /admin: what the app's own sidecar says of itself (GET /v1.0/metadata, which only the app
// can ask: its sidecar's API token is its own), the app's process, outbox, inbox and
// migrations; and for a saga owner, its workflow instances as Dapr Workflow sees them, with
// the actions a developer needs (raise an event, suspend, resume, terminate, purge).
import type { DaprWorkflowClient, WorkflowState } from '@dapr/dapr';
import { IsObject, IsOptional, Matches } from 'class-validator';
import type { Next } from 'koa';
import type { DaprSidecar } from './dapr.ts';
import type { Database } from './db.ts';
import { Router, type AppContext } from './http.ts';
import { Problem, problems } from './problem.ts';
import { sagaView } from './admin.ts';
import { sqlFolder } from './sql.ts';
import { parseBody } from './validation.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  outbox: sql('ops-outbox'),
  inbox: sql('ops-inbox'),
  migrations: sql('ops-migrations'),
  signalsOf: sql('saga-signals-of'),
  sagaCounts: sql('sagas-counts'),
};

const STARTED_AT = new Date();
const INSTANCE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const RUNTIME_STATUS: Record<number, string> = { 0: 'RUNNING', 1: 'COMPLETED', 2: 'CONTINUED_AS_NEW', 3: 'FAILED', 4: 'CANCELED', 5: 'TERMINATED', 6: 'PENDING', 7: 'SUSPENDED' };

class RaiseEventRequest {
  @Matches(/^[A-Za-z0-9_.:-]{1,100}$/, { message: 'name must be the event name the workflow waits for, such as payment.confirmed' }) name!: string;
  @IsOptional() @IsObject({ message: 'payload must be a JSON object' }) payload?: Record<string, unknown>;
}

export interface OpsDeps {
  service: string;
  db: Database;
  dapr: DaprSidecar;
  admin: (ctx: AppContext, next: Next) => Promise<void>;
  /** The workflow names this app registers, and its client: saga owners only. */
  workflows?: { names: string[]; client: DaprWorkflowClient };
}

function stateView(state: WorkflowState | undefined, withPayloads: boolean) {
  if (!state) return null;
  const parse = (text: string | undefined) => {
    if (!text) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  };
  return {
    name: state.name, runtimeStatus: RUNTIME_STATUS[state.runtimeStatus] ?? String(state.runtimeStatus), customStatus: state.customStatus ?? null,
    createdAt: state.createdAt?.toISOString() ?? null, lastUpdatedAt: state.lastUpdatedAt?.toISOString() ?? null,
    failure: state.workflowFailureDetails?.getErrorMessage() ?? null,
    ...(withPayloads ? { input: parse(state.serializedInput), output: parse(state.serializedOutput) } : {}),
  };
}

function instanceParam(ctx: AppContext): string {
  const id = (ctx as unknown as { params: Record<string, string | undefined> }).params.instanceId ?? '';
  if (!INSTANCE_ID.test(id)) throw problems.validation([{ field: 'instanceId', message: 'instanceId must be 1 to 64 letters, digits, - or _' }]);
  return id;
}

export function opsRoutes(deps: OpsDeps): Router {
  const { db, dapr, admin, workflows } = deps;
  const router = new Router({ prefix: '/admin' });
  const engine = () => {
    if (!workflows) throw problems.notFound('This service runs no workflows');
    return workflows.client;
  };

  router.get('/runtime', admin, async (ctx) => {
    const [sidecar, outbox, inbox, migrations, deadLetters, sagas] = await Promise.all([
      dapr.metadata().then((m) => ({ metadata: m }), (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) })),
      db.one<{ pending: number; oldest: Date | null }>(SQL.outbox),
      db.one<{ size: number; newest: Date | null }>(SQL.inbox),
      db.one<{ service: number | null; service_at: Date | null; kit: number | null }>(SQL.migrations),
      db.deadLetters.openCount(),
      workflows ? db.any<{ status: string; n: number }>(SQL.sagaCounts) : Promise.resolve(null),
    ]);
    const memory = process.memoryUsage();
    ctx.body = {
      service: deps.service, pid: process.pid, node: process.version, startedAt: STARTED_AT.toISOString(), uptimeSeconds: Math.round(process.uptime()),
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
      sidecar,
      outbox: { pending: outbox.pending, oldestPendingAt: outbox.oldest?.toISOString() ?? null },
      inbox: { size: inbox.size, newestAt: inbox.newest?.toISOString() ?? null },
      migrations: { service: migrations.service, serviceAppliedAt: migrations.service_at?.toISOString() ?? null, kit: migrations.kit },
      deadLetters: { open: deadLetters },
      workflows: workflows ? { names: workflows.names, sagas: Object.fromEntries((sagas ?? []).map((r) => [r.status, r.n])) } : null,
    };
  });

  // The saga book's records (STUCK first), each with its instance's state in Dapr Workflow.
  router.get('/workflows', admin, async (ctx) => {
    const client = engine();
    const limit = Math.min(Math.max(Number(ctx.query.limit ?? 100) || 100, 1), 300);
    const records = await db.sagas.list(null, limit);
    const states = await Promise.all(records.map((r) => client.getWorkflowState(r.instanceId, false).catch(() => undefined)));
    ctx.body = { items: records.map((r, i) => ({ ...sagaView(r), workflowState: stateView(states[i], false) })) };
  });

  router.get('/workflows/:instanceId', admin, async (ctx) => {
    const client = engine();
    const instanceId = instanceParam(ctx);
    const [record, state, signals] = await Promise.all([
      db.sagas.byId(instanceId),
      client.getWorkflowState(instanceId, true).catch(() => undefined),
      db.any<Record<string, unknown>>(SQL.signalsOf, { instanceId }),
    ]);
    if (!record && !state) throw problems.notFound(`No workflow instance ${instanceId}`);
    ctx.body = {
      ...(record ? sagaView(record) : { instanceId }),
      workflowState: stateView(state, true),
      signals: signals.map((s) => ({
        id: String(s.id), eventName: s.event_name, payload: s.payload, createdAt: (s.created_at as Date).toISOString(),
        deliveredAt: (s.delivered_at as Date | null)?.toISOString() ?? null, attempts: s.attempts, lastError: s.last_error ?? null,
      })),
    };
  });

  router.post('/workflows/:instanceId/events', admin, async (ctx) => {
    const client = engine();
    const instanceId = instanceParam(ctx);
    const body = await parseBody(RaiseEventRequest, ctx.request.body);
    await client.raiseEvent(instanceId, body.name, body.payload ?? {});
    ctx.status = 202;
    ctx.body = { instanceId, raised: body.name };
  });

  const ACTIONS = {
    suspend: (c: DaprWorkflowClient, id: string) => c.suspendWorkflow(id),
    resume: (c: DaprWorkflowClient, id: string) => c.resumeWorkflow(id),
    terminate: (c: DaprWorkflowClient, id: string) => c.terminateWorkflow(id, { terminatedBy: 'console' }),
    purge: async (c: DaprWorkflowClient, id: string) => {
      if (!(await c.purgeWorkflow(id))) throw problems.conflict(`Workflow instance ${id} was not purged: only a finished instance (completed, failed or terminated) can be`);
    },
  } as const;

  router.post('/workflows/:instanceId/:action', admin, async (ctx) => {
    const client = engine();
    const instanceId = instanceParam(ctx);
    const action = ctx.params.action as keyof typeof ACTIONS;
    if (!Object.hasOwn(ACTIONS, action)) throw problems.notFound(`No action ${String(action)}; one of ${Object.keys(ACTIONS).join(', ')}`);
    if (!(await client.getWorkflowState(instanceId, false).catch(() => undefined))) throw problems.notFound(`No workflow instance ${instanceId}`);
    try {
      await ACTIONS[action](client, instanceId);
    } catch (error) {
      if (error instanceof Problem) throw error;
      throw problems.conflict(`Dapr Workflow refused to ${action} ${instanceId}: ${error instanceof Error ? error.message : String(error)}`);
    }
    ctx.status = 202;
    ctx.body = { instanceId, action };
  });

  return router;
}
