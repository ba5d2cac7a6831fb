// Faults an operator would inject into trading, with real processes killed: no money or
// share is lost, none moves twice, and every order completes.
import { expect } from 'chai';
import { eventually, testPlatform, type TestPlatform } from '@winvestco/platform/testing';
import type { Customer } from '../../../payment/test/integration/payments-world.ts';
import { TradingWorld } from './trading-world.ts';

describe('trading under faults (processes killed for real; the books checked after each)', function () {
  let platform: TestPlatform;
  let world: TradingWorld;
  let customers: Customer[] = [];
  const place = async (c: Customer, order: Record<string, unknown>) => (await world.place(c, { validity: 'GTC', ...order })).orderId as string;
  const until = (c: Customer, id: string, statuses: string[], timeoutMs = 120_000) => world.until(c, id, statuses, timeoutMs);
  const held = async (c: Customer) => ((await world.holding(c))?.quantity as number | undefined) ?? 0;

  before(async () => {
    platform = await testPlatform('order-faults');
    world = new TradingWorld(platform);
    await world.launch(['order', 'trade']);
  });

  after(async () => {
    await world?.stop();
  });

  beforeEach(async () => {
    customers = [];
    await world.price('1500.00');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'passed') await world.books.checkBooks(customers, 60_000);
  });

  it('when order-service and its sidecar are SIGKILLed with orders between lock and settle, then every order completes once they are back, money and shares neither lost nor doubled', async () => {
    const buyers = await Promise.all([1, 2, 3, 4].map(() => world.books.funded('20000.0000')));
    customers.push(...buyers);
    // Two resting orders each (locked, waiting), and a MARKET order each in flight as the kill lands.
    const resting = await Promise.all(buyers.map((c) => place(c, { side: 'BUY', type: 'LIMIT', quantity: 2, limitPrice: '1450.00' })));
    await Promise.all(buyers.map((c, i) => until(c, resting[i]!, ['OPEN'], 30_000)));
    const market = await Promise.all(buyers.map((c) => place(c, { side: 'BUY', type: 'MARKET', quantity: 3, validity: 'DAY' })));
    world.app('order').process.child.kill('SIGKILL');
    world.app('order').sidecar.child.kill('SIGKILL');
    // The market comes down to the resting orders while the order service is away.
    await world.price('1449.00');
    await eventually('the order service to be back', async () => ((await world.app('order').dapr.outboundHealthy()) ? true : undefined), 60_000);
    for (const [i, c] of buyers.entries()) {
      expect((await until(c, market[i]!, ['FILLED', 'CANCELLED', 'REJECTED', 'FAILED'])).status).to.equal('FILLED');
      expect((await until(c, resting[i]!, ['FILLED', 'CANCELLED', 'REJECTED', 'FAILED'])).status).to.equal('FILLED');
      await eventually('5 shares held', async () => ((await held(c)) === 5 ? true : undefined), 30_000);
      expect((await world.books.wallet(c)).locked).to.equal('0.0000');
    }
  });

  it('when trade-service is SIGKILLed with resting orders in its books, then it rebuilds them from its database: nothing resting is lost, and they fill once', async () => {
    const seller = await world.books.funded('20000.0000');
    const buyer = await world.books.funded('20000.0000');
    customers.push(seller, buyer);
    const bought = await place(seller, { side: 'BUY', type: 'MARKET', quantity: 4, validity: 'DAY' });
    await until(seller, bought, ['FILLED'], 30_000);
    await eventually('4 shares held', async () => ((await held(seller)) === 4 ? true : undefined), 30_000);
    const sell = await place(seller, { side: 'SELL', type: 'LIMIT', quantity: 4, limitPrice: '1500.10' });
    const bid = await place(buyer, { side: 'BUY', type: 'LIMIT', quantity: 2, limitPrice: '1499.90' });
    await until(seller, sell, ['OPEN'], 30_000);
    await until(buyer, bid, ['OPEN'], 30_000);

    world.app('trade').process.child.kill('SIGKILL');
    await eventually('the trade service to be back', async () => ((await world.through('trade-service').get('orderbook/INFY')).status === 200 ? true : undefined), 60_000);
    const depth = (await world.through('trade-service').get('orderbook/INFY')).body;
    expect(depth.asks).to.deep.include({ price: '1500.1000', quantity: 4, orders: 1 });
    expect(depth.bids).to.deep.include({ price: '1499.9000', quantity: 2, orders: 1 });

    // The buyer takes two of the rebuilt offer from the book; the market then lifts the rest.
    const take = await place(buyer, { side: 'BUY', type: 'MARKET', quantity: 2, validity: 'DAY' });
    expect((await until(buyer, take, ['FILLED'])).fills.map((f: { liquidity: string }) => f.liquidity)).to.deep.equal(['TAKER']);
    await world.price('1500.20');
    expect((await until(seller, sell, ['FILLED'])).filledQuantity).to.equal(4);
    expect((await world.orders().call('DELETE', `orders/${bid}`, { token: buyer.token })).status).to.equal(202);
    expect((await until(buyer, bid, ['CANCELLED'])).filledQuantity).to.equal(0);
    await eventually('the seller to hold none, the buyer two', async () => ((await held(seller)) === 0 && (await held(buyer)) === 2 ? true : undefined), 30_000);
  });
});
