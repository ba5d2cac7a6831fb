// What the payment tests share: the apps, customers, and the books read through the
// services' own APIs (never another service's tables).
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually, InvokeClient, TEST_SECRETS, throughGateway, type TestApp, type TestPlatform } from '@winvestco/platform/testing';
import { signature } from '../../src/domain/signature.ts';

export interface Customer {
  id: string;
  token: string;
}

export interface PaymentsWorld {
  platform: TestPlatform;
  user: TestApp;
  funds: TestApp;
  ledger: TestApp;
  gateway: TestApp;
  payment: TestApp;
}

export const TERMINAL = ['SUCCEEDED', 'FAILED', 'EXPIRED', 'PAID_OUT'];

export function paymentEnv(gateway: TestApp, settings: { delayMs: number; depositTimeoutSeconds?: number; payoutTimeoutSeconds?: number }): Record<string, string> {
  return {
    PAYMENT_SIMULATOR_DELAY_MS: String(settings.delayMs),
    PAYMENT_DEPOSIT_TIMEOUT_SECONDS: String(settings.depositTimeoutSeconds ?? 4),
    PAYMENT_PAYOUT_TIMEOUT_SECONDS: String(settings.payoutTimeoutSeconds ?? 600),
    GATEWAY_URL: `http://127.0.0.1:${gateway.app.appPort}`,
  };
}

export class Books {
  constructor(private readonly world: () => PaymentsWorld) {}

  private get w() {
    return this.world();
  }

  payments(): InvokeClient {
    return new InvokeClient(this.w.payment.dapr, 'payment-service');
  }

  /** A registered, logged-in user whose wallet is open. */
  async customer(): Promise<Customer> {
    const users = new InvokeClient(this.w.user.dapr, 'user-service');
    const email = `c-${randomUUID()}@example.com`;
    const registered = await users.post('auth/register', { email, password: 'blue-k1te-sky', firstName: 'C', lastName: 'Ustomer' });
    expect(registered.status).to.equal(201);
    const token = (await users.post('auth/login', { email, password: 'blue-k1te-sky' })).body.accessToken as string;
    const c = { id: registered.body.id as string, token };
    await eventually('the wallet to be opened', async () => ((await this.walletReply(c)).status === 200 ? true : undefined));
    return c;
  }

  private walletReply(c: Customer) {
    return new InvokeClient(this.w.funds.dapr, 'funds-service').get('wallets/me', c.token);
  }

  /** The wallet as its owner reads it from the funds service. */
  async wallet(c: Customer): Promise<{ available: string; locked: string }> {
    const reply = await this.walletReply(c);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    return { available: reply.body.available, locked: reply.body.locked };
  }

  /** The wallet's movements of one kind for a payment, as its owner reads them. */
  async movements(c: Customer, paymentId: string): Promise<{ type: string; amount: string }[]> {
    const reply = await new InvokeClient(this.w.funds.dapr, 'funds-service').get('wallets/me/transactions?limit=200', c.token);
    expect(reply.status).to.equal(200);
    return (reply.body.items as { type: string; amount: string; reference: string }[]).filter((t) => t.reference === paymentId).map(({ type, amount }) => ({ type, amount }));
  }

  async payment(c: Customer, id: string) {
    const reply = await this.payments().get(`payments/${id}`, c.token);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    return reply.body;
  }

  /** Waits until the payment is in one of `statuses` (by default: any terminal one) and returns it. */
  async settled(c: Customer, id: string, statuses: string[] = TERMINAL, timeoutMs = 30_000) {
    return eventually(`payment ${id} to reach ${statuses.join(' or ')}`, async () => {
      const p = await this.payment(c, id);
      return statuses.includes(p.status as string) ? p : undefined;
    }, timeoutMs);
  }

  async deposit(c: Customer, amount: string, payerHandle?: string): Promise<string> {
    const reply = await this.payments().post('payments/deposits', { amount, method: 'UPI', ...(payerHandle ? { payerHandle } : {}) }, c.token);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    return reply.body.paymentId as string;
  }

  async withdraw(c: Customer, amount: string, payerHandle?: string): Promise<string> {
    const reply = await this.payments().post('payments/withdrawals', { amount, ...(payerHandle ? { payerHandle } : {}) }, c.token);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    return reply.body.paymentId as string;
  }

  /** A customer with `amount` credited. */
  async funded(amount: string): Promise<Customer> {
    const c = await this.customer();
    await this.settled(c, await this.deposit(c, amount), ['SUCCEEDED']);
    return c;
  }

  /** The provider's callback, as it arrives: through the gateway, signed. */
  async webhook(body: object, sign: (raw: string) => string | undefined = (raw) => signature(TEST_SECRETS.PAYMENT_WEBHOOK_SECRET, raw)) {
    const raw = JSON.stringify(body);
    const sig = sign(raw);
    return throughGateway(this.w.gateway.app.appPort, 'payment-service').call<Record<string, unknown>>('POST', 'payments/webhooks/simulator', {
      raw, headers: { 'content-type': 'application/json', ...(sig ? { 'x-signature': sig } : {}) },
    });
  }

  /** The journal balances, and for each customer the ledger's cash and cash-locked equal the wallet. */
  async checkBooks(customers: readonly Customer[], timeoutMs = 30_000): Promise<void> {
    const books = new InvokeClient(this.w.ledger.dapr, 'ledger-service');
    const admin = await this.w.platform.tokenFor(randomUUID(), ['ADMIN']);
    for (const c of customers) {
      await eventually(`the ledger of ${c.id} to match the wallet`, async () => {
        const reply = await books.get(`ledger/reconciliation/${c.id}`, admin);
        return reply.status === 200 && reply.body.matched === true ? true : undefined;
      }, timeoutMs);
    }
    const trial = await books.get('ledger/trial-balance', admin);
    expect(trial.status).to.equal(200);
    expect(trial.body.balanced).to.equal(true);
    for (const currency of trial.body.currencies) expect(currency.difference, currency.currency).to.equal('0.0000');
  }
}
