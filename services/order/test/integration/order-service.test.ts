import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually, InvokeClient, testPlatform, type TestPlatform } from '@winvestco/platform/testing';
import type { Customer } from '../../../payment/test/integration/payments-world.ts';
import { TERMINAL, TradingWorld } from './trading-world.ts';

describe('order service: orders placed through the gateway, matched by the trade service, settled by the order saga, with the books checked after each', function () {
  let platform: TestPlatform;
  let world: TradingWorld;
  let customers: Customer[] = [];
  const books = () => world.books;
  const orders = () => world.orders();
  const trades = () => world.through('trade-service');
  const funded = async (amount: string) => {
    const c = await world.books.funded(amount);
    customers.push(c);
    return c;
  };
  const price = (last: string) => world.price(last);
  const place = (c: Customer, order: Record<string, unknown>, expected = 201) => world.place(c, order, expected);
  const orderOf = (c: Customer, id: string) => world.order(c, id);
  const until = (c: Customer, id: string, statuses?: string[]) => world.until(c, id, statuses);
  const holding = (c: Customer) => world.holding(c);
  const sumFills = (o: { fills: { quantity: number; price: string; fees: string }[] }) =>
    o.fills.reduce((sum, f) => sum + f.quantity * Number(f.price) + Number(f.fees), 0);

  before(async () => {
    platform = await testPlatform('order');
    world = new TradingWorld(platform);
    await world.launch();
  });

  after(async () => {
    await world?.stop();
  });

  beforeEach(async () => {
    customers = [];
    await price('1500.00');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'passed') await books().checkBooks(customers);
  });

  it('when Ann buys 10 INFY at market, then the order is FILLED at the ask, the lock settled at the real cost, and she holds 10 at a cost that includes the charges', async () => {
    const ann = await funded('50000.0000');
    const placed = await place(ann, { side: 'BUY', type: 'MARKET', quantity: 10 });
    expect(placed).to.include({ status: 'NEW', symbol: 'INFY', side: 'BUY', quantity: 10 });
    const done = await until(ann, placed.orderId);
    expect(done).to.include({ status: 'FILLED', filledQuantity: 10, averagePrice: '1500.1000' });
    expect(done.history.map((h: { to: string }) => h.to)).to.deep.equal(['NEW', 'VALIDATED', 'FUNDS_LOCKED', 'PARTIALLY_FILLED', 'FILLED']);
    const cost = sumFills(done);
    expect(await books().wallet(ann)).to.deep.equal({ available: (50000 - cost).toFixed(4), locked: '0.0000' });
    const held = await eventually('the holding', async () => ((await holding(ann))?.quantity === 10 ? holding(ann) : undefined));
    expect(Number(held.averageCost)).to.be.closeTo(cost / 10, 0.0001);
    const fills = await trades().get(`executions?orderId=${placed.orderId}`, ann.token);
    expect(fills.body.items).to.have.length(done.fills.length);
    // The STT of her fills is owed to the government, not the platform's revenue.
    const stt = fills.body.items.reduce((sum: number, f: { charges: { stt: string } }) => sum + Number(f.charges.stt), 0);
    const admin = await platform.tokenFor(randomUUID(), ['ADMIN']);
    const ledger = world.through('ledger-service');
    await eventually('the STT to be owed', async () => (Number((await ledger.get('ledger/accounts/stt-payable/balance', admin)).body.balance) >= stt - 0.00001 ? true : undefined));
  });

  it('when Ann sells 4 at a limit above the market, then it rests OPEN, fills when the price gets there, and the proceeds are credited', async () => {
    const ann = await funded('50000.0000');
    await until(ann, (await place(ann, { side: 'BUY', type: 'MARKET', quantity: 10 })).orderId);
    const before = await books().wallet(ann);
    const sell = await place(ann, { side: 'SELL', type: 'LIMIT', quantity: 4, limitPrice: '1600.00', validity: 'GTC' });
    await until(ann, sell.orderId, ['OPEN']);
    await price('1600.10');
    const done = await until(ann, sell.orderId);
    expect(done).to.include({ status: 'FILLED', filledQuantity: 4 });
    const proceeds = done.fills.reduce((sum: number, f: { quantity: number; price: string; fees: string }) => sum + f.quantity * Number(f.price) - Number(f.fees), 0);
    await eventually('the proceeds', async () => ((await books().wallet(ann)).available === (Number(before.available) + proceeds).toFixed(4) ? true : undefined));
    await eventually('a holding of 6', async () => ((await holding(ann))?.quantity === 6 ? true : undefined));
  });

  it('when Ann cancels an open LIMIT buy, then it is CANCELLED and the lock is released in full', async () => {
    const ann = await funded('50000.0000');
    const order = await place(ann, { side: 'BUY', type: 'LIMIT', quantity: 5, limitPrice: '1400.00', validity: 'GTC' });
    await until(ann, order.orderId, ['OPEN']);
    expect((await books().wallet(ann)).locked).to.not.equal('0.0000');
    const cancel = await orders().call('DELETE', `orders/${order.orderId}`, { token: ann.token });
    expect(cancel.status).to.equal(202);
    expect((await until(ann, order.orderId)).status).to.equal('CANCELLED');
    expect(await books().wallet(ann)).to.deep.equal({ available: '50000.0000', locked: '0.0000' });
    expect((await orders().call('DELETE', `orders/${order.orderId}`, { token: ann.token })).status).to.equal(409);
  });

  it('when an IOC cannot fill, then it is CANCELLED with the lock released; when a BUY is beyond the balance, then it is REJECTED with nothing locked', async () => {
    const ann = await funded('10000.0000');
    const ioc = await until(ann, (await place(ann, { side: 'BUY', type: 'LIMIT', quantity: 2, limitPrice: '1400.00', validity: 'IOC' })).orderId);
    expect(ioc).to.include({ status: 'CANCELLED', filledQuantity: 0 });
    const big = await until(ann, (await place(ann, { side: 'BUY', type: 'MARKET', quantity: 10 })).orderId);
    expect(big.status).to.equal('REJECTED');
    expect(big.reason).to.match(/funds/);
    expect(await books().wallet(ann)).to.deep.equal({ available: '10000.0000', locked: '0.0000' });
  });

  it('when Bea rests a LIMIT sell and Ann buys at market, then they trade with each other through the book, and each sees only their own side', async () => {
    const bea = await funded('50000.0000');
    await until(bea, (await place(bea, { side: 'BUY', type: 'MARKET', quantity: 3 })).orderId);
    const sell = await place(bea, { side: 'SELL', type: 'LIMIT', quantity: 3, limitPrice: '1500.10', validity: 'GTC' });
    await until(bea, sell.orderId, ['OPEN']);
    const depth = await trades().get('orderbook/INFY');
    expect(depth.status).to.equal(200);
    expect(JSON.stringify(depth.body)).to.not.include(bea.id);
    const ann = await funded('50000.0000');
    const buy = await until(ann, (await place(ann, { side: 'BUY', type: 'MARKET', quantity: 3 })).orderId);
    expect(buy).to.include({ status: 'FILLED', filledQuantity: 3 });
    expect(buy.fills.map((f: { liquidity: string }) => f.liquidity)).to.deep.equal(['TAKER']);
    const sold = await until(bea, sell.orderId);
    expect(sold.fills.map((f: { liquidity: string }) => f.liquidity)).to.deep.equal(['MAKER']);
    expect((await orders().get(`orders/${sell.orderId}`, ann.token)).status).to.equal(404);
    expect((await trades().get(`executions?orderId=${sell.orderId}`, ann.token)).body.items).to.deep.equal([]);
  });

  it('when a MARKET buy meets a resting sell far above the quote, then market price protection keeps it off that sell: it fills at the exchange within what its lock covers', async () => {
    const bea = await funded('50000.0000');
    await until(bea, (await place(bea, { side: 'BUY', type: 'MARKET', quantity: 5 })).orderId);
    const far = await place(bea, { side: 'SELL', type: 'LIMIT', quantity: 5, limitPrice: '1700.00', validity: 'GTC' });
    await until(bea, far.orderId, ['OPEN']);
    const ann = await funded('50000.0000');
    const placed = await place(ann, { side: 'BUY', type: 'MARKET', quantity: 10 });
    expect(placed.protectionPrice).to.equal('1530.0000');
    const buy = await until(ann, placed.orderId);
    expect(buy).to.include({ status: 'FILLED', filledQuantity: 10 });
    expect(buy.fills.every((f: { price: string }) => Number(f.price) <= 1530)).to.equal(true);
    expect(await books().wallet(ann)).to.deep.equal({ available: (50000 - sumFills(buy)).toFixed(4), locked: '0.0000' });
    expect(await orderOf(bea, far.orderId)).to.include({ status: 'OPEN', filledQuantity: 0 });
    expect((await orders().call('DELETE', `orders/${far.orderId}`, { token: bea.token })).status).to.equal(202);
    expect((await until(bea, far.orderId)).status).to.equal('CANCELLED');
  });

  it('when Ann modifies an open LIMIT buy, then the lock follows it; a change her balance cannot cover is 422 with nothing changed; a price that reaches the market fills it', async () => {
    const ann = await funded('10000.0000');
    const id = (await place(ann, { side: 'BUY', type: 'LIMIT', quantity: 2, limitPrice: '1400.00', validity: 'GTC' })).orderId as string;
    await until(ann, id, ['OPEN']);
    const first = (await books().wallet(ann)).locked;
    const grown = await orders().patch(`orders/${id}`, { quantity: 4 }, ann.token);
    expect(grown.status, JSON.stringify(grown.body)).to.equal(200);
    expect(grown.body).to.include({ quantity: 4, modifications: 1, status: 'OPEN' });
    const locked = (await books().wallet(ann)).locked;
    expect(Number(locked)).to.be.greaterThan(Number(first) * 1.9);
    expect(locked).to.equal(grown.body.lockedAmount);

    const tooMuch = await orders().patch(`orders/${id}`, { quantity: 10 }, ann.token);
    expect(tooMuch.status, JSON.stringify(tooMuch.body)).to.equal(422);
    expect(tooMuch.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['quantity']);
    expect(await orderOf(ann, id)).to.include({ quantity: 4, modifications: 1, limitPrice: '1400.0000' });
    expect((await books().wallet(ann)).locked).to.equal(locked);
    expect((await orders().patch(`orders/${id}`, {}, ann.token)).status).to.equal(400);

    const repriced = await orders().patch(`orders/${id}`, { limitPrice: '1500.10' }, ann.token);
    expect(repriced.status, JSON.stringify(repriced.body)).to.equal(200);
    expect(await until(ann, id)).to.include({ status: 'FILLED', filledQuantity: 4, modifications: 2 });
    expect((await books().wallet(ann)).locked).to.equal('0.0000');
    expect((await orders().patch(`orders/${id}`, { quantity: 5 }, ann.token)).status).to.equal(409);
    await eventually('a holding of 4', async () => ((await holding(ann))?.quantity === 4 ? true : undefined));
  });

  it('when Ann sets a stop-loss under the market, then it waits OPEN for its trigger, and sells at the bid once the last price falls to it', async () => {
    const ann = await funded('50000.0000');
    await until(ann, (await place(ann, { side: 'BUY', type: 'MARKET', quantity: 5 })).orderId);
    const stop = await place(ann, { side: 'SELL', type: 'STOP_LOSS', quantity: 5, triggerPrice: '1450.00', validity: 'GTC' });
    const waiting = await until(ann, stop.orderId, ['OPEN']);
    expect(waiting.history.at(-1).note).to.match(/trigger/);
    await price('1460.00');
    expect((await orderOf(ann, stop.orderId)).status).to.equal('OPEN');
    await price('1449.00');
    const sold = await until(ann, stop.orderId);
    expect(sold).to.include({ status: 'FILLED', filledQuantity: 5, averagePrice: '1448.9000' });
    await eventually('no shares left', async () => ((await holding(ann))?.quantity === 0 ? true : undefined));
  });

  it('when ten identical orders with one clientOrderId arrive at once, then there is one order and one lock', async () => {
    const ann = await funded('50000.0000');
    const body = { symbol: 'INFY', side: 'BUY', type: 'LIMIT', quantity: 1, limitPrice: '1400.00', validity: 'GTC', clientOrderId: `ten-${randomUUID()}` };
    const replies = await Promise.all(Array.from({ length: 10 }, () => orders().post('orders', body, ann.token)));
    expect(replies.map((r) => r.status).sort()).to.deep.equal([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(replies.map((r) => r.body.orderId)).size).to.equal(1);
    const id = replies[0]!.body.orderId as string;
    await until(ann, id, ['OPEN']);
    // One lock: the wallet holds exactly the order's amount aside.
    expect((await books().wallet(ann)).locked).to.equal((await orderOf(ann, id)).lockedAmount);
    expect((await orders().call('DELETE', `orders/${id}`, { token: ann.token })).status).to.equal(202);
    await until(ann, id);
    // The same id for another order is refused, naming it.
    const other = await orders().post('orders', { ...body, quantity: 2 }, ann.token);
    expect(other.status).to.equal(422);
    expect(other.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['clientOrderId']);
  });

  it('when an order breaks a rule (off the tick, not a lot, a LIMIT without a price, an unknown symbol), then 400/422 naming the field, and nothing is stored', async () => {
    const ann = await funded('1000.0000');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ side: 'BUY', type: 'LIMIT', quantity: 1, limitPrice: '1400.05' }, 422, 'limitPrice'],
      [{ side: 'BUY', type: 'LIMIT', quantity: 1 }, 422, 'limitPrice'],
      [{ side: 'BUY', type: 'STOP_LOSS', quantity: 1 }, 422, 'triggerPrice'],
      [{ side: 'BUY', type: 'MARKET', quantity: 1, symbol: 'NOPE' }, 422, 'symbol'],
      [{ side: 'BUY', type: 'MARKET', quantity: 0 }, 400, 'quantity'],
      [{ side: 'HOLD', type: 'MARKET', quantity: 1 }, 400, 'side'],
      [{ side: 'BUY', type: 'MARKET', quantity: 1, validity: 'GTC' }, 422, 'validity'],
      [{ side: 'BUY', type: 'MARKET', quantity: 1, limitPrice: 1400 }, 400, 'limitPrice'],
    ];
    for (const [order, status, field] of cases) {
      const reply = await orders().post('orders', { symbol: 'INFY', validity: 'DAY', clientOrderId: randomUUID(), ...order }, ann.token);
      expect(reply.status, `${JSON.stringify(order)} → ${JSON.stringify(reply.body)}`).to.equal(status);
      expect(reply.headers.get('content-type')).to.match(/problem\+json/);
      expect(reply.body.errors.map((e: { field: string }) => e.field), JSON.stringify(order)).to.include(field);
    }
    expect((await orders().get('orders', ann.token)).body.items).to.deep.equal([]);
    expect(await books().wallet(ann)).to.deep.equal({ available: '1000.0000', locked: '0.0000' });
  });

  // Last: it moves the market's clock days ahead and onto the exchange's calendar.
  it('when a DAY order is still open at the session\'s close, then it EXPIRES on the market\'s clock with its lock released in full', async () => {
    const market = new InvokeClient(world.app('market').dapr, 'market-service');
    const clock = (now: string, alwaysOpen: boolean) => market.call('POST', 'internal/market/clock', { body: { now, alwaysOpen }, headers: { 'idempotency-key': randomUUID() } });
    // 15:29:40 IST on the next trading day the calendar knows: the session closes 20 s later.
    let status: { open: boolean; sessionCloses?: string } = { open: false };
    for (let day = 1; day <= 10 && !status.open; day += 1) {
      const date = new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10);
      expect((await clock(`${date}T09:59:40.000Z`, false)).status).to.equal(200);
      status = (await market.get('market/status')).body;
    }
    try {
      expect(status.sessionCloses).to.match(/T10:00:00\.000Z$/);
      const ann = await funded('50000.0000');
      const order = await place(ann, { side: 'BUY', type: 'LIMIT', quantity: 5, limitPrice: '1400.00', validity: 'DAY' });
      const open = await until(ann, order.orderId, ['OPEN']);
      expect(Date.parse(open.expiresAt) - Date.now()).to.be.within(0, 21_000);
      const expired = await world.until(ann, order.orderId, TERMINAL, 60_000);
      expect(expired).to.include({ status: 'EXPIRED', filledQuantity: 0 });
      expect(await books().wallet(ann)).to.deep.equal({ available: '50000.0000', locked: '0.0000' });
      expect((await trades().get('orderbook/INFY', ann.token)).body.bids.map((b: { price: string }) => Number(b.price))).to.not.include(1400);
    } finally {
      expect((await clock(new Date(Date.now() + 11 * 86_400_000).toISOString(), true)).status).to.equal(200);
    }
  });
});
