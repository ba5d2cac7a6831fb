// A unit harness for sagas: runs a workflow function against a fake context, in virtual
// time, with scripted activities and external events, so a saga's logic (retries, undos,
// STUCK, timeouts) gets fast tests without a sidecar. The tasks are the SDK's own, so
// whenAny answers the winning task as the real runtime does. Integration tests still run the
// same sagas on Dapr.
import type { Task } from '@dapr/dapr';
import { CompletableTask } from '@dapr/dapr/workflow/internal/durabletask/task/completable-task.js';
import { WhenAllTask } from '@dapr/dapr/workflow/internal/durabletask/task/when-all-task.js';
import { WhenAnyTask } from '@dapr/dapr/workflow/internal/durabletask/task/when-any-task.js';
import { TaskFailureDetails } from '@dapr/dapr/workflow/internal/durabletask/proto/orchestrator_service_pb.js';
import type { SagaContext, WorkflowRef } from './workflow.ts';

/** A scripted activity: its answer for this attempt (1, 2, ...) at `at` seconds of virtual time, or a throw (a failed attempt). */
export type FakeActivity = (input: unknown, attempt: number, at: number) => unknown;

export interface FakeEvent {
  name: string;
  payload?: unknown;
  /** Seconds after the saga started at which it is raised. */
  at: number;
}

export interface FakeSagaOptions {
  instanceId?: string;
  activities: Record<string, FakeActivity>;
  events?: FakeEvent[];
  /** A saga that yields more often than this is taken to loop. */
  maxSteps?: number;
}

export interface FakeSagaRun<O> {
  output?: O;
  /** What the workflow threw, when it failed. */
  error?: Error;
  /** Every activity call, in order, with the attempt's outcome. */
  calls: { name: string; input: unknown; at: number; failed: boolean }[];
  /** Seconds of virtual time the saga took. */
  seconds: number;
  /** Its custom statuses, in order. */
  statuses: string[];
}

interface Leaf {
  task: CompletableTask<unknown>;
  /** When it completes, in virtual ms; undefined for an event nobody raises. */
  at?: number;
  run?: () => Promise<void>;
}

const START = Date.UTC(2026, 0, 5, 4, 0, 0);

/** Runs `workflow` to its end in virtual time. */
export async function runFakeSaga<I, O>(workflow: WorkflowRef<I, O>, input: I, options: FakeSagaOptions): Promise<FakeSagaRun<O>> {
  let now = START;
  const leaves = new Map<Task<unknown>, Leaf>();
  const calls: FakeSagaRun<O>['calls'] = [];
  const statuses: string[] = [];
  const attempts = new Map<string, number>();
  const events = [...(options.events ?? [])].map((e) => ({ ...e, taken: false }));

  const leaf = (entry: Leaf) => {
    leaves.set(entry.task, entry);
    return entry.task;
  };

  const ctx: SagaContext = {
    getWorkflowInstanceId: () => options.instanceId ?? 'fake-1',
    getCurrentUtcDateTime: () => new Date(now),
    isReplaying: () => false,
    setCustomStatus: (status) => void statuses.push(status),
    createTimer: (fireAt) => leaf({ task: new CompletableTask(), at: typeof fireAt === 'number' ? now + fireAt * 1000 : fireAt.getTime() }),
    callActivity: (name, activityInput) => {
      const task = new CompletableTask<unknown>();
      const fake = options.activities[name];
      return leaf({
        task,
        at: now,
        run: async () => {
          const attempt = (attempts.get(name) ?? 0) + 1;
          attempts.set(name, attempt);
          if (!fake) throw new Error(`the saga called ${name}, which the test does not script`);
          try {
            const result = await fake(structuredClone(activityInput), attempt, (now - START) / 1000);
            calls.push({ name, input: activityInput, at: (now - START) / 1000, failed: false });
            task.complete(result === undefined ? undefined : structuredClone(result));
          } catch (error) {
            calls.push({ name, input: activityInput, at: (now - START) / 1000, failed: true });
            const message = error instanceof Error ? error.message : String(error);
            const details = new TaskFailureDetails();
            details.setErrormessage(message);
            details.setErrortype(error instanceof Error ? error.name : 'Error');
            task.fail(`${ctx.getWorkflowInstanceId()}: Activity task #${calls.length} failed: ${message}`, details);
          }
        },
      });
    },
    waitForExternalEvent: (name) => {
      // Raised events wait for their listener, first in first out, as Dapr buffers them.
      const event = events.find((e) => !e.taken && e.name.toLowerCase() === name.toLowerCase());
      if (event) event.taken = true;
      const task = new CompletableTask<unknown>();
      return leaf({ task, ...(event ? { at: Math.max(now, START + event.at * 1000), run: async () => task.complete(event.payload) } : {}) });
    },
    whenAny: (tasks) => new WhenAnyTask(tasks),
    whenAll: (tasks) => new WhenAllTask(tasks),
  };

  const pendingLeaves = (task: Task<unknown>): Leaf[] => {
    if (task.isComplete) return [];
    const own = leaves.get(task);
    if (own) return [own];
    return ((task as unknown as { _tasks: Task<unknown>[] })._tasks ?? []).flatMap(pendingLeaves);
  };

  const settle = async (task: Task<unknown>) => {
    while (!task.isComplete) {
      const next = pendingLeaves(task).filter((l) => l.at !== undefined).sort((a, b) => a.at! - b.at!)[0];
      if (!next) throw new Error(`the saga waits forever (at ${(now - START) / 1000}s): nothing it waits for will happen`);
      now = Math.max(now, next.at!);
      leaves.delete(next.task);
      if (next.run) await next.run();
      else next.task.complete(undefined);
    }
  };

  const generator = workflow.run(ctx, input);
  let step = await generator.next();
  try {
    for (let steps = 0; !step.done; steps += 1) {
      if (steps > (options.maxSteps ?? 10_000)) throw new Error('the saga yielded more than maxSteps times; does it loop?');
      const task = step.value;
      await settle(task);
      step = task.isFailed ? await generator.throw(task.getException()) : await generator.next(task.getResult());
    }
    return { output: step.value, calls, seconds: (now - START) / 1000, statuses };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)), calls, seconds: (now - START) / 1000, statuses };
  }
}
