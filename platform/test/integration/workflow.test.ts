import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DaprWorkflowClient, WorkflowRuntimeStatus } from '@dapr/dapr';
import { startOnce, workflowClientOptions } from '@winvestco/common';
import { expect } from 'chai';
import { testPlatform, type TestApp, type TestPlatform } from '../../src/testing/index.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

// The actor state store every saga owner gets: state.postgresql on the owner's own database.
const workflowStore = {
  apiVersion: 'dapr.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'wfprobe-workflowstore' },
  spec: {
    type: 'state.postgresql',
    version: 'v1',
    metadata: [
      { name: 'connectionString', secretKeyRef: { name: 'WFPROBE_DB_URL', key: 'WFPROBE_DB_URL' } },
      { name: 'actorStateStore', value: 'true' },
    ],
  },
  auth: { secretStore: 'secretstore' },
  scopes: ['wfprobe-service'],
};

describe('Dapr Workflow wiring (placement, scheduler, PostgreSQL actor state store)', function () {
  let platform: TestPlatform;
  let app: TestApp;
  let client: DaprWorkflowClient;

  before(async function () {
    platform = await testPlatform();
    app = await platform.launch('wfprobe-service', {
      command: ['node', '--conditions=source', '--import', 'tsx', path.join(fixtures, 'probe-workflow.ts')],
      cwd: fixtures,
      components: [workflowStore],
    });
    client = new DaprWorkflowClient(workflowClientOptions({ grpcPort: app.app.daprGRPCPort, apiToken: app.daprApiToken }));
  });

  after(async () => {
    await client?.stop();
    if (app) await platform.stopApp(app);
  });

  async function run(failCharge: boolean) {
    const instanceId = `order-${randomUUID()}`;
    await client.scheduleNewWorkflow('smoke-saga', { failCharge }, instanceId);
    const state = await client.waitForWorkflowCompletion(instanceId, true, 60);
    const steps = await platform.adminDb('wfprobe').map('SELECT step FROM saga_steps WHERE instance_id = $1 ORDER BY at', [instanceId], (r: { step: string }) => r.step);
    return { instanceId, state, steps };
  }

  it('runs both activities to completion', async () => {
    const { state, steps } = await run(false);
    expect(state?.runtimeStatus).to.equal(WorkflowRuntimeStatus.COMPLETED);
    expect(JSON.parse(state!.serializedOutput!)).to.deep.equal({ status: 'COMPLETED' });
    expect(steps).to.deep.equal(['reserve', 'charge']);
  });

  it('when the second activity fails, compensates the first and still completes', async () => {
    const { state, steps } = await run(true);
    expect(state?.runtimeStatus).to.equal(WorkflowRuntimeStatus.COMPLETED);
    expect(JSON.parse(state!.serializedOutput!)).to.include({ status: 'COMPENSATED' });
    expect(steps).to.deep.equal(['reserve', 'release']);
  });

  it('keeps workflow state in the owner database through the actor state store', async () => {
    const tables = await platform.adminDb('wfprobe').map("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", [], (r: { tablename: string }) => r.tablename);
    expect(tables).to.include('state');
  });

  it('starting a saga twice with its business id runs it once', async () => {
    const instanceId = `order-${randomUUID()}`;
    expect(await startOnce(client, 'smoke-saga', instanceId, { failCharge: false })).to.equal('started');
    await client.waitForWorkflowCompletion(instanceId, true, 60);
    expect(await startOnce(client, 'smoke-saga', instanceId, { failCharge: false })).to.equal('exists');
    const steps = await platform.adminDb('wfprobe').one('SELECT count(*)::int AS n FROM saga_steps WHERE instance_id = $1', [instanceId]);
    expect(steps.n).to.equal(2);
  });
});
