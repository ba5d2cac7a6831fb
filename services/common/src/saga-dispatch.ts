// Between a saga owner's database and Dapr Workflow: sagas asked for in a business
// transaction are started from here, signals stored beside their records are raised from
// here, and the kit's own saga activities (STUCK, resumed) write here.
import type { DaprWorkflowClient } from '@dapr/dapr';
import type { Database } from './db.ts';
import type { Logger } from './logger.ts';
import { repeat, type Repeating } from './repeat.ts';
import { sagaResumed, sagaStuck, type StuckInput } from './saga.ts';
import { defineActivity, type ActivityRef } from './workflow.ts';

export interface DispatchOptions {
  /** How often the dispatcher looks for sagas to start and signals to raise (it is also woken after each commit that asks). */
  intervalMs?: number;
  /** How long one raise may take before it counts as failed. */
  raiseTimeoutMs?: number;
}

const BATCH = 20;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const NO_SUCH_INSTANCE = /no such instance|not found/i;

export class SagaDispatch {
  private loop?: Repeating;

  constructor(
    private readonly db: Database,
    private readonly client: DaprWorkflowClient,
    private readonly log: Logger,
    private readonly options: DispatchOptions = {},
  ) {}

  start(): void {
    this.loop = repeat(() => this.pass(), this.options.intervalMs ?? 1000, (error) => this.log.warn({ err: error }, 'the saga dispatcher\'s pass failed; will retry'));
  }

  /** A transaction that asked for a saga or stored a signal has committed: act now. */
  wake(): void {
    this.loop?.wake();
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  private async pass(): Promise<void> {
    await this.startPending();
    await this.deliver();
  }

  /**
   * Starts the sagas asked for and not started yet. Dapr would overwrite a finished instance
   * scheduled again, so an instance that exists already (the process died between the start
   * and its record) is only recorded as started.
   */
  async startPending(instanceId?: string): Promise<void> {
    await this.db.tx(async (t) => {
      for (const saga of await t.sagas.pending(BATCH, instanceId)) {
        try {
          if (!(await this.client.getWorkflowState(saga.instanceId, false))) {
            await this.client.scheduleNewWorkflow(saga.workflow, saga.input, saga.instanceId);
          }
          await t.sagas.started(saga.instanceId);
        } catch (error) {
          await t.sagas.startFailed(saga.instanceId, messageOf(error));
          if (saga.startAttempts % 10 === 0) this.log.warn({ err: error, instanceId: saga.instanceId, attempts: saga.startAttempts + 1 }, 'a saga could not be started; the dispatcher tries again');
          return; // the engine is likely down: the others wait for the next pass
        }
      }
    });
  }

  /**
   * Raises the stored signals (of one instance, or all), oldest first. True when none is left
   * pending. A signal for a saga not started yet waits for its start.
   */
  async deliver(instanceId?: string): Promise<boolean> {
    return this.db.tx(async (t) => {
      let allDelivered = true;
      for (const signal of await t.sagas.pendingSignals(BATCH, instanceId)) {
        try {
          await withTimeout(this.client.raiseEvent(signal.instanceId, signal.eventName, signal.payload), this.options.raiseTimeoutMs ?? 3000, `raising ${signal.eventName}`);
          await t.sagas.signalDelivered(signal.id);
        } catch (error) {
          allDelivered = false;
          if (signal.sagaStatus === 'PENDING' && NO_SUCH_INSTANCE.test(messageOf(error))) continue;
          await t.sagas.signalFailed(signal.id, messageOf(error));
          if (signal.attempts % 10 === 0) this.log.warn({ err: error, instanceId: signal.instanceId, event: signal.eventName, attempts: signal.attempts + 1 }, 'a signal could not be raised into its saga; the dispatcher tries again');
        }
      }
      return allDelivered;
    });
  }
}

/** The kit's own activities of every saga owner: what Saga.stuck() records. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function sagaBookActivities(db: Database, log: Logger): ActivityRef<any, unknown>[] {
  return [
    defineActivity(sagaStuck.name, async (step, input: StuckInput) => {
      await db.sagas.stuck(step.instanceId, input.reason, input.step, input.decisions);
      log.error({ instanceId: step.instanceId, step: input.step, reason: input.reason, decisions: input.decisions }, 'a saga is STUCK and waits for an operator (GET /admin/sagas?status=STUCK)');
      return null;
    }),
    defineActivity(sagaResumed.name, async (step, input: { decision: string; by: string }) => {
      await db.sagas.resumed(step.instanceId, input.decision, input.by);
      log.info({ instanceId: step.instanceId, decision: input.decision, by: input.by }, 'a STUCK saga goes on');
      return null;
    }),
  ];
}
