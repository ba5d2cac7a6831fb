import { DaprWorkflowClient, LogLevel, WorkflowRuntime, type Task } from '@dapr/dapr';
import type { ServiceConfig } from './config.ts';

/** Options the SDK's gRPC workflow clients need to reach a sidecar; the SDK's own logs at warn. */
export function workflowClientOptions(grpcPort: number, apiToken?: string) {
  return {
    daprHost: '127.0.0.1',
    daprPort: String(grpcPort),
    logger: { level: LogLevel.Warn },
    ...(apiToken ? { daprApiToken: apiToken } : {}),
  };
}

const clientOptions = (config: ServiceConfig) => workflowClientOptions(config.dapr.grpcPort, config.dapr.apiToken);

export function createWorkflowRuntime(config: ServiceConfig): WorkflowRuntime {
  return new WorkflowRuntime(clientOptions(config));
}

export function createWorkflowClient(config: ServiceConfig): DaprWorkflowClient {
  return new DaprWorkflowClient(clientOptions(config));
}

/**
 * What a workflow function returns. It must be an *async* generator: @dapr/dapr 3.18 runs
 * a workflow only when the returned object is async-iterable, and otherwise completes it
 * at once with the generator object itself as output (its types say Generator).
 */
export type Workflow<T = unknown> = AsyncGenerator<Task<unknown>, T, any>;

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
