// The way to write a saga. A workflow makes a Saga over its context and runs its steps
// through it:
//   const saga = new Saga(ctx);
//   const lock = yield* saga.step(lockFunds, input);            // retried while transient
//   saga.onFailure(releaseFunds, { lockId: lock.lockId });      // its undo, should a later step fail
//   yield* saga.step(settle, input, RETRY.mustComplete);        // after money moved outside: hours
// Activities answer a refusal (a 4xx from the service they call) as a value and throw only
// when the step may work later (a 5xx, a timeout, a service down: `Transient` from calls.ts),
// so a thrown step is retried with durable timers within its policy's budget and a refusal
// never is. A step that outlives its budget throws StepFailed: the saga compensates (its undos
// in reverse, each one kept trying like a step that must complete) or, where it can neither go
// forward nor back, says STUCK with its reason and waits for an operator's decision.
import type { Task } from '@dapr/dapr';
import type { ActivityName, SagaContext } from './workflow.ts';

export interface RetryPolicy {
  /** The wait after the first failure; it doubles after each next one ... */
  firstDelaySeconds: number;
  /** ... up to this. */
  maxDelaySeconds: number;
  /** No new attempt starts later than this after the first one. */
  giveUpAfterSeconds: number;
}

export const RETRY = {
  /** A step the saga can still undo or abandon: about half a minute of tries, then StepFailed. */
  brief: { firstDelaySeconds: 1, maxDelaySeconds: 8, giveUpAfterSeconds: 30 },
  /**
   * A step that must not be abandoned, because money already moved outside the platform
   * (credit after a collection, settle after a payout) or because it is an undo: a day of
   * tries, backing off to five minutes between them; then the saga is STUCK for an operator.
   */
  mustComplete: { firstDelaySeconds: 1, maxDelaySeconds: 300, giveUpAfterSeconds: 24 * 3600 },
} as const satisfies Record<string, RetryPolicy>;

/** The wait before attempt `attempt + 1` (attempt counts from 1). */
export function backoffSeconds(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelaySeconds, policy.firstDelaySeconds * 2 ** (attempt - 1));
}

/**
 * What an activity answers when the service it called refused (a 4xx): the saga reads it and
 * decides; it is never retried.
 */
export interface Refused {
  refused: string;
}

export function isRefused(value: unknown): value is Refused {
  return typeof value === 'object' && value !== null && typeof (value as Refused).refused === 'string';
}

/** A step kept failing for its whole budget. */
export class StepFailed extends Error {
  constructor(readonly step: string, readonly attempts: number, readonly lastError: string) {
    super(`${step} failed ${attempts} time(s); the last error: ${lastError}`);
    this.name = 'StepFailed';
  }
}

/** What an operator decides for a STUCK saga (admin route POST /admin/sagas/{id}/resolution). */
export interface OperatorDecision {
  decision: string;
  by: string;
  note?: string;
}

export const OPERATOR_DECISION = 'operator-decision';

export interface StuckInput {
  reason: string;
  step: string;
  /** The decisions an operator may take; the admin route refuses any other. */
  decisions: string[];
}

/** The kit's own activities, registered in every saga owner (see saga-dispatch.ts). */
export const sagaStuck: ActivityName<StuckInput, null> = { name: 'kit-saga-stuck' };
export const sagaResumed: ActivityName<{ decision: string; by: string }, null> = { name: 'kit-saga-resumed' };

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // The SDK wraps an activity's error: "<instance>: Activity task #N failed: <message>".
  return text.replace(/^.*?Activity task #\d+ failed: /, '');
}

interface Undo {
  activity: ActivityName<unknown, unknown>;
  input: unknown;
}

export class Saga {
  private readonly undos: Undo[] = [];
  /** One listener per event name: see event(). */
  private readonly listening = new Map<string, Task<unknown>>();

  constructor(private readonly ctx: SagaContext) {}

  get instanceId(): string {
    return this.ctx.getWorkflowInstanceId();
  }

  /**
   * The listener for an external event. The SDK hands a raised event to the *oldest* listener
   * of its name, even one whose whenAny a timer already won; a second listener made after a
   * timeout would never hear it. So a saga listens through this, which keeps one listener per
   * name until it has heard something.
   */
  event(name: string): Task<unknown> {
    const key = name.toLowerCase();
    const current = this.listening.get(key);
    if (current && !current.isComplete) return current;
    const listener = this.ctx.waitForExternalEvent(name);
    this.listening.set(key, listener);
    return listener;
  }

