// The workflow engine's ceiling on this machine, for the saga benchmarks to compare with: a
// bare Dapr workflow of N activities that do nothing (platform/test/fixtures/probe-workflow.ts,
// its own sidecar and its own workflow store on PostgreSQL, as a saga owner has), closed loop
// at the given levels, with the CPU each process used per workflow.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DaprWorkflowClient } from '@dapr/dapr';
import { workflowClientOptions } from '@winvestco/common';
import type { TestPlatform } from '@winvestco/platform/testing';
import { cpuReport, cpuSnapshot } from './cpu.ts';
import { closedLoop, latencySummary, muteSdkClientLines } from './lib.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'platform', 'test', 'fixtures');

export interface CeilingLevel { concurrency: number; perSecond: number; line: string }

/** Bare workflows of each activity count at each level; answers the rate per (activities, level). */
export async function bareWorkflows(platform: TestPlatform, activityCounts: readonly number[], levels: readonly number[], seconds: number): Promise<Map<string, CeilingLevel>> {
  const probe = await platform.launch('wfprobe-service', {
    command: ['node', '--conditions=source', '--import', 'tsx', path.join(fixtures, 'probe-workflow.ts')], cwd: fixtures, env: { LOG_LEVEL: 'error' },
    components: [{
      apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'wfprobe-workflowstore' },
      spec: { type: 'state.postgresql', version: 'v1', metadata: [{ name: 'connectionString', secretKeyRef: { name: 'WFPROBE_DB_URL', key: 'WFPROBE_DB_URL' } }, { name: 'actorStateStore', value: 'true' }] },
      auth: { secretStore: 'secretstore' }, scopes: ['wfprobe-service'],
    }],
  });
  muteSdkClientLines();
  const client = new DaprWorkflowClient(workflowClientOptions({ grpcPort: probe.app.daprGRPCPort, apiToken: probe.daprApiToken }));
  const found = new Map<string, CeilingLevel>();
  try {
    for (const activities of activityCounts) {
      for (const concurrency of levels) {
        const latencies: number[] = [];
        const before = cpuSnapshot();
        const { done, wall } = await closedLoop(concurrency, seconds, async () => {
          const t0 = performance.now();
          const id = await client.scheduleNewWorkflow('bare', { activities });
          await client.waitForWorkflowCompletion(id, undefined, 120);
          latencies.push(performance.now() - t0);
        });
        const line = `  bare wf   ${String(concurrency).padStart(2)} in flight  ${String(done).padStart(5)} done     ${(done / wall).toFixed(1).padStart(6)} /s  ${latencySummary(latencies)}  (${activities} no-op activities)`;
        console.log(line);
        console.log(cpuReport(before, cpuSnapshot(), wall, done, 'workflow'));
        found.set(`${activities}@${concurrency}`, { concurrency, perSecond: done / wall, line });
      }
    }
  } finally {
    await client.stop();
    await platform.stopApp(probe);
  }
  return found;
}
