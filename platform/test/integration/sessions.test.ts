// Issue 12: a token that no longer stands is refused by every service, not only by the user
// service. Everything goes through the gateway, with real sidecars, broker and databases.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { expect } from 'chai';
import { eventually, TEST_ADMIN, testPlatform, throughGateway, type InvokeClient, type Reply, type TestApp, type TestPlatform } from '../../src/testing/index.ts';

const PASSWORD = 'blue-k1te-sky';
const DEADLINE_MS = 2000;

interface Session {
  id: string;
  accessToken: string;
  refreshToken: string;
}

describe('sessions: a token that no longer stands is refused by every service', function () {
  let platform: TestPlatform;
  let apps: TestApp[] = [];
  let gateway: TestApp;
  const via = (appId: string): InvokeClient => throughGateway(gateway.app.appPort, appId);

  before(async () => {
    platform = await testPlatform('sessions');
    const user = await platform.launch('user-service');
    gateway = await platform.launch('gateway', { env: { GATEWAY_REQUEST_DEADLINE_MS: String(DEADLINE_MS), GATEWAY_RATE_PER_SECOND: '1000', GATEWAY_RATE_BURST: '1000' } });
    const others = await Promise.all([
      platform.launch('funds-service'), platform.launch('ledger-service'), platform.launch('portfolio-service'), platform.launch('market-service', { env: { MARKET_TICK_MS: '0' } }),
    ]);
    const payment = await platform.launch('payment-service', {
      env: { PAYMENT_SIMULATOR_DELAY_MS: '100', PAYMENT_DEPOSIT_TIMEOUT_SECONDS: '30', PAYMENT_PAYOUT_TIMEOUT_SECONDS: '600', GATEWAY_URL: `http://127.0.0.1:${gateway.app.appPort}` },
    });
    apps = [payment, ...others, gateway, user];
  });

  after(async () => {
    for (const app of apps) await platform.stopApp(app);
  });

  async function register(): Promise<Session> {
    const email = `s-${randomUUID()}@example.com`;
    const registered = await via('user-service').post('auth/register', { email, password: PASSWORD, firstName: 'Ann', lastName: 'Rao' });
    expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
    return { id: registered.body.id, ...(await logIn(email)) };
  }

  async function logIn(email: string, password = PASSWORD): Promise<{ accessToken: string; refreshToken: string }> {
    const reply = await via('user-service').post('auth/login', { email, password });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    return { accessToken: reply.body.accessToken, refreshToken: reply.body.refreshToken };
  }

  const emailOf = async (id: string) => (await platform.adminDb('user').one('SELECT email FROM users WHERE id = $1', [id])).email as string;
  const adminToken = async () => (await logIn(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;

  /** A read each service answers a signed-in caller; market has no client route behind a token, so its kit admin route (authentication comes first). */
  const reads: Record<string, (token: string) => Promise<Reply>> = {
    'payment-service': (t) => via('payment-service').get('payments', t),
    'funds-service': (t) => via('funds-service').get('wallets/me', t),
    'ledger-service': (t) => via('ledger-service').get('ledger/entries', t),
    'portfolio-service': (t) => via('portfolio-service').get('portfolio', t),
    'market-service': (t) => via('market-service').get('admin/dead-letters', t),
  };

  async function standsEverywhere(token: string): Promise<void> {
    for (const [app, read] of Object.entries(reads)) {
      const status = (await eventually(`${app} to know the account`, async () => {
        const reply = await read(token);
        return reply.status === 503 ? undefined : reply;
      })).status;
      // Market's admin route: authenticated, then 403 for a USER. Portfolio: 404 before the first holding.
      expect(status, app).to.be.oneOf(app === 'market-service' ? [403] : [200, 404]);
    }
  }

  async function refusedEverywhere(token: string): Promise<void> {
    for (const [app, read] of Object.entries(reads)) {
      await eventually(`${app} to refuse the token`, async () => ((await read(token)).status === 401 ? true : undefined), 5000);
    }
  }

  const moneyOf = async (userId: string) => ({
    payments: Number((await platform.adminDb('payment').one('SELECT count(*) AS n FROM payments WHERE user_id = $1', [userId])).n),
    wallet: await platform.adminDb('funds').oneOrNone('SELECT available::text, locked::text FROM wallets WHERE user_id = $1', [userId]),
  });

  async function noMoneyMoves(userId: string, token: string): Promise<void> {
    const before = await moneyOf(userId);
    const deposit = await via('payment-service').post('payments/deposits', { amount: '500.00', method: 'UPI' }, token);
    const withdrawal = await via('payment-service').post('payments/withdrawals', { amount: '500.00', payerHandle: 'attacker@sim' }, token);
    expect([deposit.status, withdrawal.status]).to.deep.equal([401, 401]);
    expect(await moneyOf(userId)).to.deep.equal(before);
  }

  const cases: [string, (ann: Session) => Promise<void>][] = [
    ['changes her password', async (ann) => {
      expect((await via('user-service').post('users/me/password', { currentPassword: PASSWORD, newPassword: 'green-k1te-sea' }, ann.accessToken)).status).to.equal(204);
    }],
    ['logs out', async (ann) => {
      expect((await via('user-service').post('auth/logout', { refreshToken: ann.refreshToken })).status).to.equal(204);
    }],
    ['is suspended', async (ann) => {
      const reply = await via('user-service').patch(`users/${ann.id}/status`, { status: 'SUSPENDED', reason: 'test' }, await adminToken());
      expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    }],
  ];

  for (const [what, change] of cases) {
    it(`when Ann ${what}, then her old access token is refused by payment, funds, ledger, portfolio and market alike, and no money moves`, async () => {
      const ann = await register();
      await standsEverywhere(ann.accessToken);
      await change(ann);
      await refusedEverywhere(ann.accessToken);
      await noMoneyMoves(ann.id, ann.accessToken);
    });
  }

  it('when Ann\'s refresh token is used twice, then every access token of that session is refused everywhere, and no money moves', async () => {
    const ann = await register();
    const refreshed = await via('user-service').post('auth/refresh', { refreshToken: ann.refreshToken });
    expect(refreshed.status).to.equal(200);
    const second = refreshed.body.accessToken as string;
    await standsEverywhere(second);
    expect((await via('user-service').post('auth/refresh', { refreshToken: ann.refreshToken })).status).to.equal(401);
    expect((await via('user-service').get('users/me', second)).status).to.equal(401);
    for (const token of [ann.accessToken, second]) {
      await refusedEverywhere(token);
      await noMoneyMoves(ann.id, token);
    }
  });

  it('when an admin is demoted, then the ledger refuses their next reversal and every admin route of every service refuses them', async () => {
    // A deposit of another customer, so the ledger holds an entry to reverse.
    const cid = await register();
    await standsEverywhere(cid.accessToken);
    const deposit = await via('payment-service').post('payments/deposits', { amount: '500.00', method: 'UPI' }, cid.accessToken);
    expect(deposit.status, JSON.stringify(deposit.body)).to.equal(201);
    const entry = await eventually('the deposit in the ledger', async () => (await platform.adminDb('ledger').oneOrNone(
      "SELECT e.id FROM journal_entries e JOIN postings p ON p.entry_id = e.id WHERE e.kind = 'DEPOSIT' AND p.account = 'cash:' || $1 LIMIT 1", [cid.id],
    ))?.id as string | undefined, 30_000);
    const entries = async () => Number((await platform.adminDb('ledger').one('SELECT count(*) AS n FROM journal_entries')).n);

    const bea = await register();
    expect((await via('user-service').put(`users/${bea.id}/roles`, { roles: ['ADMIN', 'USER'] }, await adminToken())).status).to.equal(200);
    const asAdmin = (await logIn(await emailOf(bea.id))).accessToken;
    await eventually('the ledger to know Bea as ADMIN', async () => ((await via('ledger-service').get('ledger/trial-balance', asAdmin)).status === 200 ? true : undefined));

    expect((await via('user-service').put(`users/${bea.id}/roles`, { roles: ['USER'] }, await adminToken())).status).to.equal(200);
    const before = await entries();
    await eventually('the ledger to refuse the old token', async () => ((await via('ledger-service').get('ledger/trial-balance', asAdmin)).status === 401 ? true : undefined), 5000);
    expect((await via('ledger-service').post(`ledger/entries/${entry}/reversal`, { reason: 'mine now' }, asAdmin)).status).to.equal(401);

    // Logged in again, Bea is a USER everywhere, whatever a token of hers once said.
    const asUser = (await logIn(await emailOf(bea.id))).accessToken;
    const adminRoutes: [string, string, string][] = [
      ['ledger-service', 'POST', `ledger/entries/${entry}/reversal`], ['ledger-service', 'GET', 'ledger/trial-balance'], ['user-service', 'GET', 'users'],
      ...['user-service', 'funds-service', 'ledger-service', 'portfolio-service', 'market-service', 'payment-service'].map((app): [string, string, string] => [app, 'GET', 'admin/dead-letters']),
      ['payment-service', 'GET', 'admin/sagas'],
    ];
    for (const [app, method, path] of adminRoutes) {
      for (const token of [asAdmin, asUser]) {
        const reply = await via(app).call(method, path, { token, ...(method === 'POST' ? { body: { reason: 'mine now' } } : {}) });
        expect(reply.status, `${app} ${method} ${path}`).to.equal(token === asAdmin ? 401 : 403);
      }
    }
    expect(await entries()).to.equal(before);
  });

  it('when a body repeats a key, then 400 naming the key and nothing stored', async () => {
    const ann = await register();
    await standsEverywhere(ann.accessToken);
    const reply = await via('payment-service').call('POST', 'payments/deposits', {
      token: ann.accessToken, raw: '{"amount":"100.00","method":"UPI","amount":"1000000.00"}', headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).to.equal(400);
    expect(reply.headers.get('content-type')).to.contain('application/problem+json');
    expect(reply.body.detail).to.contain('amount');
    expect((await moneyOf(ann.id)).payments).to.equal(0);
  });

  it('when a client sends a body one byte every second, then the gateway cuts it after its deadline, and a normal request meanwhile is served', async () => {
    const started = Date.now();
    const socket = connect(gateway.app.appPort, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
    socket.on('error', () => undefined);
    socket.write('POST /v1.0/invoke/user-service/method/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{');
    const drip = setInterval(() => socket.writable && socket.write(' '), 1000);
    try {
      const served = await via('market-service').get('market/status');
      expect(served.status).to.equal(200);
      const after = await closed;
      expect(after).to.be.within(DEADLINE_MS - 100, DEADLINE_MS + 3000);
      expect(received).to.match(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });
});