  /** Runs `activity`; a throw is retried within `policy`, then StepFailed. */
  async *step<I, O>(activity: ActivityName<I, O>, input: I, policy: RetryPolicy = RETRY.brief): AsyncGenerator<Task<unknown>, O, unknown> {
    const started = this.ctx.getCurrentUtcDateTime().getTime();
    for (let attempt = 1; ; attempt += 1) {
      try {
        return (yield this.ctx.callActivity(activity.name, input)) as O;
      } catch (error) {
        const delay = backoffSeconds(policy, attempt);
        const elapsed = (this.ctx.getCurrentUtcDateTime().getTime() - started) / 1000;
        if (elapsed + delay > policy.giveUpAfterSeconds) throw new StepFailed(activity.name, attempt, messageOf(error));
        if (!this.ctx.isReplaying()) this.ctx.setCustomStatus(`retrying ${activity.name} (attempt ${attempt + 1}): ${messageOf(error).slice(0, 200)}`);
        yield this.ctx.createTimer(delay);
      }
    }
  }

  /** Registers the undo of a step that just succeeded: run, in reverse order, by compensate(). */
  onFailure<I>(activity: ActivityName<I, unknown>, input: I): void {
    this.undos.push({ activity: activity, input });
  }

  /** Forgets the undos (the saga went past the point where it could still go back). */
  commit(): void {
    this.undos.length = 0;
  }

  /**
   * Undoes what was done, newest first; each undo must complete. An undo that cannot, even
   * after its day of tries, leaves the saga STUCK: an operator retries it or settles it by hand.
   */
  async *compensate(reason: string): AsyncGenerator<Task<unknown>, void, unknown> {
    while (this.undos.length > 0) {
      const undo = this.undos[this.undos.length - 1]!;
      try {
        yield* this.step(undo.activity, undo.input, RETRY.mustComplete);
        this.undos.pop();
      } catch (error) {
        if (!(error instanceof StepFailed)) throw error;
        const { decision } = yield* this.stuck(`compensating (${reason}) failed: ${error.message}`, undo.activity.name, ['RETRY', 'DONE_BY_HAND']);
        if (decision === 'DONE_BY_HAND') this.undos.pop();
      }
    }
  }

  /**
   * The saga can go neither forward nor back: it says so (listed by the admin route with its
   * reason, never silently FAILED with money held) and waits for an operator's decision, or
   * for the first of `alsoWaitFor` (a late answer from outside that settles it after all).
   */
  async *stuck(reason: string, step: string, decisions: string[], alsoWaitFor: string[] = []): AsyncGenerator<Task<unknown>, OperatorDecision & { event: string; payload?: unknown }, unknown> {
    yield* this.step(sagaStuck, { reason, step, decisions }, RETRY.mustComplete);
    const operator = this.event(OPERATOR_DECISION);
    const others = alsoWaitFor.map((name) => ({ name, task: this.event(name) }));
    const first = (yield this.ctx.whenAny([operator, ...others.map((o) => o.task)])) as Task<unknown>;
    const outcome = first === operator
      ? { ...(operator.getResult() as OperatorDecision), event: OPERATOR_DECISION }
      : { decision: 'EVENT', by: 'the saga', event: others.find((o) => o.task === first)!.name, payload: first.getResult() };
    yield* this.step(sagaResumed, { decision: outcome.decision, by: outcome.by }, RETRY.mustComplete);
    return outcome;
  }

  /**
   * Runs a step that must happen (money moved outside already, or an undo): tried for a day;
   * a step that still fails, or is refused, leaves the saga STUCK until an operator says
   * RETRY (it runs again) or DONE_BY_HAND (it was done outside the platform; null).
   */
  async *finish<I, O>(activity: ActivityName<I, O>, input: I): AsyncGenerator<Task<unknown>, Exclude<O, Refused> | null, unknown> {
    for (;;) {
      let problem: string;
      try {
        const output = yield* this.step(activity, input, RETRY.mustComplete);
        if (!isRefused(output)) return output as Exclude<O, Refused>;
        problem = `${activity.name} was refused: ${output.refused}`;
      } catch (error) {
        if (!(error instanceof StepFailed)) throw error;
        problem = error.message;
      }
      const { decision } = yield* this.stuck(problem, activity.name, ['RETRY', 'DONE_BY_HAND']);
      if (decision === 'DONE_BY_HAND') return null;
    }
  }

  /** Waits for `event` until `seconds` have passed; null on timeout. */
  async *waitFor<T>(event: string, seconds: number): AsyncGenerator<Task<unknown>, T | null, unknown> {
    const answer = this.event(event);
    const deadline = this.ctx.createTimer(seconds);
    const first = (yield this.ctx.whenAny([answer, deadline])) as Task<unknown>;
    return first === answer ? (answer.getResult() as T) : null;
  }
}
