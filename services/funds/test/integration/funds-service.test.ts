import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT } from '@winvestco/platform';
import { eventually, InvokeClient, testPlatform, type TestApp, type TestPlatform } from '@winvestco/platform/testing';

const fixtures = path.join(REPO_ROOT, 'platform/test/fixtures');

describe('funds service, called through its Dapr sidecar', function () {
  let platform: TestPlatform;
  let app: TestApp;
  let echo: TestApp;
  let funds: InvokeClient;

  before(async () => {
    platform = await testPlatform('funds');
    [app, echo] = await Promise.all([
      platform.launch('funds-service'),
      platform.launch('echo-service', { command: ['node', '--conditions=source', '--import', 'tsx', path.join(fixtures, 'echo-app.ts')], cwd: fixtures }),
    ]);
    funds = new InvokeClient(app.dapr, 'funds-service');
  });

  after(async () => {
    for (const a of [app, echo]) if (a) await platform.stopApp(a);
  });

  beforeEach(() => platform.resetData('funds'));

  const db = () => platform.adminDb('funds');
  const wallet = (userId: string) => db().oneOrNone('SELECT * FROM wallets WHERE user_id = $1', [userId]);
  const outbox = (type: string) => db().any('SELECT data FROM outbox WHERE type = $1 ORDER BY created_at', [type]);
  const post = (route: string, body: unknown, key: string | null = randomUUID()) =>
    funds.call('POST', route, { body, headers: key ? { 'idempotency-key': key } : {} });

  async function deposit(userId: string, amount: string, reference = `dep-${randomUUID()}`) {
    const reply = await post('internal/funds/credits', { userId, amount, reference, kind: 'DEPOSIT' });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    return reply.body;
  }

  describe('wallets', () => {
    it('when user.registered arrives twice, then the user has one wallet and one wallet.created', async () => {
      const userId = randomUUID();
      const event = {
        specversion: '1.0' as const, id: randomUUID(), source: 'user-service', type: 'user.registered', time: new Date().toISOString(),
        datacontenttype: 'application/json' as const, data: { userId, email: 'w@example.com', clientId: 'WV234567', firstName: 'W', lastName: 'X', roles: ['USER'] },
      };
      await echo.dapr.publishCloudEvent('pubsub', `${platform.topicPrefix}users`, event);
      await echo.dapr.publishCloudEvent('pubsub', `${platform.topicPrefix}users`, event);
      await eventually('the wallet', () => wallet(userId).then((w) => w ?? undefined));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await db().one('SELECT count(*)::int AS n FROM wallets WHERE user_id = $1', [userId])).n).to.equal(1);
      expect((await outbox('wallet.created')).filter((e) => e.data.userId === userId)).to.have.length(1);
      const mine = await funds.get('wallets/me', await platform.tokenFor(userId));
      expect(mine.status).to.equal(200);
      expect(mine.body).to.include({ userId, currency: 'INR', available: '0.0000', locked: '0.0000', total: '0.0000', status: 'ACTIVE' });
    });

    it('a user sees only their own wallet and transactions', async () => {
      const ann = randomUUID();
      const bob = randomUUID();
      await deposit(ann, '500.0000');
      const asBob = await platform.tokenFor(bob);
      expect((await funds.get('wallets/me', asBob)).status).to.equal(404);
      expect((await funds.get('wallets/me/transactions', asBob)).body.items).to.deep.equal([]);
      const asAnn = await funds.get('wallets/me/transactions', await platform.tokenFor(ann));
      expect(asAnn.body.items).to.have.length(1);
      expect(asAnn.body.items[0]).to.include({ type: 'DEPOSIT', amount: '500.0000', net: '500.0000', availableAfter: '500.0000' });
    });

    it('without a token, then 401', async () => {
      expect((await funds.get('wallets/me')).status).to.equal(401);
    });
  });

  describe('the internal API, idempotent by key', () => {
    it('when a credit is sent three times with one key, then the money moves once and every answer is the first', async () => {
      const userId = randomUUID();
      const body = { userId, amount: '1000.0000', reference: 'pay-1', kind: 'DEPOSIT' };
      const replies = [await post('internal/funds/credits', body, 'k-1'), await post('internal/funds/credits', body, 'k-1'), await post('internal/funds/credits', body, 'k-1')];
      expect(replies.map((r) => r.status)).to.deep.equal([201, 201, 201]);
      expect(new Set(replies.map((r) => r.body.transactionId)).size).to.equal(1);
      expect(replies.map((r) => r.headers.get('idempotent-replayed'))).to.deep.equal(['false', 'true', 'true']);
      expect((await wallet(userId)).available).to.equal('1000.0000');
      expect(await outbox('funds.deposited')).to.have.length(1);
    });

    it('when a credit for the same reference comes with another key, then it is still credited once', async () => {
      const userId = randomUUID();
      const first = await deposit(userId, '250.0000', 'pay-2');
      const second = await deposit(userId, '250.0000', 'pay-2');
      expect(second.transactionId).to.equal(first.transactionId);
      expect((await wallet(userId)).available).to.equal('250.0000');
    });

    it('when a key is reused for another request, then 422 and nothing moves', async () => {
      const userId = randomUUID();
      await post('internal/funds/credits', { userId, amount: '10.0000', reference: 'pay-3', kind: 'DEPOSIT' }, 'k-3');
      const reused = await post('internal/funds/credits', { userId, amount: '99.0000', reference: 'pay-4', kind: 'DEPOSIT' }, 'k-3');
      expect(reused.status).to.equal(422);
      expect((await wallet(userId)).available).to.equal('10.0000');
    });

    it('when the Idempotency-Key is missing, then 400 naming it and nothing moves', async () => {
      const userId = randomUUID();
      const reply = await post('internal/funds/credits', { userId, amount: '10.0000', reference: 'pay-5', kind: 'DEPOSIT' }, null);
      expect(reply.status).to.equal(400);
      expect(reply.body.errors[0].field).to.equal('Idempotency-Key');
      expect(await wallet(userId)).to.equal(null);
    });

    it('when an amount is malformed, then 400 naming amount and nothing is stored', async () => {
      const userId = randomUUID();
      for (const amount of ['100.12345', '-5.0000', '0', '0.0000', 'ten', 100, '1e3', '']) {
        const reply = await post('internal/funds/credits', { userId, amount, reference: `pay-${randomUUID()}`, kind: 'DEPOSIT' });
        expect(reply.status, String(amount)).to.equal(400);
        expect(reply.body.errors.map((e: { field: string }) => e.field), String(amount)).to.include('amount');
      }
      expect(await wallet(userId)).to.equal(null);
    });
  });

  describe('locks', () => {
    it('a lock moves available to locked, and its release moves it back in full', async () => {
      const userId = randomUUID();
      await deposit(userId, '1000.0000');
      const lock = await post('internal/funds/locks', { userId, amount: '400.0000', reference: 'order-1', purpose: 'ORDER' });
      expect(lock.status).to.equal(201);
      expect(await wallet(userId)).to.include({ available: '600.0000', locked: '400.0000' });
      const released = await post(`internal/funds/locks/${lock.body.lockId}/release`, { reason: 'cancelled' });
      expect(released.body.status).to.equal('RELEASED');
      expect(await wallet(userId)).to.include({ available: '1000.0000', locked: '0.0000' });
      expect((await post(`internal/funds/locks/${lock.body.lockId}/release`, {})).body.status).to.equal('RELEASED');
      expect(await wallet(userId)).to.include({ available: '1000.0000', locked: '0.0000' });
      expect(await outbox('funds.released')).to.have.length(1);
    });

    it('when a lock is asked above what is available, then 400 naming amount and nothing is locked', async () => {
      const userId = randomUUID();
      await deposit(userId, '100.0000');
      const reply = await post('internal/funds/locks', { userId, amount: '100.0001', reference: 'wd-1', purpose: 'WITHDRAWAL' });
      expect(reply.status).to.equal(400);
      expect(reply.body.errors[0].field).to.equal('amount');
      expect(await wallet(userId)).to.include({ available: '100.0000', locked: '0.0000' });
      expect((await db().one('SELECT count(*)::int AS n FROM fund_locks')).n).to.equal(0);
    });

    it('a lock is unique per reference: the same request again gets the same lock, another one a 409', async () => {
      const userId = randomUUID();
      await deposit(userId, '1000.0000');
      const first = await post('internal/funds/locks', { userId, amount: '100.0000', reference: 'order-2', purpose: 'ORDER' });
      const again = await post('internal/funds/locks', { userId, amount: '100.0000', reference: 'order-2', purpose: 'ORDER' });
      expect(again.body.lockId).to.equal(first.body.lockId);
      expect((await post('internal/funds/locks', { userId, amount: '200.0000', reference: 'order-2', purpose: 'ORDER' })).status).to.equal(409);
      expect(await wallet(userId)).to.include({ available: '900.0000', locked: '100.0000' });
    });

    it('settling an order lock spends the real cost and releases the rest, as two events', async () => {
      const userId = randomUUID();
      await deposit(userId, '2000.0000');
      const lock = await post('internal/funds/locks', { userId, amount: '1050.0000', reference: 'order-3', purpose: 'ORDER' });
      const settled = await post(`internal/funds/locks/${lock.body.lockId}/settle`, { amount: '1020.3000', fee: '20.3000' });
      expect(settled.status).to.equal(200);
      expect(settled.body.lock).to.include({ status: 'SETTLED', spent: '1020.3000', released: '29.7000', held: '0.0000' });
      expect(await wallet(userId)).to.include({ available: '979.7000', locked: '0.0000' });
      expect((await outbox('funds.settled'))[0].data).to.include({ amount: '1020.3000', fee: '20.3000' });
      expect((await outbox('funds.released'))[0].data).to.include({ amount: '29.7000' });
    });

    it('settling a withdrawal lock pays it out whole as funds.withdrawn', async () => {
      const userId = randomUUID();
      await deposit(userId, '800.0000');
      const lock = await post('internal/funds/locks', { userId, amount: '500.0000', reference: 'wd-2', purpose: 'WITHDRAWAL' });
      expect((await post(`internal/funds/locks/${lock.body.lockId}/settle`, { amount: '499.0000' })).status).to.equal(400);
      const settled = await post(`internal/funds/locks/${lock.body.lockId}/settle`, { amount: '500.0000' });
      expect(settled.body.transaction).to.include({ type: 'WITHDRAWAL', amount: '500.0000' });
      expect(await wallet(userId)).to.include({ available: '300.0000', locked: '0.0000' });
      expect((await outbox('funds.withdrawn'))[0].data).to.include({ amount: '500.0000', lockId: lock.body.lockId });
      expect((await post(`internal/funds/locks/${lock.body.lockId}/release`, {})).status).to.equal(409);
    });

    it('a direct debit locks and pays out in one step, once per key; above what is available it is 400 naming amount and nothing moves', async () => {
      const userId = randomUUID();
      await deposit(userId, '600.0000');
      const body = { userId, amount: '250.0000', reference: 'debit-1' };
      const [first, repeat] = [await post('internal/funds/debits', body, 'd-1'), await post('internal/funds/debits', body, 'd-1')];
      expect(first.status).to.equal(201);
      expect(repeat.body).to.deep.equal(first.body);
      expect(first.body.transaction).to.include({ type: 'WITHDRAWAL', amount: '250.0000' });
      expect(first.body.lock).to.include({ status: 'SETTLED', spent: '250.0000' });
      const refused = await post('internal/funds/debits', { userId, amount: '350.0001', reference: 'debit-2' });
      expect(refused.status).to.equal(400);
      expect(refused.body.errors[0].field).to.equal('amount');
      expect(await wallet(userId)).to.include({ available: '350.0000', locked: '0.0000' });
      expect(await outbox('funds.withdrawn')).to.have.length(1);
    });

    describe('in parts: one settlement per fill, adjustments, the rest at the end', () => {
      async function orderLock(userId: string, funded: string, amount: string): Promise<string> {
        await deposit(userId, funded);
        const lock = await post('internal/funds/locks', { userId, amount, reference: randomUUID(), purpose: 'ORDER' });
        expect(lock.status).to.equal(201);
        return lock.body.lockId as string;
      }
      const lockRow = (lockId: string) => db().one('SELECT amount, spent, released, status FROM fund_locks WHERE id = $1', [lockId]);

      it('each fill settles its part and the lock stays open; each event carries its own movement id, the settlement its fill', async () => {
        const userId = randomUUID();
        const lockId = await orderLock(userId, '20000', '10000');
        const executions = [randomUUID(), randomUUID()];
        const first = await post(`internal/funds/locks/${lockId}/settlements`, { executionId: executions[0], amount: '4000.0000', fee: '4.0000' });
        expect(first.status, JSON.stringify(first.body)).to.equal(201);
        expect(first.body.settlement).to.include({ lockId, executionId: executions[0], amount: '4000.0000', fee: '4.0000', heldAfter: '6000.0000', spentAfter: '4000.0000' });
        expect(first.body.transaction).to.include({ type: 'TRADE_DEBIT', amount: '4000.0000', fee: '4.0000', lockId });
        await post(`internal/funds/locks/${lockId}/settlements`, { executionId: executions[1], amount: '5000.0000', fee: '5.0000' });
        expect(await wallet(userId)).to.include({ available: '10000.0000', locked: '1000.0000' });
        const open = await funds.get(`internal/funds/locks/${lockId}`);
        expect(open.body).to.include({ status: 'LOCKED', amount: '10000.0000', spent: '9000.0000', released: '0.0000', held: '1000.0000' });

        const settled = (await outbox('funds.settled')).map((e) => e.data);
        expect(settled.map((d) => d.executionId)).to.deep.equal(executions);
        expect(settled[0].movementId).to.equal(first.body.settlement.settlementId);
        const locked = (await outbox('funds.locked'))[0].data;
        const movementIds = [locked.movementId, ...settled.map((d) => d.movementId)];
        expect(new Set(movementIds).size).to.equal(3);
        expect(movementIds.every((id) => typeof id === 'string' && id !== lockId)).to.equal(true);
      });

      it('when a fill would spend more than the lock still holds, then 400 naming amount and nothing moves', async () => {
        const userId = randomUUID();
        const lockId = await orderLock(userId, '1000', '500');
        await post(`internal/funds/locks/${lockId}/settlements`, { executionId: randomUUID(), amount: '300.0000' });
        const over = await post(`internal/funds/locks/${lockId}/settlements`, { executionId: randomUUID(), amount: '200.0001' });
        expect(over.status).to.equal(400);
        expect(over.body.errors[0].field).to.equal('amount');
        expect(await wallet(userId)).to.include({ available: '500.0000', locked: '200.0000' });
        expect(await outbox('funds.settled')).to.have.length(1);
      });

      it('a settlement of a released lock, or of a withdrawal\'s, is a 409 and moves nothing', async () => {
        const userId = randomUUID();
        const lockId = await orderLock(userId, '1000', '500');
        await post(`internal/funds/locks/${lockId}/release`, {});
        expect((await post(`internal/funds/locks/${lockId}/settlements`, { executionId: randomUUID(), amount: '1.0000' })).status).to.equal(409);
        const withdrawal = await post('internal/funds/locks', { userId, amount: '100', reference: randomUUID(), purpose: 'WITHDRAWAL' });
        expect((await post(`internal/funds/locks/${withdrawal.body.lockId}/settlements`, { executionId: randomUUID(), amount: '1.0000' })).status).to.equal(409);
        expect(await wallet(userId)).to.include({ available: '900.0000', locked: '100.0000' });
        expect(await outbox('funds.settled')).to.have.length(0);
      });

      it('the release at the end gives back only what the fills left, closing the lock RELEASED; released again it moves nothing', async () => {
        const userId = randomUUID();
        const lockId = await orderLock(userId, '1000', '500');
        await post(`internal/funds/locks/${lockId}/settlements`, { executionId: randomUUID(), amount: '480.0000', fee: '1.0000' });
        const released = await post(`internal/funds/locks/${lockId}/release`, { reason: 'order filled' });
        expect(released.body).to.include({ status: 'RELEASED', spent: '480.0000', released: '20.0000', held: '0.0000' });
        expect((await post(`internal/funds/locks/${lockId}/release`, {})).body).to.include({ status: 'RELEASED', released: '20.0000' });
        expect(await wallet(userId)).to.include({ available: '520.0000', locked: '0.0000' });
        expect((await outbox('funds.released')).map((e) => e.data.amount)).to.deep.equal(['20.0000']);
      });


      it('when the last fill closes the lock, then its part is spent and the rest goes back in the same call; repeated, nothing moves again', async () => {
        const userId = randomUUID();
        const lockId = await orderLock(userId, '1000', '500');
        const last = { executionId: randomUUID(), amount: '480.0000', fee: '1.0000', closeLock: true, reason: 'the order is filled' };
        const first = await post(`internal/funds/locks/${lockId}/settlements`, last);
        expect(first.status, JSON.stringify(first.body)).to.equal(201);
        expect(await lockRow(lockId)).to.include({ status: 'RELEASED' });
        expect((await funds.get(`internal/funds/locks/${lockId}`)).body).to.include({ spent: '480.0000', released: '20.0000', held: '0.0000' });
        await post(`internal/funds/locks/${lockId}/settlements`, last, randomUUID());
        expect(await wallet(userId)).to.include({ available: '520.0000', locked: '0.0000' });
        expect((await outbox('funds.settled')).length).to.equal(1);
        expect((await outbox('funds.released')).map((e) => e.data.amount)).to.deep.equal(['20.0000']);
      });
      it('an adjustment grows the lock out of available or shrinks it back, each a movement with its event', async () => {
        const userId = randomUUID();
        const lockId = await orderLock(userId, '1000', '400');
        const grown = await post(`internal/funds/locks/${lockId}/adjustments`, { held: '700.0000' });
        expect(grown.status).to.equal(200);
        expect(grown.body).to.deep.include({ change: '300.0000' });
        expect(grown.body.lock).to.include({ amount: '700.0000', held: '700.0000' });
        expect(await wallet(userId)).to.include({ available: '300.0000', locked: '700.0000' });
        const shrunk = await post(`internal/funds/locks/${lockId}/adjustments`, { held: '650' });
        expect(shrunk.body).to.deep.include({ change: '-50.0000' });
        expect(shrunk.body.lock).to.include({ amount: '700.0000', released: '50.0000', held: '650.0000' });
        const same = await post(`internal/funds/locks/${lockId}/adjustments`, { held: '650' });
        expect(same.body).to.deep.include({ change: '0.0000', movementId: null });
        expect(await wallet(userId)).to.include({ available: '350.0000', locked: '650.0000' });
        expect((await outbox('funds.locked')).map((e) => e.data.movementId)).to.include(grown.body.movementId);
        expect((await outbox('funds.released')).map((e) => e.data.movementId)).to.deep.equal([shrunk.body.movementId]);
      });

      it('when growth of a lock is more than available can cover, then 400 naming held and nothing changes', async () => {
        const userId = randomUUID();
        const lockId = await orderLock(userId, '1000', '400');
        const before = await lockRow(lockId);
        const refused = await post(`internal/funds/locks/${lockId}/adjustments`, { held: '1000.0001' });
        expect(refused.status).to.equal(400);
        expect(refused.body.errors[0].field).to.equal('held');
        expect(refused.body.errors[0].message).to.match(/less than 600.0001/);
        expect(await wallet(userId)).to.include({ available: '600.0000', locked: '400.0000' });
        expect(await lockRow(lockId)).to.deep.equal(before);
        expect(await outbox('funds.locked')).to.have.length(1);
        expect(await outbox('funds.released')).to.have.length(0);
        expect((await db().one('SELECT count(*)::int AS n FROM fund_lock_movements WHERE lock_id = $1', [lockId])).n).to.equal(1);
      });

      it('the sale proceeds of each fill are credited once per (reference, fill)', async () => {
        const userId = randomUUID();
        const orderId = randomUUID();
        const [a, b] = [randomUUID(), randomUUID()];
        for (const executionId of [a, b, a]) {
          expect((await post('internal/funds/credits', { userId, amount: '100.0000', fee: '1.0000', reference: orderId, kind: 'TRADE_CREDIT', executionId })).status).to.equal(201);
        }
        expect(await wallet(userId)).to.include({ available: '198.0000' });
        expect((await outbox('funds.credited')).map((e) => e.data.executionId)).to.deep.equal([a, b]);
      });
    });

    it('the wallets are listed a page at a time in user id order, for the ledger\'s sweep', async () => {
      const users = [randomUUID(), randomUUID(), randomUUID()].sort();
      for (const u of users) await deposit(u, '1.0000');
      const first = await funds.get('internal/wallets?limit=2');
      expect(first.status).to.equal(200);
      expect(first.body.items.map((w: { userId: string }) => w.userId)).to.deep.equal(users.slice(0, 2));
      const second = await funds.get(`internal/wallets?limit=2&after=${first.body.nextAfter}`);
      expect(second.body.items.map((w: { userId: string }) => w.userId)).to.deep.equal(users.slice(2));
      expect(second.body.nextAfter).to.equal(null);
    });

    it('when 50 locks race for one wallet, then available never goes below zero and what was locked never exceeds the deposit', async () => {
      const userId = randomUUID();
      await deposit(userId, '1000.0000');
      const replies = await Promise.all(Array.from({ length: 50 }, (_, i) =>
        post('internal/funds/locks', { userId, amount: '30.0000', reference: `race-${i}`, purpose: 'ORDER' })));
      const locked = replies.filter((r) => r.status === 201);
      expect(replies.every((r) => r.status === 201 || r.status === 400)).to.equal(true);
      expect(locked).to.have.length(33);
      const after = await wallet(userId);
      expect(after).to.include({ available: '10.0000', locked: '990.0000' });
      const sum = await db().one("SELECT COALESCE(sum(amount), 0)::text AS s FROM fund_locks WHERE status = 'LOCKED'");
      expect(sum.s).to.equal('990.0000');
    });
  });

  describe('the database holds the invariants', () => {
    it('a negative balance is refused whatever writes it', async () => {
      const userId = randomUUID();
      await deposit(userId, '10.0000');
      await db().none('UPDATE wallets SET available = -1 WHERE user_id = $1', [userId]).then(() => expect.fail('accepted'), (e: Error) => expect(e.message).to.match(/check constraint/));
    });

    it('locked must equal the sum of LOCKED locks at commit', async () => {
      const userId = randomUUID();
      await deposit(userId, '10.0000');
      await db().none('UPDATE wallets SET locked = 5, available = 5 WHERE user_id = $1', [userId]).then(() => expect.fail('accepted'), (e: Error) => expect(e.message).to.match(/LOCKED fund locks sum to/));
      expect(await wallet(userId)).to.include({ available: '10.0000', locked: '0.0000' });
    });
  });
});
