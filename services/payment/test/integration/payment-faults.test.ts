// Faults an operator would inject, with real processes killed: no money is lost, none moves twice.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { databaseNames } from '@winvestco/common';
import { eventually, throughGateway, testPlatform, type TestApp, type TestPlatform } from '@winvestco/platform/testing';
import { Books, paymentEnv, type Customer, type PaymentsWorld } from './payments-world.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('payment service under faults (processes killed for real; the books checked after each)', function () {
  this.timeout(300_000);
  let platform: TestPlatform;
  let user: TestApp;
  let funds: TestApp;
  let payment: TestApp;
  let gateway: TestApp;
  let ledger: TestApp;
  let customers: Customer[] = [];
  const world = (): PaymentsWorld => ({ platform, user, funds, ledger, gateway, payment });
  const books = new Books(world);
  const funded = async (amount: string) => {
    const c = await books.funded(amount);
    customers.push(c);
    return c;
  };
  const customer = async () => {
    const c = await books.customer();
    customers.push(c);
    return c;
  };
  const launchPayment = (delayMs: number) => platform.launch('payment-service', { env: paymentEnv(gateway, { delayMs, depositTimeoutSeconds: 600 }), restart: true });

  before(async () => {
    platform = await testPlatform('payment-faults');
    [user, funds, gateway, ledger] = await Promise.all([
      platform.launch('user-service'), platform.launch('funds-service'), platform.launch('gateway'), platform.launch('ledger-service', { restart: true }),
    ]);
    payment = await launchPayment(200);
  });

  after(async () => {
    for (const app of [payment, gateway, ledger, funds, user]) if (app) await platform.stopApp(app);
  });

  beforeEach(() => {
    customers = [];
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'passed') await books.checkBooks(customers, 60_000);
  });

  it('when payment-service\'s sidecar is SIGKILLed with 4 deposits and 4 withdrawals in flight, then every one completes, each wallet moved once, and wallet = ledger', async () => {
    const savers = await Promise.all([1, 2, 3, 4].map(() => customer()));
    const spenders = await Promise.all([1, 2, 3, 4].map(() => funded('5000.0000')));
    await platform.stopApp(payment);
    payment = await launchPayment(4000);
    const deposits = await Promise.all(savers.map((c) => books.deposit(c, '2500.0000')));
    const withdrawals = await Promise.all(spenders.map((c) => books.withdraw(c, '3000.0000')));
    await Promise.all(spenders.map((c, i) => books.settled(c, withdrawals[i]!, ['FUNDS_LOCKED'])));

    payment.sidecar.child.kill('SIGKILL');
    await eventually('the sidecar to be back', async () => ((await payment.dapr.outboundHealthy()) ? true : undefined), 30_000);

    for (const [i, c] of savers.entries()) expect((await books.settled(c, deposits[i]!, undefined, 120_000)).status).to.equal('SUCCEEDED');
    for (const [i, c] of spenders.entries()) expect((await books.settled(c, withdrawals[i]!, undefined, 120_000)).status).to.equal('PAID_OUT');
    for (const [i, c] of savers.entries()) {
      expect(await books.wallet(c)).to.deep.equal({ available: '2500.0000', locked: '0.0000' });
      expect(await books.movements(c, deposits[i]!)).to.have.length(1);
    }
    for (const [i, c] of spenders.entries()) {
      expect(await books.wallet(c)).to.deep.equal({ available: '2000.0000', locked: '0.0000' });
      expect(await books.movements(c, withdrawals[i]!)).to.have.length(1);
    }
  });

  it('when funds-service is down for 60 s after a payout succeeded and a collection was confirmed, then both settle once it is back, each posted once', async () => {
    const spender = await funded('10000.0000');
    const saver = await customer();
    await platform.stopApp(payment);
    payment = await launchPayment(2000);
    const withdrawal = await books.withdraw(spender, '4000.0000');
    await books.settled(spender, withdrawal, ['FUNDS_LOCKED']);
    const deposit = await books.deposit(saver, '8000.0000');
    await books.settled(saver, deposit, ['PENDING']);
    await platform.stopApp(funds);
    // The provider calls back meanwhile: the credit and the settlement wait for the funds service.
    await sleep(60_000);
    expect((await books.payment(spender, withdrawal)).status).to.equal('FUNDS_LOCKED');
    expect((await books.payment(saver, deposit)).status).to.equal('PENDING');
    funds = await platform.launch('funds-service');
    expect((await books.settled(spender, withdrawal, undefined, 180_000)).status).to.equal('PAID_OUT');
    expect((await books.settled(saver, deposit, undefined, 180_000)).status).to.equal('SUCCEEDED');
    expect(await books.wallet(spender)).to.deep.equal({ available: '6000.0000', locked: '0.0000' });
    expect(await books.wallet(saver)).to.deep.equal({ available: '8000.0000', locked: '0.0000' });
    expect(await books.movements(spender, withdrawal)).to.deep.equal([{ type: 'WITHDRAWAL', amount: '4000.0000' }]);
    expect(await books.movements(saver, deposit)).to.deep.equal([{ type: 'DEPOSIT', amount: '8000.0000' }]);
  });

  it('when the ledger is down for 90 s while payments complete, then once it is back every posting is there (replayed or never dead-lettered), and the reconciliation matches', async () => {
    const payers = await Promise.all([1, 2, 3, 4].map(() => funded('4000.0000')));
    ledger.process.child.kill('SIGKILL');
    await ledger.process.exit;
    await ledger.supervised.process.stop();
    const payments = await Promise.all(payers.map(async (c, i) => (i % 2 === 0 ? books.deposit(c, '1500.0000') : books.withdraw(c, '1500.0000'))));
    for (const [i, c] of payers.entries()) await books.settled(c, payments[i]!, ['SUCCEEDED', 'PAID_OUT']);
    await sleep(90_000);
    ledger.supervised.process.resume();
    const admin = await platform.tokenFor(randomUUID(), ['ADMIN']);
    const ledgerAdmin = throughGateway(gateway.app.appPort, 'ledger-service');
    // Whatever Dapr gave up on meanwhile is kept by the ledger; replaying it posts it once.
    await eventually('the ledger to answer', async () => ((await ledgerAdmin.get('admin/dead-letters', admin)).status === 200 ? true : undefined), 60_000);
    const open = await ledgerAdmin.get('admin/dead-letters?topic=funds', admin);
    if (open.body.items.length > 0) expect((await ledgerAdmin.post('admin/dead-letters/replay', { topic: 'funds' }, admin)).status).to.equal(200);
  });

  it('when the ledger cannot post a deposit until the retries run out, then the event is kept as a dead letter, and replayed once the cause is fixed it is posted once', async () => {
    const admin = await platform.tokenFor(randomUUID(), ['ADMIN']);
    const ledgerAdmin = throughGateway(gateway.app.appPort, 'ledger-service');
    const ledgerDb = platform.adminDb('ledger');
    const { role } = databaseNames('ledger', platform.dbPrefix);
    const c = await customer();
    await ledgerDb.none('REVOKE INSERT ON journal_entries FROM $1:name', [role]);
    let letter: { id: string; type: string; reason: string; subject: string };
    try {
      const id = await books.deposit(c, '1200.0000');
      await books.settled(c, id, ['SUCCEEDED']);
      letter = await eventually('Dapr to give up and the ledger to keep the event', async () => {
        const open = await ledgerAdmin.get(`admin/dead-letters?topic=funds&subject=${c.id}`, admin);
        return (open.body.items as typeof letter[]).find((d) => d.type === 'funds.deposited');
      }, 150_000);
    } finally {
      await ledgerDb.none('GRANT INSERT ON journal_entries TO $1:name', [role]);
    }
    expect(letter.reason).to.match(/gave up/);
    const replayed = await ledgerAdmin.post(`admin/dead-letters/${letter.id}/replay`, {}, admin);
    expect(replayed.status, JSON.stringify(replayed.body)).to.equal(200);
    expect(replayed.body.outcome).to.equal('applied');
    // A second replay of the same letter is refused; the event is posted once.
    expect((await ledgerAdmin.post(`admin/dead-letters/${letter.id}/replay`, {}, admin)).status).to.equal(409);
    expect((await ledgerAdmin.get(`admin/dead-letters?topic=funds&subject=${c.id}`, admin)).body.items).to.deep.equal([]);
  });

  it('when the scheduler and then placement are SIGKILLed, then each is restarted and the waiting sagas complete', async () => {
    const savers = await Promise.all([1, 2].map(() => customer()));
    await platform.stopApp(payment);
    payment = await launchPayment(3000);
    const first = await books.deposit(savers[0]!, '1000.0000');
    await books.settled(savers[0]!, first, ['PENDING']);
    platform.controlPlane.scheduler.current.child.kill('SIGKILL');
    const second = await books.deposit(savers[1]!, '2000.0000');
    await sleep(1500);
    platform.controlPlane.placement.current.child.kill('SIGKILL');
    expect((await books.settled(savers[0]!, first, undefined, 120_000)).status).to.equal('SUCCEEDED');
    expect((await books.settled(savers[1]!, second, undefined, 120_000)).status).to.equal('SUCCEEDED');
    expect(platform.controlPlane.scheduler.current.running && platform.controlPlane.placement.current.running).to.equal(true);
  });

  it('when the workflow engine is down as the provider confirms a deposit, then the webhook gets 503, the provider\'s retry lands, and the wallet is credited once', async () => {
    const c = await customer();
    const id = await books.deposit(c, '3000.0000', 'pending@sim');
    await books.settled(c, id, ['PENDING']);
    await platform.controlPlane.placement.stop();
    const body = { eventId: `evt-${id}`, paymentId: id, providerReference: 'sim', status: 'SUCCEEDED', amount: '3000.0000', currency: 'INR' };
    try {
      const refused = await books.webhook(body);
      expect(refused.status, JSON.stringify(refused.body)).to.equal(503);
      expect(refused.headers.get('retry-after')).to.equal('5');
    } finally {
      platform.controlPlane.placement.resume();
    }
    const retried = await eventually('the provider\'s retry to be accepted', async () => {
      const answer = await books.webhook(body);
      return answer.status === 200 ? answer : undefined;
    }, 60_000);
    expect(retried.body.outcome).to.equal('duplicate');
    expect((await books.settled(c, id, undefined, 60_000)).status).to.equal('SUCCEEDED');
    expect(await books.movements(c, id)).to.deep.equal([{ type: 'DEPOSIT', amount: '3000.0000' }]);
  });
});
