import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually, testPlatform, throughGateway, type TestApp, type TestPlatform } from '@winvestco/platform/testing';
import { Books, paymentEnv, type Customer, type PaymentsWorld } from './payments-world.ts';

describe('payment service: deposits and withdrawals as sagas, through real sidecars, with the books checked after each', function () {
  let platform: TestPlatform;
  let user: TestApp;
  let funds: TestApp;
  let payment: TestApp;
  let gateway: TestApp;
  let ledger: TestApp;
  /** Every customer of the current test: the books are checked for each of them after it. */
  let customers: Customer[] = [];
  const world = (): PaymentsWorld => ({ platform, user, funds, ledger, gateway, payment });
  const books = new Books(world);
  const customer = async () => {
    const c = await books.customer();
    customers.push(c);
    return c;
  };
  const funded = async (amount: string) => {
    const c = await books.funded(amount);
    customers.push(c);
    return c;
  };

  before(async () => {
    platform = await testPlatform('payment');
    [user, funds, gateway, ledger] = await Promise.all([
      platform.launch('user-service'), platform.launch('funds-service'), platform.launch('gateway'), platform.launch('ledger-service'),
    ]);
    payment = await platform.launch('payment-service', { env: paymentEnv(gateway, { delayMs: 200, payoutTimeoutSeconds: 3 }) });
  });

  after(async () => {
    for (const app of [payment, gateway, ledger, funds, user]) if (app) await platform.stopApp(app);
  });

  beforeEach(() => {
    customers = [];
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'passed') await books.checkBooks(customers);
  });

  const adminClient = async () => ({
    client: throughGateway(gateway.app.appPort, 'payment-service'),
    token: await platform.tokenFor(randomUUID(), ['ADMIN']),
  });

  describe('deposits', () => {
    it('when the provider confirms, then the wallet is credited once and the deposit SUCCEEDED, with its history', async () => {
      const c = await customer();
      const id = await books.deposit(c, '50000.0000');
      const done = await books.settled(c, id);
      expect(done).to.include({ status: 'SUCCEEDED', amount: '50000.0000', direction: 'DEPOSIT', provider: 'simulator', confirmedLate: false });
      expect(done.history.map((h: { to: string }) => h.to)).to.deep.equal(['CREATED', 'PENDING', 'SUCCEEDED']);
      expect(await books.wallet(c)).to.deep.equal({ available: '50000.0000', locked: '0.0000' });
      expect(await books.movements(c, id)).to.deep.equal([{ type: 'DEPOSIT', amount: '50000.0000' }]);
    });

    it('when the provider fails it (failure@sim), then FAILED with a reason and nothing credited', async () => {
      const c = await customer();
      const id = await books.deposit(c, '1000.0000', 'failure@sim');
      const done = await books.settled(c, id);
      expect(done.status).to.equal('FAILED');
      expect(done.failureReason).to.match(/declined/);
      expect(await books.wallet(c)).to.deep.equal({ available: '0.0000', locked: '0.0000' });
    });

    it('when a confirmation arrives after the deposit EXPIRED, then the wallet is credited once and the payment says it was late', async () => {
      const c = await customer();
      const id = await books.deposit(c, '1000.0000', 'pending@sim');
      expect((await books.settled(c, id)).status).to.equal('EXPIRED');
      expect(await books.wallet(c)).to.deep.equal({ available: '0.0000', locked: '0.0000' });
      const late = { eventId: `late-${id}`, paymentId: id, providerReference: 'x', status: 'SUCCEEDED', amount: '1000.00', currency: 'INR' };
      const answer = await books.webhook(late);
      expect(answer.status).to.equal(200);
      expect(answer.body.outcome).to.equal('late-credit');
      const done = await books.settled(c, id, ['SUCCEEDED']);
      expect(done.confirmedLate).to.equal(true);
      expect(done.history.map((h: { to: string }) => h.to)).to.deep.equal(['CREATED', 'PENDING', 'EXPIRED', 'SUCCEEDED']);
      expect(done.history.at(-1).note).to.match(/confirmed it after it was EXPIRED/);
      // The provider calls again: recorded once, credited once.
      expect((await books.webhook(late)).status).to.equal(200);
      await eventually('the wallet to be credited', async () => ((await books.wallet(c)).available === '1000.0000' ? true : undefined));
      expect(await books.movements(c, id)).to.deep.equal([{ type: 'DEPOSIT', amount: '1000.0000' }]);
    });
  });

  describe('webhooks', () => {
    it('when the same webhook arrives three times, then the wallet is credited once', async () => {
      const c = await customer();
      const id = await books.deposit(c, '2500.0000', 'pending@sim');
      await books.settled(c, id, ['PENDING']);
      const body = { eventId: `evt-${id}`, paymentId: id, providerReference: 'sim_manual', status: 'SUCCEEDED', amount: '2500.0000', currency: 'INR' };
      const answers = [await books.webhook(body), await books.webhook(body), await books.webhook(body)];
      expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200]);
      expect(answers.map((a) => a.body.outcome)).to.deep.equal(['accepted', 'duplicate', 'duplicate']);
      expect((await books.settled(c, id)).status).to.equal('SUCCEEDED');
      expect(await books.movements(c, id)).to.deep.equal([{ type: 'DEPOSIT', amount: '2500.0000' }]);
    });

    it('when a correctly signed callback writes the amount another way (50000.00 for 50000.0000), then it is the same amount', async () => {
      const c = await customer();
      const id = await books.deposit(c, '50000.0000', 'pending@sim');
      await books.settled(c, id, ['PENDING']);
      const answer = await books.webhook({ eventId: `evt-${id}`, paymentId: id, providerReference: 'sim', status: 'SUCCEEDED', amount: '50000.00', currency: 'INR' });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      expect((await books.settled(c, id)).status).to.equal('SUCCEEDED');
    });

    it('when a callback names another amount, then 409 and nothing changes', async () => {
      const c = await customer();
      const id = await books.deposit(c, '700.0000', 'pending@sim');
      await books.settled(c, id, ['PENDING']);
      const answer = await books.webhook({ eventId: `evt-${id}`, paymentId: id, providerReference: 'sim', status: 'SUCCEEDED', amount: '7000.00', currency: 'INR' });
      expect(answer.status).to.equal(409);
      expect((await books.payment(c, id)).status).to.equal('PENDING');
    });

    it('when a webhook has a wrong or no signature, then 401 and nothing changes', async () => {
      const c = await customer();
      const id = await books.deposit(c, '700.0000', 'pending@sim');
      await books.settled(c, id, ['PENDING']);
      const body = { eventId: `forged-${id}`, paymentId: id, providerReference: 'x', status: 'SUCCEEDED', amount: '700.0000', currency: 'INR' };
      expect((await books.webhook(body, () => undefined)).status).to.equal(401);
      expect((await books.webhook(body, () => 'sha256=' + '0'.repeat(64))).status).to.equal(401);
      expect((await books.payment(c, id)).status).to.equal('PENDING');
      expect(await books.wallet(c)).to.deep.equal({ available: '0.0000', locked: '0.0000' });
    });
  });

  describe('withdrawals', () => {
    it('when the payout succeeds, then the lock is settled, the money leaves the wallet, PAID_OUT', async () => {
      const c = await funded('10000.0000');
      const id = await books.withdraw(c, '5000.0000');
      expect((await books.settled(c, id)).status).to.equal('PAID_OUT');
      expect(await books.wallet(c)).to.deep.equal({ available: '5000.0000', locked: '0.0000' });
      expect(await books.movements(c, id)).to.deep.equal([{ type: 'WITHDRAWAL', amount: '5000.0000' }]);
    });

    it('when the payout fails, then the lock is released in full and the withdrawal FAILED', async () => {
      const c = await funded('3000.0000');
      const id = await books.withdraw(c, '1200.0000', 'failure@sim');
      expect((await books.settled(c, id)).status).to.equal('FAILED');
      expect(await books.wallet(c)).to.deep.equal({ available: '3000.0000', locked: '0.0000' });
    });

    it('when more than is available is asked, then 400 naming amount, nothing locked and no payment', async () => {
      const c = await funded('500.0000');
      const reply = await books.payments().post('payments/withdrawals', { amount: '500.0100' }, c.token);
      expect(reply.status).to.equal(400);
      expect(reply.body.errors[0].field).to.equal('amount');
      expect((await books.payments().get('payments?direction=WITHDRAWAL', c.token)).body.items).to.deep.equal([]);
      expect(await books.wallet(c)).to.deep.equal({ available: '500.0000', locked: '0.0000' });
    });

    it('when a payout never answers, then the withdrawal ends STUCK after its timeout, an admin sees it and releases it, and the money is released, never also paid out', async () => {
      const c = await funded('6000.0000');
      const id = await books.withdraw(c, '4000.0000', 'pending@sim');
      const { client, token } = await adminClient();
      const stuck = await eventually('the withdrawal to be STUCK', async () => {
        const list = await client.get('admin/sagas?status=STUCK', token);
        return (list.body.items as { instanceId: string; stuck: { decisions: string[]; reason: string } }[] | undefined)?.find((s) => s.instanceId === `withdrawal-${id}`);
      });
      expect(stuck).to.deep.include({ status: 'STUCK', workflow: 'withdrawal' });
      expect(stuck.stuck.decisions).to.deep.equal(['PAID_OUT', 'RELEASE']);
      expect(stuck.stuck.reason).to.match(/no answer .* pending/);
      expect(await books.wallet(c)).to.deep.equal({ available: '2000.0000', locked: '4000.0000' });

      expect((await client.post(`admin/sagas/withdrawal-${id}/resolution`, { decision: 'MAYBE' }, token)).status).to.equal(400);
      const resolved = await client.post(`admin/sagas/withdrawal-${id}/resolution`, { decision: 'RELEASE', note: 'the bank says it never left' }, token);
      expect(resolved.status, JSON.stringify(resolved.body)).to.equal(202);
      const second = await client.post(`admin/sagas/withdrawal-${id}/resolution`, { decision: 'PAID_OUT' }, token);
      expect(second.status).to.equal(409);
      const done = await books.settled(c, id);
      expect(done.status).to.equal('FAILED');
      expect(done.failureReason).to.match(/released by an operator/);
      expect(await books.wallet(c)).to.deep.equal({ available: '6000.0000', locked: '0.0000' });
      expect(await books.movements(c, id)).to.deep.equal([]);
      const after = await client.get(`admin/sagas/withdrawal-${id}`, token);
      expect(after.body).to.deep.include({ status: 'STARTED' });
      expect(after.body.resolution.decision).to.equal('RELEASE');
    });

    it('when a client who is not an admin asks for the sagas, then 403', async () => {
      const c = await customer();
      expect((await throughGateway(gateway.app.appPort, 'payment-service').get('admin/sagas', c.token)).status).to.equal(403);
    });
  });

  describe('requests', () => {
    it('amounts with too many decimals, negative, zero, non-numeric, below ₹100 or above ₹10,00,000 are 400 naming amount, nothing stored', async () => {
      const c = await funded('100.0000');
      for (const amount of ['100.12345', '-500.0000', '0', 'lots', 150, '99.9999', '1000000.0001']) {
        for (const route of ['payments/deposits', 'payments/withdrawals']) {
          const reply = await books.payments().post(route, { amount, method: 'UPI' }, c.token);
          expect(reply.status, `${route} ${amount}`).to.equal(400);
          expect(reply.body.errors.map((e: { field: string }) => e.field), `${route} ${amount}`).to.include('amount');
        }
      }
      expect((await books.payments().get('payments', c.token)).body.items).to.have.length(1);
    });

    it('a client that retries with its Idempotency-Key gets the first answer, saying it is a replay', async () => {
      const c = await customer();
      const send = () => books.payments().call('POST', 'payments/deposits', { body: { amount: '100.0000', method: 'CARD' }, token: c.token, headers: { 'idempotency-key': 'retry-1' } });
      const first = await send();
      const again = await send();
      expect([first.status, again.status]).to.deep.equal([201, 201]);
      expect([first.headers.get('idempotent-replayed'), again.headers.get('idempotent-replayed')]).to.deep.equal(['false', 'true']);
      expect(again.body.paymentId).to.equal(first.body.paymentId);
      await books.settled(c, first.body.paymentId as string);
    });

    it('when one idempotency key is sent 20 times at once, then one payment and no 500', async () => {
      const c = await customer();
      const answers = await Promise.all(Array.from({ length: 20 }, () =>
        books.payments().call('POST', 'payments/deposits', { body: { amount: '250.0000', method: 'UPI' }, token: c.token, headers: { 'idempotency-key': 'burst-1' } })));
      expect(answers.map((a) => a.status)).to.deep.equal(Array(20).fill(201));
      expect(new Set(answers.map((a) => a.body.paymentId)).size).to.equal(1);
      const listed = await books.payments().get('payments', c.token);
      expect(listed.body.items).to.have.length(1);
      await books.settled(c, answers[0]!.body.paymentId as string);
      expect(await books.wallet(c)).to.deep.equal({ available: '250.0000', locked: '0.0000' });
    });

    it('when a key is reused for another amount, then 422 naming the key and nothing new', async () => {
      const c = await customer();
      const send = (amount: string, route = 'payments/deposits') => books.payments().call('POST', route, { body: { amount, method: 'UPI' }, token: c.token, headers: { 'idempotency-key': 'reuse-1' } });
      expect((await send('300.0000')).status).to.equal(201);
      const other = await send('3000.0000');
      expect(other.status).to.equal(422);
      expect(other.body.errors[0].field).to.equal('Idempotency-Key');
      expect((await books.payments().get('payments', c.token)).body.items).to.have.length(1);
    });

    it('a user sees only their own payments', async () => {
      const ann = await customer();
      const bob = await customer();
      const id = await books.deposit(ann, '100.0000');
      expect((await books.payments().get(`payments/${id}`, bob.token)).status).to.equal(404);
      expect((await books.payments().get('payments', bob.token)).body.items).to.deep.equal([]);
      expect((await books.payments().get('payments', ann.token)).body.items.map((p: { paymentId: string }) => p.paymentId)).to.deep.equal([id]);
      await books.settled(ann, id);
    });
  });
});
