// What the console's tests share: the apps of a small platform (real sidecars, databases and
// broker), the console in front of them, and a client that keeps cookies like a browser.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually, InvokeClient, throughGateway, type TestApp, type TestPlatform } from '@winvestco/platform/testing';

export interface ConsoleWorld {
  platform: TestPlatform;
  user: TestApp;
  funds: TestApp;
  ledger: TestApp;
  payment: TestApp;
  gateway: TestApp;
  console: TestApp;
  url: string;
}

export const WATCHED = ['gateway', 'user-service', 'funds-service', 'ledger-service', 'payment-service', 'console'];

/** Starts the apps the console watches, then the console (the user service first: the others catch up with its sessions). */
export async function startWorld(platform: TestPlatform): Promise<ConsoleWorld> {
  const user = await platform.launch('user-service');
  const [funds, ledger, gateway] = await Promise.all([platform.launch('funds-service'), platform.launch('ledger-service'), platform.launch('gateway')]);
  const payment = await platform.launch('payment-service', {
    env: { PAYMENT_SIMULATOR_DELAY_MS: '200', PAYMENT_DEPOSIT_TIMEOUT_SECONDS: '600', GATEWAY_URL: `http://127.0.0.1:${gateway.app.appPort}` },
  });
  const console = await platform.launch('console', { env: { CONSOLE_APPS: WATCHED.join(','), CONSOLE_REFRESH_MS: '1000' } });
  return { platform, user, funds, ledger, payment, gateway, console, url: `http://127.0.0.1:${console.app.appPort}` };
}

export async function stopWorld(world: ConsoleWorld | undefined): Promise<void> {
  if (!world) return;
  for (const app of [world.console, world.payment, world.gateway, world.ledger, world.funds, world.user]) if (app) await world.platform.stopApp(app);
}

/** An HTTP client with a cookie jar, not following redirects (a test reads where they go). */
export class CookieClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  async request(method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; text: string; location: string | null }> {
    const response = await fetch(this.base + path, {
      method, redirect: 'manual',
      headers: {
        ...headers,
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (value.join('=') === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
    return { status: response.status, text: await response.text(), location: response.headers.get('location') };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, form: Record<string, string> = {}) {
    return this.request('POST', path, form);
  }

  get cookieNames(): string[] {
    return [...this.cookies.keys()];
  }
}

export interface Customer {
  id: string;
  email: string;
  token: string;
}

/** A registered customer, logged in through the gateway, whose wallet is open. */
export async function customer(world: ConsoleWorld): Promise<Customer> {
  const users = throughGateway(world.gateway.app.appPort, 'user-service');
  const email = `c-${randomUUID()}@example.com`;
  const registered = await users.post('auth/register', { email, password: 'blue-k1te-sky', firstName: 'C', lastName: 'Ustomer' });
  expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
  const token = (await users.post('auth/login', { email, password: 'blue-k1te-sky' })).body.accessToken as string;
  const c = { id: registered.body.id as string, email, token };
  const funds = new InvokeClient(world.funds.dapr, 'funds-service');
  await eventually('the wallet to be opened', async () => ((await funds.get('wallets/me', c.token)).status === 200 ? true : undefined));
  return c;
}

/** A deposit through the gateway, as a client makes it; its payment id. */
export async function deposit(world: ConsoleWorld, c: Customer, amount: string): Promise<string> {
  const reply = await throughGateway(world.gateway.app.appPort, 'payment-service').post('payments/deposits', { amount, method: 'UPI' }, c.token);
  expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
  return reply.body.paymentId as string;
}

/**
 * A message the ledger can never apply: funds.deposited with a negative amount, published on
 * the funds topic by the funds service's own sidecar (only it may publish there). The ledger
 * keeps it as a dead letter with the reason. Its wallet id is returned (the subject).
 */
export async function poison(world: ConsoleWorld): Promise<{ userId: string; eventId: string }> {
  const userId = randomUUID();
  const eventId = randomUUID();
  await world.funds.dapr.publishCloudEvent('pubsub', `${world.platform.topicPrefix}funds`, {
    specversion: '1.0', id: eventId, source: 'funds-service', type: 'funds.deposited', subject: userId, time: new Date().toISOString(), datacontenttype: 'application/json',
    data: { walletId: randomUUID(), userId, currency: 'INR', transactionId: randomUUID(), amount: '-5.0000', reference: `poison-${eventId}` },
  });
  return { userId, eventId };
}

/** The cause fixed: the kept message's amount corrected in the ledger's own dead-letter table (what a fix of the producer would have sent). */
export async function fixPoison(world: ConsoleWorld, eventId: string): Promise<void> {
  await world.platform.adminDb('ledger').none("UPDATE dead_letters SET event = jsonb_set(event, '{data,amount}', '\"5.0000\"') WHERE event_id = $1", [eventId]);
}
