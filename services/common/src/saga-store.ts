import type { IBaseProtocol } from 'pg-promise';
import { sqlFolder } from './sql.ts';
import type { WorkflowRef } from './workflow.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  begin: sql('saga-begin'),
  pending: sql('saga-pending'),
  started: sql('saga-started'),
  startFailed: sql('saga-start-failed'),
  stuck: sql('saga-stuck'),
  resumed: sql('saga-resumed'),
  byId: sql('saga-by-id'),
  list: sql('sagas-list'),
  signalAdd: sql('saga-signal-add'),
  signalsPending: sql('saga-signals-pending'),
  signalDelivered: sql('saga-signal-delivered'),
  signalFailed: sql('saga-signal-failed'),
};

export type SagaStatus = 'PENDING' | 'STARTED' | 'STUCK';

export interface SagaRecord {
  instanceId: string;
  workflow: string;
  input: unknown;
  status: SagaStatus;
  startAttempts: number;
  lastError: string | null;
  stuck: { reason: string; step: string | null; decisions: string[]; since: Date } | null;
  resolution: { decision: string; by: string | null; at: Date } | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PendingSignal {
  id: string;
  instanceId: string;
  eventName: string;
  payload: unknown;
  attempts: number;
  /** The saga's status in this database, null when it was not started through begin(). */
  sagaStatus: SagaStatus | null;
}

type Row = Record<string, unknown>;

function toRecord(r: Row): SagaRecord {
  return {
    instanceId: r.instance_id as string, workflow: r.workflow as string, input: r.input, status: r.status as SagaStatus,
    startAttempts: r.start_attempts as number, lastError: (r.last_error as string | null) ?? null,
    stuck: r.stuck_at ? { reason: r.stuck_reason as string, step: (r.stuck_step as string | null) ?? null, decisions: (r.stuck_decisions as string[] | null) ?? [], since: r.stuck_at as Date } : null,
    resolution: r.resolved_at ? { decision: r.resolution as string, by: (r.resolved_by as string | null) ?? null, at: r.resolved_at as Date } : null,
    createdAt: r.created_at as Date, updatedAt: r.updated_at as Date,
  };
}

/** The kit's saga book (migrations/common/006): sagas to start, STUCK ones, signals to raise. */
export class SagaRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /**
   * Asks for `workflow` to run as `instanceId`, in the caller's transaction: it starts once
   * that commits (a dispatcher starts it), never when it rolls back. False when asked before.
   */
  async begin<I>(workflow: WorkflowRef<I, unknown>, instanceId: string, input: I): Promise<boolean> {
    return (await this.q.oneOrNone(SQL.begin, { instanceId, workflow: workflow.name, input: JSON.stringify(input) })) !== null;
  }

  async pending(limit: number, instanceId?: string): Promise<{ instanceId: string; workflow: string; input: unknown; startAttempts: number }[]> {
    const rows = await this.q.any<Row>(SQL.pending, { limit, instanceId: instanceId ?? null });
    return rows.map((r) => ({ instanceId: r.instance_id as string, workflow: r.workflow as string, input: r.input, startAttempts: r.start_attempts as number }));
  }

  async started(instanceId: string): Promise<void> {
    await this.q.none(SQL.started, { instanceId });
  }

  async startFailed(instanceId: string, error: string): Promise<void> {
    await this.q.none(SQL.startFailed, { instanceId, error: error.slice(0, 1000) });
  }

  /** True the first time this episode is recorded (a replay finds it STUCK already). */
  async stuck(instanceId: string, reason: string, step: string, decisions: string[]): Promise<void> {
    await this.q.one(SQL.stuck, { instanceId, reason: reason.slice(0, 2000), step, decisions });
  }

  async resumed(instanceId: string, decision: string, by: string): Promise<void> {
    await this.q.none(SQL.resumed, { instanceId, decision, by });
  }

  async byId(instanceId: string): Promise<SagaRecord | null> {
    const row = await this.q.oneOrNone<Row>(SQL.byId, { instanceId });
    return row ? toRecord(row) : null;
  }

  async list(status: SagaStatus | null, limit: number): Promise<SagaRecord[]> {
    return (await this.q.any<Row>(SQL.list, { status, limit })).map(toRecord);
  }

  /** Stores what to tell a saga, in the caller's transaction; false when this dedup key was stored before. */
  async signal(instanceId: string, eventName: string, payload: unknown, dedupKey: string | null = null): Promise<boolean> {
    return (await this.q.oneOrNone(SQL.signalAdd, { instanceId, eventName, payload: JSON.stringify(payload ?? null), dedupKey })) !== null;
  }

  async pendingSignals(limit: number, instanceId?: string): Promise<PendingSignal[]> {
    const rows = await this.q.any<Row>(SQL.signalsPending, { limit, instanceId: instanceId ?? null });
    return rows.map((r) => ({
      id: String(r.id), instanceId: r.instance_id as string, eventName: r.event_name as string, payload: r.payload,
      attempts: r.attempts as number, sagaStatus: (r.saga_status as SagaStatus | null) ?? null,
    }));
  }

  async signalDelivered(id: string): Promise<void> {
    await this.q.none(SQL.signalDelivered, { id });
  }

  async signalFailed(id: string, error: string): Promise<void> {
    await this.q.none(SQL.signalFailed, { id, error: error.slice(0, 1000) });
  }
}
