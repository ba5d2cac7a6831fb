// Dapr Workflow in the kit: typed references to workflows and activities (so a saga calls a
// step by its reference, never by a string with a cast output), their registration, and a
// workflow runtime whose connection to the sidecar is watched and renewed.
import { DaprWorkflowClient, LogLevel, WorkflowRuntime, type Task, type WorkflowActivityContext } from '@dapr/dapr';
import type { DaprConfig } from './config.ts';
import type { Logger } from './logger.ts';
import { repeat, type Repeating } from './repeat.ts';

/** Options the SDK's gRPC workflow clients need to reach a sidecar; the SDK's own logs at warn. */
export function workflowClientOptions(dapr: Pick<DaprConfig, 'grpcPort' | 'apiToken'>) {
  return {
    daprHost: '127.0.0.1',
    daprPort: String(dapr.grpcPort),
    logger: { level: LogLevel.Warn },
    ...(dapr.apiToken ? { daprApiToken: dapr.apiToken } : {}),
  };
}

/**
 * What a workflow function returns. It must be an *async* generator: @dapr/dapr 3.18 runs
 * a workflow only when the returned object is async-iterable, and otherwise completes it
 * at once with output {} (its types say Generator, so the compiler cannot catch it).
 */
export type { Task };

export type Workflow<T = unknown> = AsyncGenerator<Task<unknown>, T, unknown>;

/**
 * The part of the SDK's WorkflowContext a saga uses; the SDK's context is one, and so is the
 * fake of the unit harness (saga-testing.ts). Everything a workflow decides must come from
 * here (its clock included), because it is replayed from history after a crash.
 */
export interface SagaContext {
  getWorkflowInstanceId(): string;
  getCurrentUtcDateTime(): Date;
  isReplaying(): boolean;
  createTimer(fireAt: Date | number): Task<unknown>;
  callActivity(activity: string, input?: unknown): Task<unknown>;
  waitForExternalEvent(name: string): Task<unknown>;
  whenAny(tasks: Task<unknown>[]): Task<Task<unknown>>;
  whenAll(tasks: Task<unknown>[]): Task<unknown[]>;
  setCustomStatus(status: string): void;
}

/** What an activity knows of its saga: the instance, and the idempotency key of each call it makes. */
export interface StepContext {
  readonly instanceId: string;
  readonly step: string;
  /** `instance:step`, or `instance:step:discriminator` for a step that runs once per fill, say. */
  key(discriminator?: string): string;
}

/** An activity by name and types: what a workflow calls. */
export interface ActivityName<I, O> {
  readonly name: string;
  /** Carries the types only. */
  readonly types?: { input: I; output: O };
}

export interface ActivityRef<I, O> extends ActivityName<I, O> {
  readonly run: (step: StepContext, input: I) => Promise<O>;
}

export interface WorkflowRef<I, O> {
  readonly name: string;
  readonly run: (ctx: SagaContext, input: I) => Workflow<O>;
}

const AsyncGeneratorFunction = (async function* () {}).constructor;

/** A workflow by name. Refuses a plain `function*`, which the SDK would silently complete. */
export function defineWorkflow<I, O>(name: string, run: (ctx: SagaContext, input: I) => Workflow<O>): WorkflowRef<I, O> {
  if (!(run instanceof AsyncGeneratorFunction)) {
    throw new Error(`workflow "${name}" must be an async function* (async generator); @dapr/dapr 3.18 completes anything else at once with output {}`);
  }
  return Object.freeze({ name, run });
}

/** An activity: a step of a saga, run in its owner, idempotent by the keys its StepContext gives. */
export function defineActivity<I, O>(name: string, run: (step: StepContext, input: I) => Promise<O>): ActivityRef<I, O> {
  return Object.freeze({ name, run });
}

/**
 * A step declared by name and types, for the workflows that call it; its implementation
 * (which needs the service's database and clients) is given with implement(). Keeps
 * workflows free of the use cases they would otherwise import in a circle.
 */
export function activityName<I, O>(name: string): ActivityName<I, O> {
  return Object.freeze({ name });
}

export function implement<I, O>(step: ActivityName<I, O>, run: (context: StepContext, input: I) => Promise<O>): ActivityRef<I, O> {
  return defineActivity(step.name, run);
}

export function stepContext(instanceId: string, step: string): StepContext {
  return { instanceId, step, key: (discriminator) => (discriminator ? `${instanceId}:${step}:${discriminator}` : `${instanceId}:${step}`) };
}

export interface WorkflowDefinitions {
  // Inputs and outputs differ per saga; each reference is typed where it is defined and called.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  workflows: readonly WorkflowRef<any, any>[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  activities: readonly ActivityRef<any, any>[];
}

/** Refuses two workflows or two activities of one name (the SDK would keep the last one). */
export function checkWorkflows(definitions: WorkflowDefinitions): void {
  for (const list of [definitions.workflows, definitions.activities]) {
    const seen = new Set<string>();
    for (const { name } of list) {
      if (seen.has(name)) throw new Error(`two workflows or activities are named "${name}"`);
      seen.add(name);
    }
  }
}

