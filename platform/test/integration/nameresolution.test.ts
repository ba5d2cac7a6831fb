import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import YAML from 'yaml';
import { eventually, InvokeClient, testPlatform, type TestPlatform } from '../../src/testing/index.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const probeCommand = ['node', '--conditions=source', '--import', 'tsx', path.join(fixtures, 'probe-subscriber.ts')];
const CLEANUP_SECONDS = 2;

// The sqlite name resolver of Dapr 1.18 deletes the live registrations when it cleans up,
// and every sidecar then exits. The platform sets cleanupInterval "0"; these tests show
// both sides with a short interval instead of waiting the default hour.
describe('name resolution survives its clean-up interval', function () {
  let platform: TestPlatform;

  before(async () => {
    platform = await testPlatform();
  });

  function overlay(name: string, configuration: Record<string, string>): string {
    const file = path.join(platform.workDir, `${name}.yaml`);
    writeFileSync(file, YAML.stringify({ apiVersion: 'dapr.io/v1alpha1', kind: 'Configuration', metadata: { name }, spec: { nameResolution: { component: 'sqlite', version: 'v1', configuration } } }));
    return file;
  }

  it('when the resolver cleans up (the upstream default, shortened), then the sidecar loses its registration and exits', async () => {
    // Its own resolver database, so the clean-up cannot delete the other test apps' rows.
    const config = overlay('cleanup-on', { connectionString: path.join(platform.workDir, 'cleanup-on.db'), cleanupInterval: `${CLEANUP_SECONDS}s` });
    const app = await platform.launch('probe-service', { command: probeCommand, cwd: fixtures, extraConfigFiles: [config] });
    try {
      const code = await Promise.race([app.sidecar.exit, new Promise((resolve) => setTimeout(() => resolve('still running'), 20_000))]);
      expect(code).to.equal(1);
    } finally {
      await platform.stopApp(app);
    }
  });

  it('with the platform\'s cleanupInterval "0", sidecars keep resolving each other well past that interval', async () => {
    const [probe, user] = await Promise.all([
      platform.launch('probe-service', { command: probeCommand, cwd: fixtures }),
      platform.launch('user-service'),
    ]);
    try {
      await new Promise((resolve) => setTimeout(resolve, (CLEANUP_SECONDS + 6) * 1000));
      expect(probe.sidecar.running && user.sidecar.running).to.equal(true);
      // probe's sidecar finds user-service's through the resolver.
      const reply = await eventually('an answer through the resolver', async () => {
        const r = await new InvokeClient(probe.dapr, 'user-service').get('healthz');
        return r.status === 200 ? r : undefined;
      });
      expect(reply.body).to.deep.equal({ status: 'ok' });
    } finally {
      await Promise.all([platform.stopApp(probe), platform.stopApp(user)]);
    }
  });
});
