// What the trading tests share: the nine apps an order touches, a market whose price the
// test sets, customers with money, and the books read through the services' own APIs.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually, InvokeClient, throughGateway, type TestApp, type TestPlatform } from '@winvestco/platform/testing';
import { Books, paymentEnv, type Customer } from '../../../payment/test/integration/payments-world.ts';

export const TERMINAL = ['FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'FAILED'];
const ORDER = ['order', 'trade', 'payment', 'portfolio', 'market', 'ledger', 'gateway', 'funds', 'user'] as const;

export class TradingWorld {
  readonly apps: Partial<Record<(typeof ORDER)[number], TestApp>> = {};
  readonly books: Books;

  constructor(readonly platform: TestPlatform) {
    this.books = new Books(() => ({ platform, user: this.app('user'), funds: this.app('funds'), ledger: this.app('ledger'), gateway: this.app('gateway'), payment: this.app('payment') }));
  }

  app(name: (typeof ORDER)[number]): TestApp {
    const app = this.apps[name];
    if (!app) throw new Error(`${name} is not running`);
    return app;
  }

  /** Starts every app an order touches; `restart` ones come back when killed, as under npm start. */
  async launch(restart: readonly ('order' | 'trade')[] = []): Promise<void> {
    const p = this.platform;
    const [user, funds, gateway, ledger, market, portfolio] = await Promise.all([
      p.launch('user-service'), p.launch('funds-service'), p.launch('gateway'), p.launch('ledger-service'),
      p.launch('market-service', { env: { MARKET_TEST_CONTROLS: 'true', MARKET_TICK_MS: '3600000' } }), p.launch('portfolio-service'),
    ]);
    Object.assign(this.apps, { user, funds, gateway, ledger, market, portfolio });
    const [payment, trade] = await Promise.all([
      p.launch('payment-service', { env: paymentEnv(gateway, { delayMs: 100 }) }), p.launch('trade-service', { restart: restart.includes('trade') }),
    ]);
    Object.assign(this.apps, { payment, trade, order: await p.launch('order-service', { restart: restart.includes('order') }) });
  }

  async stop(): Promise<void> {
    for (const name of ORDER) if (this.apps[name]) await this.platform.stopApp(this.apps[name]);
  }

  through(appId: string): InvokeClient {
    return throughGateway(this.app('gateway').app.appPort, appId);
  }

  orders(): InvokeClient {
    return this.through('order-service');
  }

  /** Sets INFY's price (bid one tick below, ask one tick above), as the market's test control does. */
  async price(last: string): Promise<void> {
    const reply = await new InvokeClient(this.app('market').dapr, 'market-service').call('POST', 'internal/market/prices/INFY', { body: { price: last }, headers: { 'idempotency-key': randomUUID() } });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
  }

  /** Places an INFY order (DAY unless said) and answers the order as placed. */
  async place(c: Customer, order: Record<string, unknown>, expected = 201) {
    const reply = await this.orders().post('orders', { symbol: 'INFY', validity: 'DAY', clientOrderId: randomUUID(), ...order }, c.token);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(expected);
    return reply.body;
  }

  async order(c: Customer, id: string) {
    const reply = await this.orders().get(`orders/${id}`, c.token);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    return reply.body;
  }

  /** Waits until the order is in one of `statuses` (by default: any terminal one) and answers it. */
  until(c: Customer, id: string, statuses: string[] = TERMINAL, timeoutMs = 30_000) {
    return eventually(`order ${id} to reach ${statuses.join(' or ')}`, async () => {
      const reply = await this.orders().get(`orders/${id}`, c.token);
      return reply.status === 200 && statuses.includes(reply.body.status) ? reply.body : undefined;
    }, timeoutMs);
  }

  /** The customer's INFY holding, or null before they ever held any. */
  async holding(c: Customer) {
    const reply = await this.through('portfolio-service').get('portfolio/holdings/INFY', c.token);
    return reply.status === 200 ? reply.body : null;
  }
}
