import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually, InvokeClient, TEST_SECRETS, testPlatform, throughGateway, type TestApp, type TestPlatform } from '@winvestco/platform/testing';
import { signature } from '../../src/domain/signature.ts';

const TIMEOUT_SECONDS = 4;

describe('payment service: deposits and withdrawals as sagas, through real sidecars, with the books checked after each', function () {
  let platform: TestPlatform;
  let user: TestApp;
  let funds: TestApp;
  let payment: TestApp;
  let gateway: TestApp;
  let ledger: TestApp;
  /** Every customer of the current test: the books are checked for each of them after it. */
  let customers: string[] = [];
  const gatewayUrl = () => `http://127.0.0.1:${gateway.app.appPort}`;
  const paymentEnv = (delayMs: number) => ({ PAYMENT_DEPOSIT_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS), PAYMENT_SIMULATOR_DELAY_MS: String(delayMs), GATEWAY_URL: gatewayUrl() });

  before(async () => {
    platform = await testPlatform('payment');
    [user, funds, gateway, ledger] = await Promise.all([
      platform.launch('user-service'), platform.launch('funds-service'), platform.launch('gateway'), platform.launch('ledger-service'),
    ]);
    payment = await platform.launch('payment-service', { env: paymentEnv(200) });
  });

  after(async () => {
    for (const app of [payment, gateway, ledger, funds, user]) if (app) await platform.stopApp(app);
  });

  beforeEach(() => {
    customers = [];
  });

  // After every scenario: the journal balances (debits = credits per currency), and for each
  // user the ledger's cash and cash-locked equal the wallet's available and locked.
  afterEach(async function () {
    if (this.currentTest?.state !== 'passed') return;
    const books = new InvokeClient(ledger.dapr, 'ledger-service');
    const admin = await platform.tokenFor(randomUUID(), ['ADMIN']);
    for (const userId of customers) {
      await eventually(`the ledger of ${userId} to match the wallet`, async () => {
        const reply = await books.get(`ledger/reconciliation/${userId}`, admin);
        return reply.status === 200 && reply.body.matched === true ? true : undefined;
      }, 20_000);
    }
    const trial = await books.get('ledger/trial-balance', admin);
    expect(trial.status).to.equal(200);
    expect(trial.body.balanced).to.equal(true);
    for (const currency of trial.body.currencies) expect(currency.difference, currency.currency).to.equal('0.0000');
  });

  const payments = () => new InvokeClient(payment.dapr, 'payment-service');
  const fundsDb = () => platform.adminDb('funds');
  const paymentDb = () => platform.adminDb('payment');

  /** A registered, logged-in user whose wallet exists. */
  async function customer(): Promise<{ id: string; token: string }> {
    const users = new InvokeClient(user.dapr, 'user-service');
    const email = `c-${randomUUID()}@example.com`;
    const registered = await users.post('auth/register', { email, password: 'blue-k1te-sky', firstName: 'C', lastName: 'Ustomer' });
    expect(registered.status).to.equal(201);
    const token = (await users.post('auth/login', { email, password: 'blue-k1te-sky' })).body.accessToken as string;
    await eventually('the wallet to be opened', () => fundsDb().oneOrNone('SELECT 1 FROM wallets WHERE user_id = $1', [registered.body.id]).then((r) => r ?? undefined));
    customers.push(registered.body.id);
    return { id: registered.body.id, token };
  }

  const wallet = (userId: string) => fundsDb().one('SELECT available, locked FROM wallets WHERE user_id = $1', [userId]);
  const status = async (id: string) => (await paymentDb().one('SELECT status FROM payments WHERE id = $1', [id])).status as string;
  const settled = (id: string, statuses: string[]) => eventually(`payment ${id} to reach ${statuses.join(' or ')}`, async () => {
    const s = await status(id);
    return statuses.includes(s) ? s : undefined;
  }, 30_000);

  async function deposit(c: { token: string }, amount: string, payerHandle?: string) {
    const reply = await payments().post('payments/deposits', { amount, method: 'UPI', ...(payerHandle ? { payerHandle } : {}) }, c.token);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    return reply.body.paymentId as string;
  }

  describe('deposits', () => {
    it('when the provider confirms, then the wallet is credited once and the deposit SUCCEEDED', async () => {
      const c = await customer();
      const id = await deposit(c, '50000.0000');
      expect(await settled(id, ['SUCCEEDED', 'FAILED', 'EXPIRED'])).to.equal('SUCCEEDED');
      expect(await wallet(c.id)).to.deep.equal({ available: '50000.0000', locked: '0.0000' });
      expect((await paymentDb().one("SELECT count(*)::int AS n FROM outbox WHERE type = 'payment.succeeded' AND data->>'paymentId' = $1", [id])).n).to.equal(1);
      const shown = await payments().get(`payments/${id}`, c.token);
      expect(shown.body).to.include({ status: 'SUCCEEDED', amount: '50000.0000', direction: 'DEPOSIT', provider: 'simulator' });
    });

    it('when the provider fails it (failure@sim), then FAILED with a reason and nothing credited', async () => {
      const c = await customer();
      const id = await deposit(c, '1000.0000', 'failure@sim');
      expect(await settled(id, ['SUCCEEDED', 'FAILED', 'EXPIRED'])).to.equal('FAILED');
      expect((await payments().get(`payments/${id}`, c.token)).body.failureReason).to.match(/declined/);
      expect(await wallet(c.id)).to.deep.equal({ available: '0.0000', locked: '0.0000' });
    });

    it('when no confirmation comes before the deadline (pending@sim), then EXPIRED and nothing credited, even if one comes later', async () => {
      const c = await customer();
      const id = await deposit(c, '1000.0000', 'pending@sim');
      expect(await settled(id, ['SUCCEEDED', 'FAILED', 'EXPIRED'])).to.equal('EXPIRED');
      const late = await webhook({ eventId: `late-${id}`, paymentId: id, providerReference: 'x', status: 'SUCCEEDED', amount: '1000.0000', currency: 'INR' });
      expect(late.status).to.equal(200);
      expect(late.body.outcome).to.equal('too-late');
      expect(await wallet(c.id)).to.deep.equal({ available: '0.0000', locked: '0.0000' });
    });
  });

  /** The provider's callback, as it arrives: through the gateway, signed. */
  async function webhook(body: object, sign: (raw: string) => string | undefined = (raw) => signature(TEST_SECRETS.PAYMENT_WEBHOOK_SECRET, raw)) {
    const raw = JSON.stringify(body);
    const sig = sign(raw);
    return throughGateway(gateway.app.appPort, 'payment-service').call<Record<string, unknown>>('POST', 'payments/webhooks/simulator', {
      raw, headers: { 'content-type': 'application/json', ...(sig ? { 'x-signature': sig } : {}) },
    });
  }

  describe('webhooks', () => {
    it('when the same webhook arrives three times, then the wallet is credited once', async () => {
      const c = await customer();
      const id = await deposit(c, '2500.0000', 'pending@sim');
      await eventually('the deposit to be PENDING', async () => ((await status(id)) === 'PENDING' ? true : undefined));
      const body = { eventId: `evt-${id}`, paymentId: id, providerReference: 'sim_manual', status: 'SUCCEEDED', amount: '2500.0000', currency: 'INR' };
      const answers = [await webhook(body), await webhook(body), await webhook(body)];
      expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200]);
      expect(await settled(id, ['SUCCEEDED', 'FAILED', 'EXPIRED'])).to.equal('SUCCEEDED');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await wallet(c.id)).to.deep.equal({ available: '2500.0000', locked: '0.0000' });
      expect((await fundsDb().one("SELECT count(*)::int AS n FROM wallet_transactions WHERE reference = $1", [id])).n).to.equal(1);
      expect((await paymentDb().one('SELECT count(*)::int AS n FROM payment_webhooks WHERE payment_id = $1', [id])).n).to.equal(1);
    });

    it('when a webhook has a wrong or no signature, then 401 and nothing changes', async () => {
      const c = await customer();
      const id = await deposit(c, '700.0000', 'pending@sim');
      await eventually('the deposit to be PENDING', async () => ((await status(id)) === 'PENDING' ? true : undefined));
      const body = { eventId: `forged-${id}`, paymentId: id, providerReference: 'x', status: 'SUCCEEDED', amount: '700.0000', currency: 'INR' };
      expect((await webhook(body, () => undefined)).status).to.equal(401);
      expect((await webhook(body, (raw) => signature('not-the-secret', raw))).status).to.equal(401);
      expect((await webhook(body, () => `sha256=${'0'.repeat(64)}`)).status).to.equal(401);
      expect(await status(id)).to.equal('PENDING');
      expect((await paymentDb().one('SELECT count(*)::int AS n FROM payment_webhooks WHERE payment_id = $1', [id])).n).to.equal(0);
      expect(await wallet(c.id)).to.deep.equal({ available: '0.0000', locked: '0.0000' });
    });
  });

  describe('withdrawals', () => {
    it('when the payout succeeds, then the lock is settled, the money leaves the wallet, PAID_OUT', async () => {
      const c = await customer();
      await settled(await deposit(c, '10000.0000'), ['SUCCEEDED']);
      const reply = await payments().post('payments/withdrawals', { amount: '5000.0000' }, c.token);
      expect(reply.status).to.equal(201);
      expect(reply.body.status).to.equal('REQUESTED');
      expect(await settled(reply.body.paymentId, ['PAID_OUT', 'FAILED'])).to.equal('PAID_OUT');
      expect(await wallet(c.id)).to.deep.equal({ available: '5000.0000', locked: '0.0000' });
      expect((await fundsDb().one("SELECT count(*)::int AS n FROM outbox WHERE type = 'funds.withdrawn' AND data->>'userId' = $1", [c.id])).n).to.equal(1);
    });

    it('when the payout fails, then the lock is released in full and the withdrawal FAILED', async () => {
      const c = await customer();
      await settled(await deposit(c, '3000.0000'), ['SUCCEEDED']);
      const reply = await payments().post('payments/withdrawals', { amount: '1200.0000', payerHandle: 'failure@sim' }, c.token);
      expect(await settled(reply.body.paymentId, ['PAID_OUT', 'FAILED'])).to.equal('FAILED');
      expect(await wallet(c.id)).to.deep.equal({ available: '3000.0000', locked: '0.0000' });
      const lock = await fundsDb().one('SELECT status FROM fund_locks WHERE reference = $1', [reply.body.paymentId]);
      expect(lock.status).to.equal('RELEASED');
    });

    it('when more than is available is asked, then 400 naming amount, nothing locked and no payment', async () => {
      const c = await customer();
      await settled(await deposit(c, '500.0000'), ['SUCCEEDED']);
      const before = (await paymentDb().one('SELECT count(*)::int AS n FROM payments')).n;
      const reply = await payments().post('payments/withdrawals', { amount: '500.0100' }, c.token);
      expect(reply.status).to.equal(400);
      expect(reply.body.errors[0].field).to.equal('amount');
      expect((await paymentDb().one('SELECT count(*)::int AS n FROM payments')).n).to.equal(before);
      expect(await wallet(c.id)).to.deep.equal({ available: '500.0000', locked: '0.0000' });
      expect((await fundsDb().one("SELECT count(*)::int AS n FROM fund_locks l JOIN wallets w ON w.id = l.wallet_id WHERE w.user_id = $1 AND l.purpose = 'WITHDRAWAL'", [c.id])).n).to.equal(0);
    });

    it('when payment-service restarts between the lock and the payout, then the withdrawal resumes and completes once', async () => {
      const c = await customer();
      await settled(await deposit(c, '8000.0000'), ['SUCCEEDED']);
      await platform.stopApp(payment);
      payment = await platform.launch('payment-service', { env: paymentEnv(6000) });
      const reply = await payments().post('payments/withdrawals', { amount: '3000.0000' }, c.token);
      const id = reply.body.paymentId as string;
      await eventually('the funds to be locked', async () => ((await status(id)) === 'FUNDS_LOCKED' ? true : undefined));
      expect(await wallet(c.id)).to.deep.equal({ available: '5000.0000', locked: '3000.0000' });
      await platform.stopApp(payment);
      payment = await platform.launch('payment-service', { env: paymentEnv(200) });
      expect(await settled(id, ['PAID_OUT', 'FAILED'])).to.equal('PAID_OUT');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await wallet(c.id)).to.deep.equal({ available: '5000.0000', locked: '0.0000' });
      expect((await fundsDb().one("SELECT count(*)::int AS n FROM wallet_transactions WHERE type = 'WITHDRAWAL' AND reference = $1", [id])).n).to.equal(1);
      expect((await fundsDb().one("SELECT count(*)::int AS n FROM outbox WHERE type = 'funds.withdrawn' AND data->>'reference' = $1", [id])).n).to.equal(1);
    });
  });

  describe('requests', () => {
    it('amounts with too many decimals, negative, zero, non-numeric, below ₹100 or above ₹10,00,000 are 400 naming amount, nothing stored', async () => {
      const c = await customer();
      const before = (await paymentDb().one('SELECT count(*)::int AS n FROM payments')).n;
      for (const amount of ['100.12345', '-500.0000', '0', 'lots', 150, '99.9999', '1000000.0001']) {
        for (const route of ['payments/deposits', 'payments/withdrawals']) {
          const reply = await payments().post(route, { amount, method: 'UPI' }, c.token);
          expect(reply.status, `${route} ${amount}`).to.equal(400);
          expect(reply.body.errors.map((e: { field: string }) => e.field), `${route} ${amount}`).to.include('amount');
        }
      }
      expect((await paymentDb().one('SELECT count(*)::int AS n FROM payments')).n).to.equal(before);
    });

    it('a client that retries with its Idempotency-Key gets the same payment', async () => {
      const c = await customer();
      const first = await payments().call('POST', 'payments/deposits', { body: { amount: '100.0000', method: 'CARD' }, token: c.token, headers: { 'idempotency-key': 'retry-1' } });
      const again = await payments().call('POST', 'payments/deposits', { body: { amount: '100.0000', method: 'CARD' }, token: c.token, headers: { 'idempotency-key': 'retry-1' } });
      expect([first.status, again.status]).to.deep.equal([201, 200]);
      expect(again.body.paymentId).to.equal(first.body.paymentId);
    });

    it('a user sees only their own payments', async () => {
      const ann = await customer();
      const bob = await customer();
      const id = await deposit(ann, '100.0000');
      expect((await payments().get(`payments/${id}`, bob.token)).status).to.equal(404);
      expect((await payments().get('payments', bob.token)).body.items).to.deep.equal([]);
      expect((await payments().get('payments', ann.token)).body.items.map((p: { paymentId: string }) => p.paymentId)).to.deep.equal([id]);
    });
  });
});
