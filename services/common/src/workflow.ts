import { DaprWorkflowClient, LogLevel, WorkflowRuntime, type Task, type TWorkflow, type WorkflowActivityContext, type WorkflowContext } from '@dapr/dapr';
import type { DaprConfig } from './config.ts';

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
export type Workflow<T = unknown> = AsyncGenerator<Task<unknown>, T, unknown>;

export type Activity<I = never, O = unknown> = (context: WorkflowActivityContext, input: I) => Promise<O>;

export interface WorkflowDefinitions {
  workflows: Record<string, (...args: never[]) => Workflow>;
  activities: Record<string, Activity<never>>;
}

const AsyncGeneratorFunction = (async function* () {}).constructor;

/** Refuses a workflow that is not an `async function*`, which the SDK would silently complete. */
export function checkWorkflows(definitions: WorkflowDefinitions): void {
  for (const [name, workflow] of Object.entries(definitions.workflows)) {
    if (!(workflow instanceof AsyncGeneratorFunction)) {
      throw new Error(`workflow "${name}" must be an async function* (async generator); @dapr/dapr 3.18 completes anything else at once with output {}`);
    }
  }
}

/** A workflow runtime with every workflow and activity registered by explicit name. */
export function createWorkflowRuntime(dapr: Pick<DaprConfig, 'grpcPort' | 'apiToken'>, definitions: WorkflowDefinitions): WorkflowRuntime {
  checkWorkflows(definitions);
  const runtime = new WorkflowRuntime(workflowClientOptions(dapr));
  for (const [name, workflow] of Object.entries(definitions.workflows)) {
    runtime.registerWorkflowWithName(name, workflow as unknown as TWorkflow);
  }
  for (const [name, activity] of Object.entries(definitions.activities)) {
    runtime.registerActivityWithName(name, activity as never);
  }
  return runtime;
}

export function createWorkflowClient(dapr: Pick<DaprConfig, 'grpcPort' | 'apiToken'>): DaprWorkflowClient {
  return new DaprWorkflowClient(workflowClientOptions(dapr));
}

/**
 * Starts a saga whose instance id is its business id. Dapr lets a finished instance id be
 * scheduled again, so an existing instance is returned instead of being started twice.
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

/**
 * Calls an activity and, when it throws (a service it calls was down, say), calls it again
 * after 1, 2, 4, ... seconds of durable timer, up to `attempts` times; then the error stands.
 * The SDK 3.18 has no retry policy. Use with `yield*` inside a workflow. Activities retried
 * this way must be idempotent, as every activity must be anyway.
 */
export async function* callWithRetries<T>(ctx: WorkflowContext, activity: string, input: unknown, attempts = 5): AsyncGenerator<Task<unknown>, T, unknown> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return (yield ctx.callActivity(activity, input)) as T;
    } catch (error) {
      if (attempt >= attempts) throw error;
      yield ctx.createTimer(2 ** (attempt - 1));
    }
  }
}
