// Faults an operator would inject into trading, with real processes killed: no money or
// share is lost, none moves twice, and every order completes.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually, InvokeClient, testPlatform, throughGateway, type TestApp, type TestPlatform } from '@winvestco/platform/testing';
import { Books, paymentEnv, type Customer } from '../../../payment/test/integration/payments-world.ts';

describe('trading under faults (processes killed for real; the books checked after each)', function () {
  let platform: TestPlatform;
  const apps: Record<string, TestApp> = {};
  let customers: Customer[] = [];
  const books = new Books(() => ({ platform, user: apps.user!, funds: apps.funds!, ledger: apps.ledger!, gateway: apps.gateway!, payment: apps.payment! }));
  const orders = () => throughGateway(apps.gateway!.app.appPort, 'order-service');
  const portfolio = () => throughGateway(apps.gateway!.app.appPort, 'portfolio-service');
  const price = async (last: string) => {
    const reply = await new InvokeClient(apps.market!.dapr, 'market-service').call('POST', 'internal/market/prices/INFY', { body: { price: last }, headers: { 'idempotency-key': randomUUID() } });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
  };
  const place = async (c: Customer, order: Record<string, unknown>) => {
    const reply = await orders().post('orders', { symbol: 'INFY', validity: 'GTC', clientOrderId: randomUUID(), ...order }, c.token);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    return reply.body.orderId as string;
  };
  const until = (c: Customer, id: string, statuses: string[], timeoutMs = 120_000) =>
    eventually(`order ${id} to reach ${statuses.join(' or ')}`, async () => {
      const reply = await orders().get(`orders/${id}`, c.token);
      return reply.status === 200 && statuses.includes(reply.body.status) ? reply.body : undefined;
    }, timeoutMs);
  const held = async (c: Customer) => ((await portfolio().get('portfolio/holdings/INFY', c.token)).body?.quantity as number | undefined) ?? 0;

  before(async () => {
    platform = await testPlatform('order-faults');
    const [user, funds, gateway, ledger, market, folio] = await Promise.all([
      platform.launch('user-service'), platform.launch('funds-service'), platform.launch('gateway'), platform.launch('ledger-service'),
      platform.launch('market-service', { env: { MARKET_TEST_CONTROLS: 'true', MARKET_TICK_MS: '3600000' } }), platform.launch('portfolio-service'),
    ]);
    Object.assign(apps, { user, funds, gateway, ledger, market, portfolio: folio });
    const [payment, trade] = await Promise.all([
      platform.launch('payment-service', { env: paymentEnv(gateway, { delayMs: 100 }) }), platform.launch('trade-service', { restart: true }),
    ]);
    Object.assign(apps, { payment, trade, order: await platform.launch('order-service', { restart: true }) });
  });

  after(async () => {
    for (const name of ['order', 'trade', 'payment', 'portfolio', 'market', 'ledger', 'gateway', 'funds', 'user']) if (apps[name]) await platform.stopApp(apps[name]);
  });

  beforeEach(async () => {
    customers = [];
    await price('1500.00');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'passed') await books.checkBooks(customers, 60_000);
  });

  it('when order-service and its sidecar are SIGKILLed with orders between lock and settle, then every order completes once they are back, money and shares neither lost nor doubled', async () => {
    const buyers = await Promise.all([1, 2, 3, 4].map(() => books.funded('20000.0000')));
    customers.push(...buyers);
    // Two resting orders each (locked, waiting), and a MARKET order each in flight as the kill lands.
    const resting = await Promise.all(buyers.map((c) => place(c, { side: 'BUY', type: 'LIMIT', quantity: 2, limitPrice: '1450.00' })));
    await Promise.all(buyers.map((c, i) => until(c, resting[i]!, ['OPEN'], 30_000)));
    const market = await Promise.all(buyers.map((c) => place(c, { side: 'BUY', type: 'MARKET', quantity: 3, validity: 'DAY' })));
    apps.order!.process.child.kill('SIGKILL');
    apps.order!.sidecar.child.kill('SIGKILL');
    // The market comes down to the resting orders while the order service is away.
    await price('1449.00');
    await eventually('the order service to be back', async () => ((await apps.order!.dapr.outboundHealthy()) ? true : undefined), 60_000);
    for (const [i, c] of buyers.entries()) {
      expect((await until(c, market[i]!, ['FILLED', 'CANCELLED', 'REJECTED', 'FAILED'])).status).to.equal('FILLED');
      expect((await until(c, resting[i]!, ['FILLED', 'CANCELLED', 'REJECTED', 'FAILED'])).status).to.equal('FILLED');
      await eventually('5 shares held', async () => ((await held(c)) === 5 ? true : undefined), 30_000);
      expect((await books.wallet(c)).locked).to.equal('0.0000');
    }
  });

  it('when trade-service is SIGKILLed with resting orders in its books, then it rebuilds them from its database: nothing resting is lost, and they fill once', async () => {
    const seller = await books.funded('20000.0000');
    const buyer = await books.funded('20000.0000');
    customers.push(seller, buyer);
    const bought = await place(seller, { side: 'BUY', type: 'MARKET', quantity: 4, validity: 'DAY' });
    await until(seller, bought, ['FILLED'], 30_000);
    await eventually('4 shares held', async () => ((await held(seller)) === 4 ? true : undefined), 30_000);
    const sell = await place(seller, { side: 'SELL', type: 'LIMIT', quantity: 4, limitPrice: '1500.10' });
    const bid = await place(buyer, { side: 'BUY', type: 'LIMIT', quantity: 2, limitPrice: '1499.90' });
    await until(seller, sell, ['OPEN'], 30_000);
    await until(buyer, bid, ['OPEN'], 30_000);

    apps.trade!.process.child.kill('SIGKILL');
    await eventually('the trade service to be back', async () => ((await throughGateway(apps.gateway!.app.appPort, 'trade-service').get('orderbook/INFY')).status === 200 ? true : undefined), 60_000);
    const depth = (await throughGateway(apps.gateway!.app.appPort, 'trade-service').get('orderbook/INFY')).body;
    expect(depth.asks).to.deep.include({ price: '1500.1000', quantity: 4, orders: 1 });
    expect(depth.bids).to.deep.include({ price: '1499.9000', quantity: 2, orders: 1 });

    // The buyer takes two of the rebuilt offer from the book; the market then lifts the rest.
    const take = await place(buyer, { side: 'BUY', type: 'MARKET', quantity: 2, validity: 'DAY' });
    expect((await until(buyer, take, ['FILLED'])).fills.map((f: { liquidity: string }) => f.liquidity)).to.deep.equal(['TAKER']);
    await price('1500.20');
    expect((await until(seller, sell, ['FILLED'])).filledQuantity).to.equal(4);
    expect((await orders().call('DELETE', `orders/${bid}`, { token: buyer.token })).status).to.equal(202);
    expect((await until(buyer, bid, ['CANCELLED'])).filledQuantity).to.equal(0);
    await eventually('the seller to hold none, the buyer two', async () => ((await held(seller)) === 0 && (await held(buyer)) === 2 ? true : undefined), 30_000);
  });
});
