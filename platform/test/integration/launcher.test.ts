import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DaprSidecar } from '@winvestco/common';
import { expect } from 'chai';
import { dropDatabases, fetchRefuses, keptMail, PLATFORM_CONTROL_PLANE, readRunFile, REPO_ROOT, tcpReachable } from '../../src/index.ts';
import { eventually, InvokeClient, testPlatform, throughGateway } from '../../src/testing/index.ts';

/** The processes whose environment holds every one of `markers` (NAME=value). */
function processesWith(...markers: string[]): string[] {
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).filter((pid) => {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      return markers.every((m) => environ.includes(m));
    } catch {
      return false; // gone meanwhile, or not ours to read
    }
  });
}

/** A port offset at which every port the launcher would take is free. */
async function freeOffset(): Promise<number> {
  const ports = [...readRunFile().apps.flatMap((a) => [a.appPort, a.daprHTTPPort, a.daprGRPCPort, a.daprInternalGRPCPort, a.metricsPort]), ...Object.values(PLATFORM_CONTROL_PLANE)];
  for (let offset = 1000; offset + Math.max(...ports) < 65535; offset += 1000) {
    if (ports.some((p) => fetchRefuses(p + offset))) continue;
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
    expect(store).to.include.keys('JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'REDIS_HOST', 'USER_DB_URL');
    expect(readdirSync(path.join(stateDir, 'dapr', 'config'))).to.include('user-service.yaml');
  });

  it('serves clients through the gateway, whose address it prints', async () => {
    const gateway = readRunFile().apps.find((a) => a.appID === 'gateway')!;
    const address = `http://127.0.0.1:${gateway.appPort + offset}`;
    expect(output).to.contain(`${address}/v1.0/invoke/<app id>/method/<path>`);
    const jwks = await fetch(`${address}/v1.0/invoke/user-service/method/.well-known/jwks.json`);
    expect(jwks.status).to.equal(200);
    expect(((await jwks.json()) as { keys: { alg: string }[] }).keys[0]!.alg).to.equal('EdDSA');
  });

  it('when a customer follows the README (register, log in, deposit, buy), then the provider\'s callback reaches the payment service through the gateway, the money lands, and an order fills', async () => {
    const gatewayPort = readRunFile().apps.find((a) => a.appID === 'gateway')!.appPort + offset;
    const users = throughGateway(gatewayPort, 'user-service');
    const wallets = throughGateway(gatewayPort, 'funds-service');
    const payments = throughGateway(gatewayPort, 'payment-service');
    const email = `readme-${Date.now()}@example.com`;
    expect((await users.post('auth/register', { email, password: 'blue-k1te-sky', firstName: 'Ann', lastName: 'Rao' })).status).to.equal(201);
    const token = (await users.post('auth/login', { email, password: 'blue-k1te-sky' })).body.accessToken as string;
    await eventually('the wallet to be opened', async () => ((await wallets.get('wallets/me', token)).status === 200 ? true : undefined), 30_000);
    const deposit = await payments.post('payments/deposits', { amount: '5000.00', method: 'UPI' }, token);
    expect(deposit.status).to.equal(201);
    await eventually('the deposit to succeed', async () => ((await payments.get(`payments/${deposit.body.paymentId}`, token)).body.status === 'SUCCEEDED' ? true : undefined), 30_000);
    await eventually('the wallet to show it', async () => ((await wallets.get('wallets/me', token)).body.available === '5000.0000' ? true : undefined), 30_000);
    const orders = throughGateway(gatewayPort, 'order-service');
    const order = await orders.post('orders', { symbol: 'INFY', side: 'BUY', type: 'MARKET', quantity: 1, validity: 'DAY', clientOrderId: 'readme-1' }, token);
    expect(order.status, JSON.stringify(order.body)).to.equal(201);
    await eventually('the order to fill', async () => ((await orders.get(`orders/${order.body.orderId}`, token)).body.status === 'FILLED' ? true : undefined), 30_000);
    // She was told, and the email landed in the launcher's mail sink, under its state folder.
    const told = await throughGateway(gatewayPort, 'notification-service').get('notifications', token);
    expect(told.status).to.equal(200);
    await eventually('her deposit email in the mail sink', async () => (keptMail(path.join(stateDir, 'sinks'))
      .some((m) => m.to.includes(email) && m.subject === '₹5,000.00 added to your wallet') ? true : undefined), 30_000);
    expect(output).to.contain('mail sink: SMTP on 127.0.0.1:');
  });

  it('when a service crashes, then it is restarted, says so, and serves again', async () => {
    const pid = processesWith(`WINVESTCO_STATE_DIR=${stateDir}`, 'APP_ID=user-service')[0];
    expect(pid, 'the user service process').to.be.a('string');
    process.kill(Number(pid), 'SIGKILL');
    await eventually('the launcher to restart it', async () => (output.includes('user-service restarted') ? true : undefined), 30_000);
    expect(output).to.match(/user-service exited with code null.*restarting it in 1s/);
    const gateway = readRunFile().apps.find((a) => a.appID === 'gateway')!;
    const jwks = `http://127.0.0.1:${gateway.appPort + offset}/v1.0/invoke/user-service/method/.well-known/jwks.json`;
    await eventually('the user service to answer again', async () => ((await fetch(jwks)).status === 200 ? true : undefined), 30_000);
  });

  it('keeps every sidecar behind its own token, written nowhere', async () => {
    const user = readRunFile().apps.find((a) => a.appID === 'user-service')!;
    const unauthenticated = await new InvokeClient(new DaprSidecar(user.daprHTTPPort + offset), 'user-service').get('readyz');
    expect(unauthenticated.status).to.equal(401);
    expect(readdirSync(stateDir)).not.to.include('dapr-api-token');
  });

  it('on Ctrl-C stops everything it started and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', resolve));
    launcher.kill('SIGINT');
    expect(await exited).to.equal(0);
    // Everything the launcher started inherited its environment, WINVESTCO_STATE_DIR included.
    expect(processesWith(`WINVESTCO_STATE_DIR=${stateDir}`), 'processes the launcher left running').to.deep.equal([]);
  });
});
