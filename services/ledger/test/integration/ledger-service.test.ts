import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect } from 'chai';
import type { CloudEvent } from '@winvestco/common';
import { REPO_ROOT } from '@winvestco/platform';
import { eventually, InvokeClient, testPlatform, throughGateway, type TestApp, type TestPlatform } from '@winvestco/platform/testing';

const fixtures = path.join(REPO_ROOT, 'platform/test/fixtures');
const echoCommand = ['node', '--conditions=source', '--import', 'tsx', path.join(fixtures, 'echo-app.ts')];

/** What an app's events_consumed_total says for one event type and outcome. */
async function consumed(app: TestApp, type: string, outcome: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${app.app.appPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('events_consumed_total{') && l.includes(`type="${type}"`) && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('ledger service, fed by funds events through the real broker and called through its Dapr sidecar', function () {
  let platform: TestPlatform;
  let app: TestApp;
  let echo: TestApp;
  let ledger: InvokeClient;
  let admin: string;

  before(async () => {
    platform = await testPlatform('ledger');
    [app, echo] = await Promise.all([
      // A short grace, so a lasting difference is reported within a test; the sweep only at start and when asked.
      platform.launch('ledger-service', { env: { LEDGER_RECONCILE_GRACE_MS: '1500', LEDGER_RECONCILE_POLL_MS: '200', LEDGER_RECONCILE_RECHECK_MS: '1000', LEDGER_RECONCILE_SWEEP_MS: '3600000' } }),
      platform.launch('echo-service', { command: echoCommand, cwd: fixtures }),
    ]);
    ledger = new InvokeClient(app.dapr, 'ledger-service');
    admin = await platform.tokenFor(randomUUID(), ['ADMIN']);
  });

  after(async () => {
    for (const started of [app, echo]) if (started) await platform.stopApp(started);
  });

  beforeEach(() => platform.resetData('ledger'));

  const db = () => platform.adminDb('ledger');
  const count = async (table: string) => (await db().one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n;

  /** A funds event as the funds service's outbox relay publishes it: a complete CloudEvent. */
  async function publish(type: string, data: Record<string, unknown>, id: string = randomUUID()): Promise<string> {
    const subject = typeof data.userId === 'string' ? data.userId : undefined;
    const event: CloudEvent = { specversion: '1.0', id, source: 'funds-service', type, time: new Date().toISOString(), datacontenttype: 'application/json', data, ...(subject ? { subject } : {}) };
    await echo.dapr.publishCloudEvent('pubsub', `${platform.topicPrefix}funds`, event);
    return id;
  }

  /** Builders of the funds contract's payloads for one user's INR wallet. */
  function wallet(userId: string = randomUUID()) {
    const base = { walletId: randomUUID(), userId, currency: 'INR' };
    return {
      userId,
      deposited: (amount: string, transactionId = randomUUID()) => ({ ...base, transactionId, amount, reference: `payment-${transactionId.slice(0, 8)}` }),
      locked: (lockId: string, amount: string, purpose = 'ORDER') => ({ ...base, lockId, amount, reference: `order-${lockId.slice(0, 8)}`, purpose }),
      released: (lockId: string, amount: string) => ({ ...base, lockId, amount, reference: `order-${lockId.slice(0, 8)}`, purpose: 'ORDER', reason: 'cancelled' }),
      settled: (lockId: string, amount: string, fee: string) => ({ ...base, lockId, transactionId: randomUUID(), amount, fee, reference: `order-${lockId.slice(0, 8)}` }),
      credited: (amount: string, fee: string) => ({ ...base, transactionId: randomUUID(), amount, fee, reference: 'order-sell' }),
      withdrawn: (lockId: string, amount: string) => ({ ...base, lockId, transactionId: randomUUID(), amount, reference: 'withdrawal-1' }),
    };
  }

  async function entriesPosted(n: number): Promise<void> {
    await eventually(`${n} journal entries`, async () => ((await count('journal_entries')) >= n ? true : undefined));
  }

  async function balance(account: string, token = admin): Promise<string> {
    const reply = await ledger.get(`ledger/accounts/${account}/balance`, token);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    return reply.body.balance;
  }

  describe('posting what the funds service reports', () => {
    it('when funds events arrive through the broker, then each posts its entry by the posting rules and publishes ledger.entry-posted', async () => {
      const ann = wallet();
      const lockId = randomUUID();
      await publish('wallet.created', { walletId: randomUUID(), userId: ann.userId, currency: 'INR' });
      await publish('funds.deposited', ann.deposited('1000.00'));
      await entriesPosted(1);
      await publish('funds.locked', ann.locked(lockId, '300'));
      await entriesPosted(2);
      await publish('funds.settled', ann.settled(lockId, '250.00', '2.00'));
      await publish('funds.released', ann.released(lockId, '50'));
      await publish('funds.credited', ann.credited('400', '1'));
      await entriesPosted(5);

      const reply = await ledger.get(`ledger/entries?account=cash-locked:${ann.userId}`, admin);
      expect(reply.status).to.equal(200);
      const settle = reply.body.items.find((e: { kind: string }) => e.kind === 'SETTLE');
      expect(settle).to.include({ referenceType: 'FUND_LOCK', referenceId: lockId, currency: 'INR', total: '250.0000' });
      expect(settle.postings).to.deep.equal([
        { account: `cash-locked:${ann.userId}`, debit: '250.0000', credit: '0.0000' },
        { account: 'exchange-settlement', debit: '0.0000', credit: '248.0000' },
        { account: 'fees-revenue', debit: '0.0000', credit: '2.0000' },
      ]);
      // cash 1000 − 300 + 50 + (400 − 1); locked 300 − 250 − 50; the platform's accounts on their normal sides
      expect(await balance(`cash:${ann.userId}`)).to.equal('1149.0000');
      expect(await balance(`cash-locked:${ann.userId}`)).to.equal('0.0000');
      expect(await balance('payment-gateway')).to.equal('1000.0000');
      expect(await balance('exchange-settlement')).to.equal('152.0000');
      expect(await balance('fees-revenue')).to.equal('3.0000');
      expect(await count('journal_entries'), 'wallet.created moves no money').to.equal(5);

      const published = await eventually('5 ledger.entry-posted published', async () => {
        const rows = await db().any("SELECT data FROM outbox WHERE type = 'ledger.entry-posted' AND published_at IS NOT NULL");
        return rows.length === 5 ? rows : undefined;
      });
      expect(published.map((r) => r.data.kind).sort()).to.deep.equal(['DEPOSIT', 'LOCK', 'RELEASE', 'SETTLE', 'TRADE_CREDIT']);
    });

    it('when the same funds event is delivered twice, then one entry is posted', async () => {
      const ann = wallet();
      const before = await consumed(app, 'funds.deposited', 'duplicate');
      const id = randomUUID();
      const deposit = ann.deposited('100');
      await publish('funds.deposited', deposit, id);
      await publish('funds.deposited', deposit, id);
      await eventually('the redelivery to be recognised', async () => ((await consumed(app, 'funds.deposited', 'duplicate')) > before ? true : undefined));
      expect(await count('journal_entries')).to.equal(1);
      expect(await count('postings')).to.equal(2);
      expect(await balance(`cash:${ann.userId}`)).to.equal('100.0000');
      expect((await db().one("SELECT count(*)::int AS n FROM outbox WHERE type = 'ledger.entry-posted'")).n).to.equal(1);
    });

    it('when the same movement is reported again under another event id, then it is still one entry (reference and kind are unique)', async () => {
      const ann = wallet();
      const deposit = ann.deposited('100');
      await publish('funds.deposited', deposit);
      await entriesPosted(1);
      const again = await publish('funds.deposited', deposit);
      await eventually('the second report in the inbox', async () => (await db().oneOrNone('SELECT 1 FROM inbox WHERE event_id = $1', [again])) ?? undefined);
      expect(await count('journal_entries')).to.equal(1);
      expect(await balance(`cash:${ann.userId}`)).to.equal('100.0000');
    });

    it('one lock has its LOCK, its SETTLE and its RELEASE: three entries on one reference', async () => {
      const ann = wallet();
      const lockId = randomUUID();
      await publish('funds.deposited', ann.deposited('500'));
      await publish('funds.locked', ann.locked(lockId, '200'));
      await entriesPosted(2);
      await publish('funds.settled', ann.settled(lockId, '150', '0'));
      await publish('funds.released', ann.released(lockId, '50'));
      await entriesPosted(4);
      expect((await db().one('SELECT count(*)::int AS n FROM journal_entries WHERE reference_id = $1', [lockId])).n).to.equal(3);
      expect(await balance(`cash-locked:${ann.userId}`)).to.equal('0.0000');
    });

    it('when a movement contradicts the entry posted for its reference, or no entry can express it, then it is dead-lettered and changes nothing', async () => {
      const ann = wallet();
      const deposit = ann.deposited('100');
      await publish('funds.deposited', deposit);
      await entriesPosted(1);
      const deposits = await consumed(app, 'funds.deposited', 'deadlettered');
      const credits = await consumed(app, 'funds.credited', 'deadlettered');
      await publish('funds.deposited', { ...deposit, amount: '999' });
      await publish('funds.credited', ann.credited('10', '11'));
      await eventually('both dead-lettered', async () => (
        (await consumed(app, 'funds.deposited', 'deadlettered')) > deposits && (await consumed(app, 'funds.credited', 'deadlettered')) > credits ? true : undefined));
      expect(await count('journal_entries')).to.equal(1);
      expect(await balance(`cash:${ann.userId}`)).to.equal('100.0000');
    });
  });

  describe('the journal is append-only and balanced, whoever writes to it', () => {
    async function onePostedEntry(): Promise<{ id: string; userId: string }> {
      const ann = wallet();
      await publish('funds.deposited', ann.deposited('100'));
      await entriesPosted(1);
      return { id: (await db().one('SELECT id FROM journal_entries')).id, userId: ann.userId };
    }

    it('when a journal row is updated or deleted directly, even by the database superuser, then the database refuses and nothing changes', async () => {
      const { id } = await onePostedEntry();
      const attempts = [
        ['UPDATE postings SET credit = credit + 1 WHERE entry_id = $1 AND credit > 0', [id]],
        ['UPDATE journal_entries SET description = $2 WHERE id = $1', [id, 'edited']],
        ['DELETE FROM postings WHERE entry_id = $1', [id]],
        ['DELETE FROM journal_entries WHERE id = $1', [id]],
        ["UPDATE account_balances SET credit_total = 0 WHERE account LIKE 'cash:%'", []],
      ] as const;
      for (const [statement, values] of attempts) {
        const failure = await db().none(statement, [...values]).then(() => null, (error: Error) => error);
        expect(failure?.message, statement).to.match(/append-only|derived from the postings/);
      }
      expect(await count('postings')).to.equal(2);
      expect((await db().one('SELECT description FROM journal_entries WHERE id = $1', [id])).description).to.not.equal('edited');
      expect(await balance('payment-gateway')).to.equal('100.0000');
    });

    it('when an unbalanced entry, a single posting, or a balanced pair slipped into an old entry is inserted, then it fails at commit and nothing is stored', async () => {
      const { id: oldEntry, userId } = await onePostedEntry();
      const header = (id: string) => [
        "INSERT INTO journal_entries (id, kind, reference_type, reference_id, description, currency, posting_count, total) VALUES ($1, 'DEPOSIT', 'WALLET_TRANSACTION', $2, 'by hand', 'INR', 2, 100)",
        [id, randomUUID()],
      ] as const;
      const posting = (entry: string, line: number, account: string, debit: string, credit: string) => [
        "INSERT INTO postings (entry_id, line, account, debit, credit, currency) VALUES ($1, $2, $3, $4, $5, 'INR')", [entry, line, account, debit, credit],
      ] as const;
      const unbalanced = randomUUID();
      const single = randomUUID();
      const cases = {
        unbalanced: [header(unbalanced), posting(unbalanced, 1, 'payment-gateway', '100', '0'), posting(unbalanced, 2, `cash:${userId}`, '0', '90')],
        single: [header(single), posting(single, 1, 'payment-gateway', '100', '0')],
        slipped: [posting(oldEntry, 3, 'payment-gateway', '5', '0'), posting(oldEntry, 4, `cash:${userId}`, '0', '5')],
      };
      for (const [name, statements] of Object.entries(cases)) {
        let written = 0;
        const failure = await db().tx(async (t) => {
          for (const [statement, values] of statements) {
            await t.none(statement, [...values]);
            written += 1;
          }
        }).then(() => null, (error: Error) => error);
        expect(written, `${name}: every statement is accepted until the commit`).to.equal(statements.length);
        expect(failure?.message, name).to.match(/at least two|does not balance|header declares/);
      }
      expect(await count('journal_entries')).to.equal(1);
      expect(await count('postings')).to.equal(2);
      expect(await balance(`cash:${userId}`)).to.equal('100.0000');
    });

    it('when an entry is reversed by an admin, then a reversing entry restores the balances; asked again, the same reversal answers', async () => {
      const { id, userId } = await onePostedEntry();
      const reversal = await ledger.post(`ledger/entries/${id}/reversal`, { reason: 'posted to the wrong user' }, admin);
      expect(reversal.status, JSON.stringify(reversal.body)).to.equal(201);
      expect(reversal.body).to.include({ kind: 'REVERSAL', referenceType: 'JOURNAL_ENTRY', referenceId: id, total: '100.0000' });
      expect(await balance(`cash:${userId}`)).to.equal('0.0000');
      expect(await balance('payment-gateway')).to.equal('0.0000');
      const again = await ledger.post(`ledger/entries/${id}/reversal`, { reason: 'again' }, admin);
      expect(again.status).to.equal(200);
      expect(again.body.id).to.equal(reversal.body.id);
      expect(await count('journal_entries')).to.equal(2);
    });

    it('when a client asks for a reversal, or an admin gives no reason, then it is refused and nothing is posted', async () => {
      const { id, userId } = await onePostedEntry();
      expect((await ledger.post(`ledger/entries/${id}/reversal`, { reason: 'mine' }, await platform.tokenFor(userId))).status).to.equal(403);
      const noReason = await ledger.post(`ledger/entries/${id}/reversal`, {}, admin);
      expect(noReason.status).to.equal(400);
      expect(noReason.body.errors.map((e: { field: string }) => e.field)).to.include('reason');
      expect((await ledger.post(`ledger/entries/${randomUUID()}/reversal`, { reason: 'x' }, admin)).status).to.equal(404);
      expect(await count('journal_entries')).to.equal(1);
    });
  });

  describe('trial balance', () => {
    it('after a deposit, lock, release, lock and withdrawal, then debits equal credits: the difference is zero', async () => {
      const ann = wallet();
      const [first, second] = [randomUUID(), randomUUID()];
      await publish('funds.deposited', ann.deposited('1000'));
      await publish('funds.locked', ann.locked(first, '400'));
      await entriesPosted(2);
      await publish('funds.released', ann.released(first, '100'));
      await publish('funds.locked', ann.locked(second, '300', 'WITHDRAWAL'));
      await entriesPosted(4);
      await publish('funds.withdrawn', ann.withdrawn(second, '300'));
      await entriesPosted(5);

      const reply = await ledger.get('ledger/trial-balance', admin);
      expect(reply.status).to.equal(200);
      expect(reply.body.balanced).to.equal(true);
      expect(reply.body.currencies).to.have.length(1);
      expect(reply.body.currencies[0]).to.include({ currency: 'INR', debits: '2100.0000', credits: '2100.0000', difference: '0.0000' });
      expect(await balance(`cash:${ann.userId}`)).to.equal('400.0000');
      expect(await balance(`cash-locked:${ann.userId}`)).to.equal('300.0000');
      expect(await balance('payment-gateway')).to.equal('700.0000');
    });

    it('when 60 movements of a few users arrive at once, then all are posted without one failed delivery, and debits equal credits', async () => {
      const users = [wallet(), wallet(), wallet()];
      const failedBefore = await consumed(app, 'funds.deposited', 'failed') + await consumed(app, 'funds.credited', 'failed');
      await Promise.all(Array.from({ length: 60 }, (_, i) => {
        const user = users[i % users.length]!;
        return i % 2 === 0 ? publish('funds.deposited', user.deposited('10.0001')) : publish('funds.credited', user.credited('5', '0.5'));
      }));
      await entriesPosted(60);
      const failedAfter = await consumed(app, 'funds.deposited', 'failed') + await consumed(app, 'funds.credited', 'failed');
      expect(failedAfter - failedBefore, 'deliveries that failed (a deadlock would be one)').to.equal(0);
      const reply = await ledger.get('ledger/trial-balance', admin);
      expect(reply.body.currencies[0]).to.include({ debits: '450.0030', credits: '450.0030', difference: '0.0000' });
      expect(await balance('fees-revenue')).to.equal('15.0000');
    });

    it('when a client asks for the trial balance, then 403', async () => {
      expect((await ledger.get('ledger/trial-balance', await platform.tokenFor(randomUUID()))).status).to.equal(403);
    });
  });

  describe('who sees what', () => {
    it('a client reads their own balances and entries, never another user\'s nor the platform\'s accounts', async () => {
      const [ann, bob] = [wallet(), wallet()];
      await publish('funds.deposited', ann.deposited('70'));
      await publish('funds.deposited', bob.deposited('90'));
      await entriesPosted(2);
      const annToken = await platform.tokenFor(ann.userId);

      expect(await balance(`cash:${ann.userId}`, annToken)).to.equal('70.0000');
      const own = await ledger.get('ledger/entries', annToken);
      expect(own.status).to.equal(200);
      expect(own.body.items).to.have.length(1);
      expect(JSON.stringify(own.body)).not.to.contain(bob.userId);

      for (const path of [`ledger/accounts/cash:${bob.userId}/balance`, `ledger/accounts/cash-locked:${bob.userId}/balance`, 'ledger/accounts/fees-revenue/balance',
        `ledger/entries?account=cash:${bob.userId}`, `ledger/reconciliation/${bob.userId}`]) {
        const reply = await ledger.get(path, annToken);
        expect(reply.status, path).to.equal(403);
        expect(JSON.stringify(reply.body), path).not.to.contain('90.0000');
      }
      expect((await ledger.get(`ledger/accounts/cash:${ann.userId}/balance`)).status, 'no token').to.equal(401);
      expect((await ledger.get('ledger/entries')).status, 'no token').to.equal(401);
    });

    it('through the gateway, a client reads their balance and entries (the account\'s colon arrives percent-encoded), but no internal or event route', async () => {
      const gateway = await platform.launch('gateway');
      try {
        const ann = wallet();
        await publish('funds.deposited', ann.deposited('12.5'));
        await entriesPosted(1);
        const token = await platform.tokenFor(ann.userId);
        const client = throughGateway(gateway.app.appPort, 'ledger-service');
        const viaGateway = (route: string) => client.get<{ account?: string; balance?: string; items?: unknown[] }>(route, token);
        const own = await viaGateway(`ledger/accounts/cash:${ann.userId}/balance`);
        expect(own.status, JSON.stringify(own.body)).to.equal(200);
        expect(own.body).to.include({ account: `cash:${ann.userId}`, balance: '12.5000' });
        expect((await viaGateway(`ledger/accounts/cash%3A${ann.userId}/balance`)).body.balance).to.equal('12.5000');
        expect((await viaGateway('ledger/entries')).body.items).to.have.length(1);
        expect((await viaGateway('events/funds/funds.deposited')).status).to.equal(404);
      } finally {
        await platform.stopApp(gateway);
      }
    });

    it('an admin pages through every entry with a cursor, and filters by time', async () => {
      const ann = wallet();
      for (let i = 0; i < 3; i += 1) await publish('funds.deposited', ann.deposited(`${i + 1}`));
      await entriesPosted(3);
      const first = await ledger.get('ledger/entries?limit=2', admin);
      expect(first.body.items).to.have.length(2);
      const second = await ledger.get(`ledger/entries?limit=2&cursor=${first.body.nextCursor}`, admin);
      expect(second.body.items).to.have.length(1);
      expect(second.body.nextCursor).to.equal(null);
      const ids = [...first.body.items, ...second.body.items].map((e: { id: string }) => e.id);
      expect(new Set(ids).size).to.equal(3);
      const future = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString());
      expect((await ledger.get(`ledger/entries?from=${future}`, admin)).body.items).to.have.length(0);
      expect((await ledger.get(`ledger/entries?to=${future}&account=cash:${ann.userId}`, admin)).body.items).to.have.length(3);
    });

    it('when the query is bad, then 400 naming each field', async () => {
      const token = await platform.tokenFor(randomUUID());
      const bad = await ledger.get('ledger/entries?limit=0&from=yesterday&cursor=nope', token);
      expect(bad.status).to.equal(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include.members(['limit', 'from']);
      expect((await ledger.get('ledger/entries?cursor=bm9wZQ', token)).body.errors[0].field).to.equal('cursor');
      expect((await ledger.get('ledger/entries?account=petty-cash', token)).body.errors[0].field).to.equal('account');
      expect((await ledger.get('ledger/accounts/petty-cash/balance', token)).body.errors[0].field).to.equal('account');
      expect((await ledger.get('ledger/accounts/fees-revenue/balance?currency=rupees', admin)).body.errors[0].field).to.equal('currency');
      expect((await ledger.get('ledger/reconciliation/not-a-uuid', admin)).body.errors[0].field).to.equal('userId');
    });
  });

  describe('reconciliation with the funds service\'s wallet', () => {
    let funds: TestApp | undefined;

    before(async function () {
      funds = await platform.launch('funds-service');
      // The funds service is being built alongside; until it serves the route, say so and skip.
      const probe = await new InvokeClient(funds.dapr, 'funds-service').get(`internal/wallets/${randomUUID()}`);
      if (probe.status === 404 && String(probe.body?.detail ?? '').startsWith('No route for')) {
        console.log('      skipped: funds-service does not serve GET /internal/wallets/{userId} yet');
        this.skip();
      }
    });

    after(async () => {
      if (funds) await platform.stopApp(funds);
    });

    /** A user the funds service opens a wallet for, as it does on user.registered. */
    async function registered(): Promise<string> {
      const userId = randomUUID();
      const event: CloudEvent = {
        specversion: '1.0', id: randomUUID(), source: 'user-service', type: 'user.registered', time: new Date().toISOString(), datacontenttype: 'application/json',
        data: { userId, email: `${userId}@example.com`, clientId: 'WV000001', firstName: 'Ann', lastName: 'Rao', roles: ['USER'] },
      };
      await echo.dapr.publishCloudEvent('pubsub', `${platform.topicPrefix}users`, event);
      return userId;
    }

    /** A call to the funds service's internal money routes, as the sagas make them. */
    async function move(path: string, body: Record<string, unknown>): Promise<Record<string, string>> {
      const reply = await new InvokeClient(funds!.dapr, 'funds-service').call('POST', path, { body, headers: { 'idempotency-key': randomUUID() } });
      expect(reply.status, `${path}: ${JSON.stringify(reply.body)}`).to.be.oneOf([200, 201]);
      return reply.body;
    }

    it('when money moves through the funds service, then the ledger follows from its events and matches the wallet', async () => {
      const userId = await registered();
      const token = await platform.tokenFor(userId);
      const empty = await eventually('the wallet to exist', async () => {
        const reply = await ledger.get(`ledger/reconciliation/${userId}`, token);
        return reply.status === 200 ? reply : undefined;
      });
      expect(empty.body).to.deep.include({ userId, currency: 'INR', matched: true, differences: { available: '0.0000', locked: '0.0000' } });

      await move('internal/funds/credits', { userId, amount: '1000', reference: `deposit-${userId}`, kind: 'DEPOSIT' });
      const lock = await move('internal/funds/locks', { userId, amount: '300', reference: `order-${userId}`, purpose: 'ORDER' });
      await move(`internal/funds/locks/${lock.lockId}/settle`, { amount: '250', fee: '2' });
      await move('internal/funds/locks', { userId, amount: '100', reference: `withdrawal-${userId}`, purpose: 'WITHDRAWAL' });

      // deposit, lock, settle, release of the unspent 50, lock: five entries
      await entriesPosted(5);
      const reply = await ledger.get(`ledger/reconciliation/${userId}`, token);
      expect(reply.status).to.equal(200);
      expect(reply.body).to.deep.include({
        matched: true, ledger: { available: '650.0000', locked: '100.0000' }, differences: { available: '0.0000', locked: '0.0000' },
      });
      expect(reply.body.wallet).to.include({ available: '650.0000', locked: '100.0000' });
      expect((await ledger.get('ledger/trial-balance', admin)).body.balanced).to.equal(true);
    });

    it('when the ledger has money the wallet lacks, then the difference is reported, wallet minus ledger', async () => {
      const userId = await registered();
      await eventually('the wallet to exist', async () => ((await ledger.get(`ledger/reconciliation/${userId}`, admin)).status === 200 ? true : undefined));
      // A deposit the funds service never made: only the ledger hears of it.
      await publish('funds.deposited', wallet(userId).deposited('25'));
      await entriesPosted(1);
      const reply = await ledger.get(`ledger/reconciliation/${userId}`, admin);
      expect(reply.body).to.deep.include({ matched: false, ledger: { available: '25.0000', locked: '0.0000' }, differences: { available: '-25.0000', locked: '0.0000' } });
    });

    it('when neither the funds service nor the ledger knows the user, then 404', async () => {
      expect((await ledger.get(`ledger/reconciliation/${randomUUID()}`, admin)).status).to.equal(404);
    });

    /** The ledger's gauge of reported mismatches. */
    async function gauge(): Promise<number> {
      const text = await (await fetch(`http://127.0.0.1:${app.app.appPort}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('ledger_reconciliation_mismatches'));
      return line ? Number(line.split(' ').pop()) : NaN;
    }

    async function reported(userId: string): Promise<Record<string, unknown> & { deadLetters: string[]; likelyCause: string } | undefined> {
      const reply = await ledger.get('ledger/reconciliation', admin);
      expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
      return reply.body.mismatches.find((m: { userId: string; status: string }) => m.userId === userId && m.status === 'MISMATCH');
    }

    it('when the ledger has money the wallet lacks for longer than the grace period, then the admin route reports it, naming the user\'s dead letters first, and the gauge counts it, until it is resolved', async () => {
      const userId = await registered();
      await eventually('the wallet to exist', async () => ((await ledger.get(`ledger/reconciliation/${userId}`, admin)).status === 200 ? true : undefined));
      // A deposit the funds service never made (only the ledger hears of it), and a funds event of the same user the ledger cannot post.
      const fake = wallet(userId);
      await publish('funds.deposited', fake.deposited('25'));
      await entriesPosted(1);
      const poison = await publish('funds.credited', fake.credited('10', '11'));
      await eventually('the poison kept as a dead letter', async () => (await db().oneOrNone('SELECT 1 FROM dead_letters WHERE event_id = $1', [poison])) ?? undefined);

      const mismatch = await eventually('the mismatch to be reported', () => reported(userId), 20_000);
      expect(mismatch).to.deep.include({ currency: 'INR', ledger: { available: '25.0000', locked: '0.0000' }, wallet: { available: '0.0000', locked: '0.0000' }, differences: { available: '-25.0000', locked: '0.0000' } });
      const body = (await ledger.get('ledger/reconciliation', admin)).body;
      expect(Object.keys(body)[1], 'the dead letters come first').to.equal('deadLetters');
      expect(body.matched).to.equal(false);
      const letter = body.deadLetters.find((d: { eventId: string }) => d.eventId === poison);
      expect(letter).to.include({ topic: 'funds', type: 'funds.credited', subject: userId });
      expect(mismatch.deadLetters).to.deep.equal([letter.id]);
      expect(mismatch.likelyCause).to.contain(letter.id);
      expect(await gauge()).to.equal(1);
      expect((await ledger.get('ledger/reconciliation', await platform.tokenFor(userId))).status, 'a client').to.equal(403);

      // Resolved: the wrong entry reversed; the next check finds wallet and ledger equal again.
      const entry = (await ledger.get(`ledger/entries?account=cash:${userId}`, admin)).body.items[0];
      expect((await ledger.post(`ledger/entries/${entry.id}/reversal`, { reason: 'never deposited' }, admin)).status).to.equal(201);
      await eventually('the mismatch to be resolved', async () => ((await reported(userId)) === undefined ? true : undefined));
      expect(await gauge()).to.equal(0);
    });

    it('when no posting asks for a check, then the sweep compares every wallet and finds the difference', async () => {
      const userId = await registered();
      await eventually('the wallet to exist', async () => ((await ledger.get(`ledger/reconciliation/${userId}`, admin)).status === 200 ? true : undefined));
      await publish('funds.deposited', wallet(userId).deposited('7'));
      await entriesPosted(1);
      // Forget the check the posting asked for: only the sweep can find it now.
      await db().none('DELETE FROM reconciliation_due; DELETE FROM reconciliation_mismatches');
      const before = (await ledger.get('ledger/reconciliation', admin)).body.lastSweep?.startedAt ?? '';
      expect((await ledger.post('ledger/reconciliation/sweep', {}, admin)).status).to.equal(202);
      const sweep = await eventually('a sweep to finish', async () => {
        const last = (await ledger.get('ledger/reconciliation', admin)).body.lastSweep;
        return last && last.startedAt > before && last.finishedAt ? last : undefined;
      });
      expect(sweep.error).to.equal(null);
      expect(sweep.wallets).to.be.at.least(1);
      expect(sweep.differences).to.be.at.least(1);
      expect(await eventually('the sweep\'s difference to be reported', () => reported(userId), 20_000)).to.deep.include({ differences: { available: '-7.0000', locked: '0.0000' } });
    });
  });

  describe('a lock settled by fills, through the real funds service', () => {
    let funds: TestApp;
    let client: InvokeClient;

    before(async () => {
      funds = await platform.launch('funds-service');
      client = new InvokeClient(funds.dapr, 'funds-service');
    });

    after(async () => {
      if (funds) await platform.stopApp(funds);
    });

    beforeEach(() => platform.resetData('funds'));

    /** A call to the funds service's internal money routes, as a saga makes it. */
    async function move(path: string, body: Record<string, unknown>, key: string = randomUUID()) {
      return client.call('POST', path, { body, headers: { 'idempotency-key': key } });
    }

    /** The books as their APIs say: the wallet (funds), the user's entries, reconciliation and trial balance (ledger). */
    async function books(userId: string) {
      const token = await platform.tokenFor(userId);
      const walletReply = await client.get('wallets/me', token);
      const entries = await ledger.get(`ledger/entries?account=cash-locked:${userId}&limit=200`, admin);
      return {
        wallet: { available: walletReply.body.available as string, locked: walletReply.body.locked as string },
        entries: entries.body.items as { kind: string; referenceType: string; total: string }[],
        reconciliation: (await ledger.get(`ledger/reconciliation/${userId}`, admin)).body,
        trial: (await ledger.get('ledger/trial-balance', admin)).body,
      };
    }

    /** Wallet = ledger and the trial balance zero, once the ledger has caught up with `entries` entries on cash-locked. */
    async function booksAgree(userId: string, entries: number) {
      return eventually(`the ledger of ${userId} to match the wallet with ${entries} entries on cash-locked`, async () => {
        const b = await books(userId);
        return b.entries.length === entries && b.reconciliation.matched === true ? b : undefined;
      });
    }

    it('when a lock of ₹10,000 is settled by three fills and the rest released, then wallet = ledger and the trial balance is zero', async () => {
      const userId = randomUUID();
      expect((await move('internal/funds/credits', { userId, amount: '25000', reference: `deposit-${userId}`, kind: 'DEPOSIT' })).status).to.equal(201);
      const lock = await move('internal/funds/locks', { userId, amount: '10000.00', reference: randomUUID(), purpose: 'ORDER' });
      expect(lock.status).to.equal(201);
      const lockId = lock.body.lockId as string;
      const fills = [['3000.0000', '3.0000'], ['2500.5000', '2.5000'], ['4000.2500', '4.0000']];
      for (const [amount, fee] of fills) {
        const settled = await move(`internal/funds/locks/${lockId}/settlements`, { executionId: randomUUID(), amount, fee });
        expect(settled.status, JSON.stringify(settled.body)).to.equal(201);
      }
      const released = await move(`internal/funds/locks/${lockId}/release`, { reason: 'order filled' });
      expect(released.body).to.include({ status: 'RELEASED', amount: '10000.0000', spent: '9500.7500', released: '499.2500', held: '0.0000' });

      // 25,000 − (3,000 + 2,500.50 + 4,000.25) spent; lock, three settlements and the rest released: five entries on cash-locked, each its own movement
      const b = await booksAgree(userId, 5);
      expect(b.wallet).to.deep.equal({ available: '15499.2500', locked: '0.0000' });
      expect(b.entries.map((e) => e.kind).sort()).to.deep.equal(['LOCK', 'RELEASE', 'SETTLE', 'SETTLE', 'SETTLE']);
      expect(b.entries.every((e) => e.referenceType === 'FUND_MOVEMENT')).to.equal(true);
      expect(b.reconciliation).to.deep.include({ ledger: { available: '15499.2500', locked: '0.0000' }, differences: { available: '0.0000', locked: '0.0000' } });
      expect(b.trial.balanced).to.equal(true);
      for (const c of b.trial.currencies) expect(c.difference).to.equal('0.0000');
      const fees = (await ledger.get('ledger/accounts/fees-revenue/balance', admin)).body.balance;
      expect(fees).to.equal('9.5000');
    });

    it('when a settlement is repeated (same key, or another key for the same fill), then it answers the same and nothing changes', async () => {
      const userId = randomUUID();
      await move('internal/funds/credits', { userId, amount: '1000', reference: `deposit-${userId}`, kind: 'DEPOSIT' });
      const lockId = (await move('internal/funds/locks', { userId, amount: '600', reference: randomUUID(), purpose: 'ORDER' })).body.lockId as string;
      const body = { executionId: randomUUID(), amount: '250.0000', fee: '1.0000' };
      const first = await move(`internal/funds/locks/${lockId}/settlements`, body, 'fill-1');
      expect(first.status).to.equal(201);
      const settled = await booksAgree(userId, 2);

      const sameKey = await move(`internal/funds/locks/${lockId}/settlements`, body, 'fill-1');
      const otherKey = await move(`internal/funds/locks/${lockId}/settlements`, body, 'fill-1-again');
      expect(sameKey.headers.get('idempotent-replayed')).to.equal('true');
      expect(otherKey.headers.get('idempotent-replayed')).to.equal('false');
      for (const again of [sameKey, otherKey]) {
        expect(again.status).to.equal(201);
        expect(again.body).to.deep.equal(first.body);
      }
      // The same fill for another amount is a contradiction: 409, nothing moves.
      const contradiction = await move(`internal/funds/locks/${lockId}/settlements`, { ...body, amount: '251.0000' });
      expect(contradiction.status).to.equal(409);
      // A later movement proves the ledger has seen everything before it: still two entries then, now three.
      await move(`internal/funds/locks/${lockId}/release`, {});
      const after = await booksAgree(userId, 3);
      expect(after.entries.map((e) => e.kind).sort()).to.deep.equal(['LOCK', 'RELEASE', 'SETTLE']);
      expect(settled.wallet).to.deep.equal({ available: '400.0000', locked: '350.0000' });
      expect(after.wallet).to.deep.equal({ available: '750.0000', locked: '0.0000' });
      expect(after.trial.balanced).to.equal(true);
    });
  });
});