function buildRuntime(dapr: Pick<DaprConfig, 'grpcPort' | 'apiToken'>, definitions: WorkflowDefinitions): WorkflowRuntime {
  const runtime = new WorkflowRuntime(workflowClientOptions(dapr));
  for (const workflow of definitions.workflows) runtime.registerWorkflowWithName(workflow.name, workflow.run);
  for (const activity of definitions.activities) {
    runtime.registerActivityWithName(activity.name, (context: WorkflowActivityContext, input: unknown) => activity.run(stepContext(context.getWorkflowInstanceId(), activity.name), input));
  }
  return runtime;
}

/** The SDK worker's own state (@dapr/dapr 3.18.0, pinned); a kit unit test fails when an upgrade renames it. */
export interface WorkerInternals {
  _isRunning: boolean;
  _responseStream: unknown;
}

export function workerOf(runtime: WorkflowRuntime): WorkerInternals {
  return (runtime as unknown as { worker: WorkerInternals }).worker;
}

/**
 * The SDK's worker and client (@dapr/dapr 3.18, durabletask-js) write every step to
 * console.log/console.info, whatever logger level they are given: a few lines per activity,
 * with its whole output. In a saga owner that is a synchronous write per step on the hot
 * path, and noise in its log. Here they go to the service's logger instead: problems
 * (errors, broken streams, retries) at warn, the rest at debug.
 */
let sdkConsoleRouted = false;
export function routeSdkConsole(log: Logger): void {
  if (sdkConsoleRouted) return;
  sdkConsoleRouted = true;
  const problem = /error|fail|closed|retr|unknown|wrong/i;
  const route = (...args: unknown[]) => {
    const message = args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ');
    if (problem.test(message)) log.warn({ sdk: 'durabletask' }, message);
    else log.debug({ sdk: 'durabletask' }, message);
  };
  console.log = route;
  console.info = route;
}

const WATCH_MS = 1000;
/** A worker that cannot reconnect for this long makes /healthz fail and the process exit, so it is restarted. */
const GIVE_UP_MS = 120_000;

/**
 * The workflow runtime of a saga owner, watched. The SDK's worker (3.18) gives up for good
 * when the first stream it opened breaks (a sidecar restart): "Worker failed: 14 UNAVAILABLE",
 * and the service would go on accepting requests whose sagas no longer run. Here a worker
 * that stopped is replaced by a new one (the same registrations), tried again every second;
 * while it is down the service is not ready, and after two minutes the process exits so its
 * supervisor restarts it.
 */
export class SupervisedWorkflowRuntime {
  private runtime?: WorkflowRuntime;
  private watch?: Repeating;
  private stopping = false;
  private downSince?: number;

  constructor(
    private readonly dapr: Pick<DaprConfig, 'grpcPort' | 'apiToken'>,
    private readonly definitions: WorkflowDefinitions,
    private readonly log: Logger,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {
    checkWorkflows(definitions);
    routeSdkConsole(log);
  }

  async start(): Promise<void> {
    await this.connect();
    this.watch = repeat(() => this.check(), WATCH_MS, (error) => this.log.warn({ err: error }, 'watching the workflow worker failed'));
  }

  private async connect(): Promise<void> {
    this.runtime = buildRuntime(this.dapr, this.definitions);
    await this.runtime.start();
  }

  /** Connected to the sidecar and taking work items. */
  connected(): boolean {
    const worker = this.runtime && workerOf(this.runtime);
    return Boolean(worker?._isRunning && worker._responseStream);
  }

  /** False once the worker has been down too long to wait for: liveness. */
  alive(): boolean {
    return this.downSince === undefined || Date.now() - this.downSince < GIVE_UP_MS;
  }

  private async check(): Promise<void> {
    if (this.stopping || !this.runtime) return;
    if (workerOf(this.runtime)._isRunning) {
      if (this.downSince !== undefined && this.connected()) {
        this.log.info({ downMs: Date.now() - this.downSince }, 'the workflow worker is connected to its sidecar again');
        this.downSince = undefined;
      }
      return;
    }
    if (this.downSince === undefined) {
      this.downSince = Date.now();
      this.log.error('the workflow worker lost its sidecar; sagas wait until it reconnects (retrying every second)');
    }
    if (!this.alive()) {
      this.log.fatal({ downMs: Date.now() - this.downSince }, 'the workflow worker could not reconnect; exiting so this service is restarted');
      this.exit(1);
      return;
    }
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.watch?.stop();
    if (this.runtime && workerOf(this.runtime)._isRunning) await this.runtime.stop();
  }
}

export function createWorkflowClient(dapr: Pick<DaprConfig, 'grpcPort' | 'apiToken'>): DaprWorkflowClient {
  return new DaprWorkflowClient(workflowClientOptions(dapr));
}

/**
 * Starts a saga whose instance id is its business id. Dapr lets a finished instance id be
 * scheduled again (and overwrites its history), so an existing instance is returned instead.
 */
export async function startOnce(client: DaprWorkflowClient, workflow: string, instanceId: string, input: unknown): Promise<'started' | 'exists'> {
  if (await client.getWorkflowState(instanceId, false)) return 'exists';
  try {
    await client.scheduleNewWorkflow(workflow, input, instanceId);
    return 'started';
  } catch (error) {
    // Two callers raced; the other one's start stands.
    if (await client.getWorkflowState(instanceId, false)) return 'exists';
    throw error;
  }
}
