// A demo customer: registered and logged in through the gateway, with a live notification
// stream open from their first notification on; and what they do, as calls the apps serve.
import { randomUUID } from 'node:crypto';
import { money } from '@winvestco/common';
import { CallFailed, type GatewayClient } from '../invariants/client.ts';
import { SseStream } from '../testing/sse.ts';

const ENDED = new Set(['FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'FAILED']);
const PAYMENT_ENDED = new Set(['SUCCEEDED', 'FAILED', 'EXPIRED', 'PAID_OUT']);

export interface Order {
  orderId: string;
  side: string;
  type: string;
  quantity: number;
  limitPrice: string | null;
  validity: string;
  status: string;
  filledQuantity: number;
  averagePrice: string | null;
  fees: string;
  lockedAmount: string | null;
  reason: string | null;
  modifications: number;
  fills?: { executionId: string; quantity: number; price: string; fees: string; liquidity: string }[];
}

export interface Quote {
  symbol: string;
  last: string;
  bid: string;
  ask: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` answers something, or gives up after `timeoutMs` with null. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) return null;
    await sleep(250);
  }
}

export class Person {
  private constructor(readonly gateway: GatewayClient, readonly name: string, readonly email: string, readonly id: string, readonly token: string, readonly stream: SseStream) {}

  static async register(gateway: GatewayClient, first: string, last: string, run: string): Promise<Person> {
    const email = `${first.toLowerCase()}.${run}@example.com`;
    const password = `demo-${randomUUID().slice(0, 8)}-Day`;
    const registered = await gateway.call<{ id: string }>('POST', 'user-service', 'auth/register', { body: { email, password, firstName: first, lastName: last }, anonymous: true });
    const { accessToken } = await gateway.call<{ accessToken: string }>('POST', 'user-service', 'auth/login', { body: { email, password }, anonymous: true });
    const stream = await SseStream.open(`${gateway.url}/v1.0/invoke/notification-service/method/notifications/stream`, { authorization: `Bearer ${accessToken}`, 'last-event-id': '0' });
    return new Person(gateway, `${first} ${last}`, email, registered.id, accessToken, stream);
  }

  get first(): string {
    return this.name.split(' ')[0]!;
  }

  call<T>(method: string, appId: string, path: string, body?: unknown): Promise<T> {
    return this.gateway.call<T>(method, appId, path, { token: this.token, ...(body !== undefined ? { body } : {}) });
  }

  async wallet(): Promise<{ available: string; locked: string }> {
    return this.call<{ available: string; locked: string }>('GET', 'funds-service', 'wallets/me');
  }

  /** A deposit or withdrawal, followed until it ends. */
  async pay(kind: 'deposits' | 'withdrawals', body: Record<string, string>): Promise<{ paymentId: string; status: string; failureReason?: string | null }> {
    const created = await this.call<{ paymentId: string }>('POST', 'payment-service', `payments/${kind}`, body);
    const done = await waitFor(async () => {
      const p = await this.call<{ paymentId: string; status: string }>('GET', 'payment-service', `payments/${created.paymentId}`);
      return PAYMENT_ENDED.has(p.status) ? p : undefined;
    });
    return done ?? { paymentId: created.paymentId, status: 'still in progress' };
  }

  /** A 503 says "try again": the same clientOrderId makes the retry the same order, never a second. */
  async place(order: Record<string, unknown>): Promise<Order> {
    const body = { symbol: 'INFY', validity: 'DAY', clientOrderId: `demo-${randomUUID()}`, ...order };
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.call<Order>('POST', 'order-service', 'orders', body);
      } catch (error) {
        if (!(error instanceof CallFailed) || error.status !== 503 || attempt >= 5) throw error;
        await sleep(1000 * attempt);
      }
    }
  }

  order(id: string): Promise<Order> {
    return this.call<Order>('GET', 'order-service', `orders/${id}`);
  }

  /** Waits until the order is in one of `statuses` (by default: ended); answers it as it then is. */
  async until(id: string, statuses?: readonly string[], timeoutMs = 30_000): Promise<Order> {
    const found = await waitFor(async () => {
      const o = await this.order(id);
      return (statuses ? statuses.includes(o.status) : ENDED.has(o.status)) ? o : undefined;
    }, timeoutMs);
    return found ?? this.order(id);
  }

  async fillCharges(orderId: string) {
    return (await this.call<{ items: { quantity: number; price: string; liquidity: string; charges: Record<string, string> }[] }>('GET', 'trade-service', `executions?orderId=${orderId}`)).items;
  }

  portfolio() {
    return this.call<{
      holdings: { symbol: string; quantity: number; averageCost: string; lastPrice: string; invested: string; currentValue: string; unrealisedPnl: string; realisedPnl: string }[];
      totals: { invested: string; currentValue: string; unrealisedPnl: string; realisedPnl: string };
    }>('GET', 'portfolio-service', 'portfolio');
  }

  /** The titles of the notifications that reached the live stream, in order. */
  heard(): { type: string; title: string }[] {
    return this.stream.json<{ type: string; title: string }>();
  }
}

/** A price about `percent` % away from `price` (negative: below), on the instrument's tick grid. */
export function awayFrom(price: string, tick: string, percent: number): string {
  const t = money(tick);
  return money(price).times(1 + percent / 100).div(t).toDecimalPlaces(0).times(t).toFixed(2);
}
