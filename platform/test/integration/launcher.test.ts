import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DaprSidecar } from '@winvestco/common';
import { expect } from 'chai';
import { dropDatabases, PLATFORM_CONTROL_PLANE, readRunFile, REPO_ROOT, tcpReachable } from '../../src/index.ts';
import { InvokeClient, testPlatform } from '../../src/testing/index.ts';

/** A port offset at which every port the launcher would take is free. */
async function freeOffset(): Promise<number> {
  const ports = [...readRunFile().apps.flatMap((a) => [a.appPort, a.daprHTTPPort, a.daprGRPCPort, a.daprInternalGRPCPort, a.metricsPort]), ...Object.values(PLATFORM_CONTROL_PLANE)];
  for (let offset = 1000; offset + Math.max(...ports) < 65535; offset += 1000) {
    const taken = await Promise.all(ports.map((p) => tcpReachable('127.0.0.1', p + offset, 300)));
    if (!taken.some(Boolean)) return offset;
  }
  throw new Error('no free port block for a second platform');
}

describe('npm start (the launcher) as a user runs it', function () {
  let stateDir: string;
  let launcher: ChildProcess;
  let output = '';
  let offset: number;
  let dbPrefix: string;

  before(async function () {
    const platform = await testPlatform();
    dbPrefix = `${platform.dbPrefix}_launcher`;
    offset = await freeOffset();
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'winvestco-launcher-'));
    launcher = spawn('node', ['--conditions=source', '--import', 'tsx', 'platform/src/start.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env, WINVESTCO_STATE_DIR: stateDir, WINVESTCO_PORT_OFFSET: String(offset),
        WINVESTCO_DB_PREFIX: dbPrefix, WINVESTCO_TOPIC_PREFIX: platform.derivedTopicPrefix('launcher'), LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout!.on('data', (chunk) => (output += chunk));
    launcher.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 90_000;
    while (!output.includes('platform up')) {
      if (launcher.exitCode !== null || Date.now() > deadline) throw new Error(`the launcher did not come up:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  after(async () => {
    if (launcher.exitCode === null) launcher.kill('SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
    await dropDatabases((await testPlatform()).postgres, dbPrefix);
  });

  it('says where every service and sidecar listens', () => {
    for (const app of readRunFile().apps) {
      expect(output).to.match(new RegExp(`${app.appID}\\s+${app.appPort + offset}\\s+${app.daprHTTPPort + offset}`));
    }
  });

  it('writes the secret store and the Dapr files the run file points at into its state folder', () => {
    const store = JSON.parse(readFileSync(path.join(stateDir, 'dapr', 'secrets.json'), 'utf8'));
    expect(store).to.include.keys('JWT_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'REDIS_HOST', 'USER_DB_URL');
    expect(readdirSync(path.join(stateDir, 'dapr', 'config'))).to.include('user-service.yaml');
  });

  it('serves the user service through its sidecar with the API token it wrote for curl', async () => {
    const token = readFileSync(path.join(stateDir, 'dapr-api-token'), 'utf8');
    const user = readRunFile().apps.find((a) => a.appID === 'user-service')!;
    const users = new InvokeClient(new DaprSidecar(user.daprHTTPPort + offset, token), 'user-service');
    expect((await users.get('readyz')).status).to.equal(200);
    const unauthenticated = await new InvokeClient(new DaprSidecar(user.daprHTTPPort + offset), 'user-service').get('readyz');
    expect(unauthenticated.status).to.equal(401);
  });

  it('on Ctrl-C stops everything it started and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', resolve));
    launcher.kill('SIGINT');
    expect(await exited).to.equal(0);
    // Everything the launcher started inherited its environment, WINVESTCO_STATE_DIR included.
    const marker = `WINVESTCO_STATE_DIR=${stateDir}`;
    const left = readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(marker);
      } catch {
        return false; // gone meanwhile, or not ours to read
      }
    });
    expect(left, 'processes the launcher left running').to.deep.equal([]);
  });
});
