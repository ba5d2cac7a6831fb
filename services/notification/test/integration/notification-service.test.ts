import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { keptMail, keptMessages, REFUSED_MAIL_DOMAIN } from '@winvestco/platform';
import { eventually, InvokeClient, SseStream, throughGateway, type TestApp, type TestPlatform, testPlatform } from '@winvestco/platform/testing';
import { toCloudEvent } from '@winvestco/common';
import type { Customer } from '../../../payment/test/integration/payments-world.ts';
import { TradingWorld } from '../../../order/test/integration/trading-world.ts';

interface Seen { id: string; seq: number; type: string; title: string; message: string; data: Record<string, unknown> }

describe('notification service: events from real flows become notifications a person reads, live through the gateway, by email in the SMTP sink', function () {
  let platform: TestPlatform;
  let world: TradingWorld;
  let notification: TestApp;
  const streams: SseStream[] = [];
  const gatewayPort = () => world.app('gateway').app.appPort;
  const api = () => throughGateway(gatewayPort(), 'notification-service');
  const streamUrl = () => `http://127.0.0.1:${gatewayPort()}/v1.0/invoke/notification-service/method/notifications/stream`;
  const open = async (token: string, headers: Record<string, string> = {}) => {
    const s = await SseStream.open(streamUrl(), { authorization: `Bearer ${token}`, ...headers });
    streams.push(s);
    return s;
  };
  const typeOn = (s: SseStream, type: string) => () => s.json<Seen>().find((n) => n.type === type);
  const listOf = async (c: Customer, query = '') => {
    const reply = await api().get(`notifications${query}`, c.token);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    return reply.body.items as Seen[];
  };
  const inbox = (to: string) => keptMail(platform.sinks.dir).filter((m) => m.to.includes(to));

  /** A customer registered through the gateway (so we know their email), logged in, with a wallet. */
  const register = async (domain = 'example.com') => {
    const users = throughGateway(gatewayPort(), 'user-service');
    const email = `n-${randomUUID().slice(0, 8)}@${domain}`;
    const registered = await users.post('auth/register', { email, password: 'blue-k1te-sky', firstName: 'Asha', lastName: 'Iyer' });
    expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
    const token = (await users.post('auth/login', { email, password: 'blue-k1te-sky' })).body.accessToken as string;
    return { id: registered.body.id as string, token, email };
  };

  before(async () => {
    platform = await testPlatform('notification');
    world = new TradingWorld(platform);
    await world.launch();
    notification = await platform.launch('notification-service', {
      env: { NOTIFY_HEARTBEAT_MS: '500', NOTIFY_MAX_ATTEMPTS: '3', NOTIFY_RETRY_BASE_MS: '200', NOTIFY_DISPATCH_POLL_MS: '100' },
    });
    await world.price('1500.00');
  });

  afterEach(() => {
    for (const s of streams.splice(0)) s.close();
  });

  after(async () => {
    if (notification) await platform.stopApp(notification);
    await world?.stop();
  });

  it('when Asha registers, deposits and buys 10 INFY that fill, then each step reaches her live stream through the gateway, written for a person', async () => {
    const asha = await register();
    // Her stream opens before her money and her order exist; it gets each one as it happens.
    await eventually('her welcome', async () => ((await listOf(asha)).some((n) => n.type === 'WELCOME') ? true : undefined));
    const live = await open(asha.token);
    expect(live.status).to.equal(200);
    expect(live.headers.get('content-type')).to.match(/^text\/event-stream/);

    const paymentId = await world.books.deposit(asha, '123456.78');
    const deposit = await live.until('the deposit', typeOn(live, 'DEPOSIT_SUCCEEDED'));
    expect(deposit.title).to.equal('₹1,23,456.78 added to your wallet');
    expect(deposit.data).to.include({ paymentId, amount: '123456.7800' });

    const placed = await world.place(asha, { side: 'BUY', type: 'MARKET', quantity: 10 });
    const filled = await live.until('the fill', typeOn(live, 'ORDER_FILLED'), 30_000);
    const fill = await live.until('the trade', typeOn(live, 'TRADE_EXECUTED'));
    expect(fill.title).to.equal('Bought 10 INFY at ₹1,500.10');
    expect(fill.message).to.match(/^Bought 10 shares of INFY at ₹1,500\.10 each \(₹15,001\.00\), charges ₹[\d,]+\.\d{2}\.$/);
    expect(filled.title).to.equal('Bought 10 INFY at an average of ₹1,500.10');
    expect(filled.message).to.contain('Your order to buy 10 shares of INFY at market is complete');
    expect(filled.data).to.include({ orderId: placed.orderId, symbol: 'INFY', quantity: 10, filledQuantity: 10, status: 'FILLED' });

    // The ids are her notification numbers, in order; heartbeats keep the stream open meanwhile.
    const ids = live.events.map((e) => Number(e.id));
    expect(ids).to.deep.equal([...ids].sort((a, b) => a - b));
    await live.until('a heartbeat', (s) => (s.comments.includes('heartbeat') ? true : undefined));

    // And the list and count agree with the stream.
    const listed = await listOf(asha);
    expect(listed.map((n) => n.type)).to.include.members(['WELCOME', 'DEPOSIT_SUCCEEDED', 'TRADE_EXECUTED', 'ORDER_FILLED']);
    expect((await api().get('notifications/unread-count', asha.token)).body.unread).to.equal(listed.length);

    // Email went out through the SMTP binding, into the sink.
    const mail = await eventually('her deposit email', async () => inbox(asha.email).find((m) => m.subject === '₹1,23,456.78 added to your wallet'));
    expect(mail.html).to.contain('Your deposit of ₹1,23,456.78 was received');
    expect(mail.from).to.contain('notifications@winvestco.local');
    await eventually('her fill email', async () => inbox(asha.email).find((m) => m.subject.startsWith('Bought 10 INFY at an average')));
    // Push through the HTTP binding, into the sink too.
    await eventually('a push of the fill', async () => keptMessages(platform.sinks.dir, 'push').find((p) => (p.body as { userId: string; title: string }).userId === asha.id && (p.body as { title: string }).title === fill.title));
    // Delivery tracking says so.
    const one = await api().get(`notifications/${filled.id}`, asha.token);
    await eventually('the fill delivered by email and push', async () => {
      const reply = await api().get(`notifications/${filled.id}`, asha.token);
      const channels = (reply.body.deliveries as { channel: string; status: string }[]).filter((d) => d.status === 'SENT').map((d) => d.channel);
      return channels.includes('EMAIL') && channels.includes('PUSH') ? true : undefined;
    });
    expect(one.status).to.equal(200);
  });

  it('when her stream drops and she reconnects with Last-Event-ID, then she gets exactly what came after it, and then what comes live', async () => {
    const asha = await register();
    await world.books.settled(asha, await world.books.deposit(asha, '5000.00'), ['SUCCEEDED']);
    const first = await open(asha.token, { 'last-event-id': '0' });
    await first.until('welcome and deposit', (s) => (s.json<Seen>().some((n) => n.type === 'DEPOSIT_SUCCEEDED') && s.json<Seen>().some((n) => n.type === 'WELCOME') ? true : undefined));
    const welcome = first.events.find((e) => JSON.parse(e.data).type === 'WELCOME')!;
    first.close();

    const resumed = await open(asha.token, { 'last-event-id': welcome.id! });
    await resumed.until('the deposit again', typeOn(resumed, 'DEPOSIT_SUCCEEDED'));
    expect(resumed.json<Seen>().map((n) => n.type)).to.not.include('WELCOME');
    // Something new arrives on the resumed stream as it happens.
    await world.books.withdraw(asha, '1000.00', 'success@sim');
    const withdrawal = await resumed.until('the withdrawal', typeOn(resumed, 'WITHDRAWAL_REQUESTED'));
    expect(withdrawal.title).to.equal('Withdrawal of ₹1,000.00 requested');
  });

  it('when the stream stays open longer than any call deadline, then the gateway keeps passing events through', async function () {
    this.timeout(60_000);
    const asha = await register();
    const live = await open(asha.token);
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const beats = live.comments.filter((c) => c === 'heartbeat').length;
    expect(beats, 'heartbeats in 12 s at 500 ms').to.be.greaterThan(10);
    await world.books.deposit(asha, '100.00');
    await live.until('the deposit after 12 s', typeOn(live, 'DEPOSIT_SUCCEEDED'));
  });

  it('when an IOC cannot fill and a BUY is beyond her balance, then she is told each outcome with its reason', async () => {
    const asha = await register();
    await world.books.settled(asha, await world.books.deposit(asha, '10000.00'), ['SUCCEEDED']);
    const live = await open(asha.token);
    const ioc = await world.place(asha, { side: 'BUY', type: 'LIMIT', quantity: 2, limitPrice: '1400.00', validity: 'IOC' });
    const cancelled = await live.until('the IOC cancelled', typeOn(live, 'ORDER_CANCELLED'), 30_000);
    expect(cancelled.data).to.include({ orderId: ioc.orderId, status: 'CANCELLED', filledQuantity: 0 });
    expect(cancelled.message).to.match(/^Your order to buy 2 shares of INFY at a limit price of ₹1,400\.00 was cancelled.* Nothing had filled\./);
    const big = await world.place(asha, { side: 'BUY', type: 'MARKET', quantity: 10 });
    const rejected = await live.until('the big BUY rejected', typeOn(live, 'ORDER_REJECTED'), 30_000);
    expect(rejected.data).to.include({ orderId: big.orderId, status: 'REJECTED' });
    expect(rejected.title).to.equal('Order rejected: BUY 10 INFY');
    expect(rejected.message).to.match(/^Your order to buy 10 shares of INFY at market was rejected: .*funds/i);
  });

  it('when the same event is delivered twice, then it makes one notification', async () => {
    const asha = await register();
    const event = toCloudEvent({
      id: randomUUID(), topic: 'payments', type: 'payment.succeeded', subject: asha.id,
      data: { paymentId: randomUUID(), userId: asha.id, direction: 'DEPOSIT', amount: '777.00', currency: 'INR' }, time: new Date().toISOString(),
    }, 'payment-service');
    const payment = world.app('payment').dapr;
    for (let i = 0; i < 2; i += 1) await payment.publishCloudEvent('pubsub', `${platform.topicPrefix}payments`, event);
    await eventually('the deposit notification', async () => ((await listOf(asha)).some((n) => n.type === 'DEPOSIT_SUCCEEDED') ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await listOf(asha)).filter((n) => n.type === 'DEPOSIT_SUCCEEDED')).to.have.length(1);
  });

  it('when another user looks, then they see nothing of hers: not in their list, count or stream, and her ids are 404', async () => {
    const asha = await register();
    const ravi = await register();
    const hers = await eventually('her welcome', async () => (await listOf(asha)).find((n) => n.type === 'WELCOME'));
    const his = await open(ravi.token, { 'last-event-id': '0' });
    await world.books.deposit(asha, '250.00');
    await eventually('her deposit', async () => ((await listOf(asha)).some((n) => n.type === 'DEPOSIT_SUCCEEDED') ? true : undefined));
    await his.until('his own welcome', typeOn(his, 'WELCOME'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(his.json<Seen>().map((n) => n.id)).to.not.include(hers.id);
    expect(his.json<Seen>().every((n) => n.type === 'WELCOME')).to.equal(true);
    expect((await listOf(ravi)).map((n) => n.id)).to.not.include(hers.id);
    for (const [method, path] of [['GET', `notifications/${hers.id}`], ['POST', `notifications/${hers.id}/read`]] as const) {
      const reply = await api().call(method, path, { token: ravi.token, ...(method === 'POST' ? { body: {} } : {}) });
      expect(reply.status, `${method} ${path}`).to.equal(404);
    }
    // Reading all of his leaves hers unread.
    expect((await api().post('notifications/read-all', {}, ravi.token)).status).to.equal(200);
    expect((await api().get(`notifications/${hers.id}`, asha.token)).body.status).to.equal('UNREAD');
    expect((await api().get('notifications?unread=true', ravi.token)).body.items).to.have.length(0);
  });

  it('when she marks one read, then reads all, then the unread count follows, and the unread filter agrees', async () => {
    const asha = await register();
    await world.books.settled(asha, await world.books.deposit(asha, '1000.00'), ['SUCCEEDED']);
    const items = await eventually('two notifications', async () => { const l = await listOf(asha); return l.length >= 2 ? l : undefined; });
    const count = async () => (await api().get('notifications/unread-count', asha.token)).body.unread as number;
    expect(await count()).to.equal(items.length);
    const read = await api().post(`notifications/${items[0]!.id}/read`, {}, asha.token);
    expect(read.status).to.equal(200);
    expect(read.body.status).to.equal('READ');
    expect(await count()).to.equal(items.length - 1);
    expect((await listOf(asha, '?unread=true')).map((n) => n.id)).to.not.include(items[0]!.id);
    expect((await api().post('notifications/read-all', {}, asha.token)).body.read).to.equal(items.length - 1);
    expect(await count()).to.equal(0);
    // One per page, then the next page from the cursor.
    const page = await api().get('notifications?limit=1', asha.token);
    expect(page.body.items).to.have.length(1);
    const next = await api().get(`notifications?limit=1&cursor=${page.body.nextCursor as string}`, asha.token);
    expect(next.body.items[0].id).to.not.equal(page.body.items[0].id);
  });

  it('when she mutes deposits and sends fills by email only, then a deposit is kept but sent nowhere, and her preferences say so', async () => {
    const asha = await register();
    const put = await api().put('notifications/preferences', { mutedTypes: ['DEPOSIT_SUCCEEDED'], channels: { ORDER_FILLED: ['EMAIL'] } }, asha.token);
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    expect(put.body.channels.ORDER_FILLED).to.deep.equal(['IN_APP', 'EMAIL']);
    expect((await api().get('notifications/preferences', asha.token)).body.mutedTypes).to.deep.equal(['DEPOSIT_SUCCEEDED']);
    const live = await open(asha.token);
    await world.books.settled(asha, await world.books.deposit(asha, '300.00'), ['SUCCEEDED']);
    const kept = await eventually('the muted deposit in her history', async () => (await listOf(asha)).find((n) => n.type === 'DEPOSIT_SUCCEEDED'));
    expect(kept).to.include({ status: 'READ', muted: true });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(live.json<Seen>().map((n) => n.type)).to.not.include('DEPOSIT_SUCCEEDED');
    expect(inbox(asha.email).map((m) => m.subject)).to.not.include('₹300.00 added to your wallet');
  });

  it('when the SMTP server refuses her mailbox, then the email is tried again with backoff and ends DEAD_LETTER, visible to an admin', async () => {
    const asha = await register(REFUSED_MAIL_DOMAIN);
    const admin = await platform.tokenFor(randomUUID(), ['ADMIN']);
    const dead = await eventually('the welcome email dead-lettered', async () => {
      const reply = await api().get(`admin/notifications/deliveries?status=DEAD_LETTER&channel=EMAIL&userId=${asha.id}`, admin);
      expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
      return reply.body.items[0];
    }, 30_000);
    expect(dead).to.include({ status: 'DEAD_LETTER', attempts: 3, recipient: asha.email, type: 'WELCOME' });
    expect(dead.lastError).to.match(/550|unavailable/);
    // In the app she still has it.
    expect((await listOf(asha)).map((n) => n.type)).to.include('WELCOME');
    // Users cannot see the operators' view.
    expect((await api().get('admin/notifications/deliveries', asha.token)).status).to.equal(403);
    // An operator may send it again: a fresh round of attempts (refused again here).
    const retried = await api().post(`admin/notifications/deliveries/${dead.notificationId as string}/EMAIL/retry`, {}, admin);
    expect(retried.status, JSON.stringify(retried.body)).to.equal(202);
    expect(retried.body.status).to.equal('PENDING');
  });

  it('when the input is bad, then the answer is a 400 problem naming the field, and nothing changed', async () => {
    const asha = await register();
    const before = (await api().get('notifications/preferences', asha.token)).body;
    const cases: [string, string, unknown, string][] = [
      ['GET', 'notifications?cursor=not-a-cursor', undefined, 'cursor'],
      ['GET', 'notifications?unread=maybe', undefined, 'unread'],
      ['GET', 'notifications?limit=0', undefined, 'limit'],
      ['PUT', 'notifications/preferences', { muteAll: 'yes' }, 'muteAll'],
      ['PUT', 'notifications/preferences', { mutedTypes: ['SPAM'] }, 'mutedTypes'],
      ['PUT', 'notifications/preferences', { channels: { ORDER_FILLED: ['PIGEON'] } }, 'channels.ORDER_FILLED'],
      ['PUT', 'notifications/preferences', { channels: { NOT_A_TYPE: ['EMAIL'] } }, 'channels.NOT_A_TYPE'],
      ['PUT', 'notifications/preferences', { muteAll: true, colour: 'blue' }, 'colour'],
      ['POST', 'notifications/not-a-uuid/read', {}, 'id'],
    ];
    for (const [method, path, body, field] of cases) {
      const reply = await api().call(method, path, { token: asha.token, ...(body !== undefined ? { body } : {}) });
      expect(reply.status, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(reply.body)}`).to.equal(400);
      expect(reply.headers.get('content-type')).to.match(/problem\+json/);
      expect((reply.body.errors as { field: string }[]).map((e) => e.field), path).to.include(field);
    }
    const stream = await SseStream.open(streamUrl(), { authorization: `Bearer ${asha.token}`, 'last-event-id': 'yesterday' });
    expect(stream.status).to.equal(400);
    // Through the gateway the service's own problem arrives, naming the header.
    const problem = await fetch(streamUrl(), { headers: { authorization: `Bearer ${asha.token}`, 'last-event-id': 'yesterday', accept: 'text/event-stream' } });
    expect(problem.status).to.equal(400);
    expect(((await problem.json()) as { errors: { field: string }[] }).errors[0]!.field).to.equal('Last-Event-ID');
    expect((await SseStream.open(streamUrl())).status).to.equal(401);
    expect((await api().get('notifications/preferences', asha.token)).body).to.deep.equal(before);
  });

  it('when SMS is chosen but no phone number is on record, then the delivery is SKIPPED saying why; once she adds one, SMS lands in its sink', async () => {
    const asha = await register();
    const users = throughGateway(gatewayPort(), 'user-service');
    await api().put('notifications/preferences', { channels: { DEPOSIT_SUCCEEDED: ['SMS'] } }, asha.token);
    await world.books.settled(asha, await world.books.deposit(asha, '100.00'), ['SUCCEEDED']);
    const first = await eventually('the first deposit', async () => (await listOf(asha)).find((n) => n.type === 'DEPOSIT_SUCCEEDED'));
    const skipped = (await api().get(`notifications/${first.id}`, asha.token)).body.deliveries;
    expect(skipped).to.deep.include({ channel: 'SMS', status: 'SKIPPED', attempts: 0, sentAt: null, lastError: 'no sms address on record' });
    const phone = `+9198${String(Date.now()).slice(-8)}`;
    expect((await users.patch('users/me', { phone }, asha.token)).status).to.equal(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await world.books.settled(asha, await world.books.deposit(asha, '200.00'), ['SUCCEEDED']);
    const sms = await eventually('the SMS', async () => keptMessages(platform.sinks.dir, 'sms').find((m) => (m.body as { to: string }).to === phone));
    expect((sms.body as { text: string }).text).to.equal('Winvestco: Your deposit of ₹200.00 was received and is available to trade.');
  });

  it('when read with its own sidecar, the service answers the same as through the gateway (a client may use either)', async () => {
    const asha = await register();
    const direct = new InvokeClient(notification.dapr, 'notification-service');
    await eventually('her welcome', async () => ((await direct.get('notifications', asha.token)).body.items.length > 0 ? true : undefined));
  });
});
