import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { money } from '@winvestco/common';
import { keptMail } from '@winvestco/platform';
import { eventually, SseStream, testPlatform, throughGateway, type TestApp, type TestPlatform } from '@winvestco/platform/testing';
import { TradingWorld } from '../../../services/order/test/integration/trading-world.ts';
import { formatReport } from '../../src/invariants/index.ts';
import { freshBooks, invariantsOf, outcomes } from './books.ts';

interface Person {
  id: string;
  token: string;
  email: string;
  name: string;
  stream: SseStream;
}

interface Seen {
  id: string;
  seq: number;
  type: string;
  title: string;
  deliveries?: { channel: string; status: string }[];
}

// A whole trading day through the gateway, as two customers live it: every service and its
// sidecar, real PostgreSQL, a real broker, the SMTP sink. Each step leans on the one before.
describe('a trading day, end to end: two customers deposit, trade with each other and the exchange, modify, cancel, let an IOC lapse, withdraw; told everything live and by email; the invariants hold', function () {
  let platform: TestPlatform;
  let world: TradingWorld;
  let notification: TestApp;
  let report: TestApp;
  let ann: Person;
  let bea: Person;
  const gatewayPort = () => world.app('gateway').app.appPort;
  const via = (appId: string) => throughGateway(gatewayPort(), appId);
  const apps = () => [...Object.values(world.apps), notification, report] as TestApp[];

  const register = async (first: string): Promise<Person> => {
    const email = `${first.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
    const registered = await via('user-service').post('auth/register', { email, password: 'blue-k1te-sky', firstName: first, lastName: 'Demo' });
    expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
    const login = await via('user-service').post('auth/login', { email, password: 'blue-k1te-sky' });
    expect(login.status).to.equal(200);
    const token = login.body.accessToken as string;
    // From notification number 0: what was told before the stream opened comes first, then everything live.
    const stream = await SseStream.open(`http://127.0.0.1:${gatewayPort()}/v1.0/invoke/notification-service/method/notifications/stream`, { authorization: `Bearer ${token}`, 'last-event-id': '0' });
    expect(stream.status).to.equal(200);
    return { id: registered.body.id as string, token, email, name: first, stream };
  };
  const customer = (p: Person) => ({ id: p.id, token: p.token });
  const payment = async (p: Person, id: string, statuses: string[]) => eventually(`payment ${id} to be ${statuses.join(' or ')}`, async () => {
    const reply = await via('payment-service').get(`payments/${id}`, p.token);
    return reply.status === 200 && statuses.includes(reply.body.status) ? reply.body : undefined;
  }, 30_000);
  const wallet = async (p: Person) => (await via('funds-service').get('wallets/me', p.token)).body as { available: string; locked: string };
  const heard = (p: Person, type: string, also: (n: Seen) => boolean = () => true) =>
    p.stream.until(`${p.name} to hear ${type}`, (s) => s.json<Seen>().find((n) => n.type === type && also(n)), 30_000);

  before(async function () {
    // Every app with its sidecar on a shared machine: a slow start is not what this file tests.
    this.timeout(240_000);
    platform = await testPlatform('trading-day');
    await freshBooks(platform);
    world = new TradingWorld(platform);
    await world.launch();
    [notification, report] = await Promise.all([
      platform.launch('notification-service', { env: { NOTIFY_HEARTBEAT_MS: '1000', NOTIFY_RETRY_BASE_MS: '200', NOTIFY_DISPATCH_POLL_MS: '100' } }),
      platform.launch('report-service', { env: { REPORT_POLL_MS: '200' } }),
    ]);
    await world.price('1500.00');
  });

  after(async () => {
    for (const p of [ann, bea]) p?.stream.close();
    if (report) await platform.stopApp(report);
    if (notification) await platform.stopApp(notification);
    await world?.stop();
  });

  it('Ann and Bea register through the gateway, are welcomed on their live streams, and deposit ₹1,00,000 and ₹50,000 by UPI', async () => {
    [ann, bea] = await Promise.all([register('Ann'), register('Bea')]);
    const [annPay, beaPay] = await Promise.all([
      via('payment-service').post('payments/deposits', { amount: '100000.00', method: 'UPI' }, ann.token),
      via('payment-service').post('payments/deposits', { amount: '50000.00', method: 'UPI' }, bea.token),
    ]);
    expect([annPay.status, beaPay.status]).to.deep.equal([201, 201]);
    await Promise.all([payment(ann, annPay.body.paymentId, ['SUCCEEDED']), payment(bea, beaPay.body.paymentId, ['SUCCEEDED'])]);
    expect((await heard(ann, 'DEPOSIT_SUCCEEDED')).title).to.equal('₹1,00,000.00 added to your wallet');
    expect((await heard(bea, 'DEPOSIT_SUCCEEDED')).title).to.equal('₹50,000.00 added to your wallet');
    await Promise.all([heard(ann, 'WELCOME'), heard(bea, 'WELCOME')]);
    expect(await wallet(ann)).to.include({ available: '100000.0000', locked: '0.0000' });
  });

  it('Ann buys 10 INFY at market from the simulated exchange, at the ask, with the charges of a delivery trade', async () => {
    const done = await world.until(customer(ann), (await world.place(customer(ann), { side: 'BUY', type: 'MARKET', quantity: 10 })).orderId);
    expect(done).to.include({ status: 'FILLED', filledQuantity: 10, averagePrice: '1500.1000' });
    expect(Number(done.fees)).to.be.greaterThan(0);
    expect((await heard(ann, 'TRADE_EXECUTED')).title).to.equal('Bought 10 INFY at ₹1,500.10');
    await heard(ann, 'ORDER_FILLED');
  });

  it('Bea buys 6, rests a LIMIT sell of 4 at ₹1,500.10, and Ann\'s LIMIT buy trades with it through the book (Bea the maker, Ann the taker)', async () => {
    await world.until(customer(bea), (await world.place(customer(bea), { side: 'BUY', type: 'MARKET', quantity: 6 })).orderId);
    const sell = await world.place(customer(bea), { side: 'SELL', type: 'LIMIT', quantity: 4, limitPrice: '1500.10', validity: 'GTC' });
    await world.until(customer(bea), sell.orderId, ['OPEN']);
    const buy = await world.until(customer(ann), (await world.place(customer(ann), { side: 'BUY', type: 'LIMIT', quantity: 4, limitPrice: '1500.10' })).orderId);
    expect(buy).to.include({ status: 'FILLED', filledQuantity: 4 });
    expect(buy.fills.map((f: { liquidity: string }) => f.liquidity)).to.deep.equal(['TAKER']);
    const sold = await world.until(customer(bea), sell.orderId);
    expect(sold.fills.map((f: { liquidity: string }) => f.liquidity)).to.deep.equal(['MAKER']);
    await heard(bea, 'SALE_PROCEEDS_CREDITED');
    await eventually('Ann to hold 14', async () => ((await world.holding(customer(ann)))?.quantity === 14 ? true : undefined));
  });

  it('Ann rests a LIMIT buy of 5 at ₹1,450, modifies it to 8 (the lock follows), then cancels it: the lock is released in full', async () => {
    const id = (await world.place(customer(ann), { side: 'BUY', type: 'LIMIT', quantity: 5, limitPrice: '1450.00', validity: 'GTC' })).orderId as string;
    await world.until(customer(ann), id, ['OPEN']);
    const before = await wallet(ann);
    const modified = await via('order-service').patch(`orders/${id}`, { quantity: 8 }, ann.token);
    expect(modified.status, JSON.stringify(modified.body)).to.equal(200);
    expect(modified.body).to.include({ quantity: 8, modifications: 1 });
    expect(Number((await wallet(ann)).locked)).to.be.greaterThan(Number(before.locked));
    await heard(ann, 'ORDER_MODIFIED');
    expect((await via('order-service').call('DELETE', `orders/${id}`, { token: ann.token })).status).to.equal(202);
    expect((await world.until(customer(ann), id)).status).to.equal('CANCELLED');
    expect((await wallet(ann)).locked).to.equal('0.0000');
    await heard(ann, 'ORDER_CANCELLED');
  });

  it('Bea\'s IOC sell above the market cannot fill and lapses: CANCELLED at once, her shares free again', async () => {
    const ioc = await world.until(customer(bea), (await world.place(customer(bea), { side: 'SELL', type: 'LIMIT', quantity: 2, limitPrice: '1550.00', validity: 'IOC' })).orderId);
    expect(ioc).to.include({ status: 'CANCELLED', filledQuantity: 0 });
    await heard(bea, 'ORDER_CANCELLED');
    const holding = await world.holding(customer(bea));
    expect(holding).to.include({ quantity: 2, reservedQuantity: 0 });
  });

  it('Bea sells her last 2 at a LIMIT of ₹1,520; when the market gets there the exchange takes them, and she books a realised profit', async () => {
    const sell = await world.place(customer(bea), { side: 'SELL', type: 'LIMIT', quantity: 2, limitPrice: '1520.00', validity: 'GTC' });
    await world.until(customer(bea), sell.orderId, ['OPEN']);
    await world.price('1520.10');
    expect(await world.until(customer(bea), sell.orderId)).to.include({ status: 'FILLED', averagePrice: '1520.0000' });
    const holding = await eventually('Bea to hold none', async () => {
      const h = await world.holding(customer(bea));
      return h?.quantity === 0 ? h : undefined;
    });
    expect(Number(holding.realisedPnl)).to.be.greaterThan(0);
  });

  it('Ann withdraws ₹10,000 to her bank: REQUESTED, then paid out; the money leaves her wallet once', async () => {
    const before = await wallet(ann);
    const requested = await via('payment-service').post('payments/withdrawals', { amount: '10000.00', payerHandle: 'success@sim' }, ann.token);
    expect(requested.status, JSON.stringify(requested.body)).to.equal(201);
    await payment(ann, requested.body.paymentId, ['PAID_OUT']);
    await heard(ann, 'WITHDRAWAL_COMPLETED');
    expect((await wallet(ann)).available).to.equal((Number(before.available) - 10000).toFixed(4));
  });

  it('every notification each of them has was on their live stream, and each one meant for email is in the SMTP sink', async () => {
    for (const p of [ann, bea]) {
      const all = await eventually(`${p.name}'s deliveries to finish`, async () => {
        const reply = await via('notification-service').get('notifications?limit=200', p.token);
        const items = reply.body.items as Seen[];
        // SKIPPED: a channel the person has no address for (no phone number for SMS).
        return items.every((n) => (n.deliveries ?? []).every((d) => d.status === 'SENT' || d.status === 'SKIPPED')) ? items : undefined;
      }, 30_000);
      await p.stream.until(`${p.name}'s stream to have all ${all.length}`, (s) => (all.every((n) => s.json<Seen>().some((e) => e.id === n.id)) ? true : undefined));
      const mailed = all.filter((n) => (n.deliveries ?? []).some((d) => d.channel === 'EMAIL' && d.status === 'SENT'));
      expect(all.filter((n) => (n.deliveries ?? []).some((d) => d.channel === 'EMAIL' && d.status !== 'SENT')), `${p.name}'s unsent emails`).to.deep.equal([]);
      expect(mailed.length, `${p.name}'s emails`).to.be.greaterThan(3);
      const inbox = keptMail(platform.sinks.dir).filter((m) => m.to.includes(p.email));
      for (const n of mailed) expect(inbox.map((m) => m.subject), `${p.name}'s email for ${n.type}`).to.include(n.title);
    }
  });

  it('they download their statements, today\'s contract note and a P&L report, as CSV and PDF, whose totals are the wallet\'s, the orders\' charges and the portfolio\'s', async function () {
    this.timeout(120_000);
    const reports = via('report-service');
    const ask = async (p: Person, type: string) => {
      const asked = await reports.post('reports', { type }, p.token);
      expect(asked.status, JSON.stringify(asked.body)).to.equal(202);
      const done = await eventually(`${p.name}'s ${type}`, async () => {
        const reply = await reports.get(`reports/${asked.body.id}`, p.token);
        return ['COMPLETED', 'FAILED'].includes(reply.body.status) ? reply.body : undefined;
      }, 60_000);
      expect(done.status, `${type}: ${done.error}`).to.equal('COMPLETED');
      for (const format of ['csv', 'pdf']) {
        const file = await fetch(`http://127.0.0.1:${gatewayPort()}/v1.0/invoke/report-service/method/reports/${done.id}/download?format=${format}`, { headers: { authorization: `Bearer ${p.token}` } });
        expect(file.status, `${type} ${format}`).to.equal(200);
        const body = Buffer.from(await file.arrayBuffer());
        if (format === 'pdf') expect(body.subarray(0, 5).toString()).to.equal('%PDF-');
        else expect(body.length).to.be.greaterThan(0);
      }
      return done.totals as Record<string, string | number>;
    };
    // The projections are built from events: what the wallet shows now, the report shows once it has caught up.
    const settled = async <T>(what: string, read: () => Promise<T>, check: (t: T) => boolean) => eventually(what, async () => {
      const value = await read();
      return check(value) ? value : undefined;
    }, 60_000);
    for (const p of [ann, bea]) {
      const held = await wallet(p);
      const statement = await settled(`${p.name}'s statement to catch up`, () => ask(p, 'TRANSACTION_HISTORY'), (t) => t.closingBalance === money(held.available).plus(held.locked).toFixed(4));
      expect(statement.closingBalance).to.equal(money(held.available).plus(held.locked).toFixed(4));
      const orders = (await via('order-service').get('orders?limit=100', p.token)).body.items as { fees: string }[];
      const fees = orders.reduce((sum, o) => sum.plus(o.fees), money(0)).toFixed(4);
      const note = await ask(p, 'CONTRACT_NOTE');
      expect(note.charges, `${p.name}'s contract note`).to.equal(fees);
    }
    const holding = await world.holding(customer(bea));
    const pnl = await ask(bea, 'PNL');
    expect(pnl.realised).to.equal(holding.realisedPnl);
  });

  it('at the end of the day the invariant checker passes: books balanced, wallets = ledger, holdings = fills, nothing left open or stuck', async () => {
    await world.books.checkBooks([customer(ann), customer(bea)]);
    const found = await invariantsOf(world.app('gateway'), apps());
    expect(outcomes(found), `\n${formatReport(found)}`).to.deep.equal({
      'trial-balance': 'PASS', 'wallet-ledger': 'PASS', 'holdings-fills': 'PASS', 'orders-validity': 'PASS', 'holds-ended-orders': 'PASS',
      'report-totals': 'PASS', 'stuck-sagas': 'PASS', 'dead-letters': 'PASS',
    });
    expect(found.ok).to.equal(true);
  });
});
