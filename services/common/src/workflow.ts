import { DaprWorkflowClient, WorkflowRuntime } from '@dapr/dapr';
import type { ServiceConfig } from './config.ts';

/** Options the SDK's gRPC workflow clients need to reach this service's sidecar. */
function clientOptions(config: ServiceConfig) {
  return {
    daprHost: '127.0.0.1',
    daprPort: String(config.dapr.grpcPort),
    ...(config.dapr.apiToken ? { daprApiToken: config.dapr.apiToken } : {}),
  };
}

export function createWorkflowRuntime(config: ServiceConfig): WorkflowRuntime {
  return new WorkflowRuntime(clientOptions(config));
}

export function createWorkflowClient(config: ServiceConfig): DaprWorkflowClient {
  return new DaprWorkflowClient(clientOptions(config));
}
