// Shared by the benchmarks that trade: the services an order needs, started quiet on one test
// platform (real sidecars, PostgreSQL, Redis Streams), and customers with money in their wallets.
import { eventually, InvokeClient, testPlatform, throughGateway, type AppLaunchOptions, type TestApp, type TestPlatform } from '@winvestco/platform/testing';

export const QUIET = { LOG_LEVEL: 'error' };

export interface Trading {
  platform: TestPlatform;
  /** Every app started, by app id. */
  apps: Map<string, TestApp>;
  gatewayPort: number;
  users: InvokeClient;
  payments: InvokeClient;
  /** order-service through the gateway, as a client calls it. */
  orders: InvokeClient;
}

export interface Customer {
  token: string;
}

/**
 * Starts user, funds, ledger, market (test controls on, no ticks), portfolio, the gateway
 * (rate limit out of the way), payment (instant provider), trade and order service, plus
 * `also`; `launch` adds options for one app (a profiler's command, say).
 */
export async function startTrading(options: { also?: string[]; launch?: Record<string, AppLaunchOptions> } = {}): Promise<Trading> {
  const platform = await testPlatform();
  const apps = new Map<string, TestApp>();
  const start = async (appId: string, env: Record<string, string> = {}) => {
    const extra = options.launch?.[appId] ?? {};
    apps.set(appId, await platform.launch(appId, { ...extra, env: { ...QUIET, ...env, ...extra.env } }));
  };
  await Promise.all([
    start('user-service'), start('funds-service'), start('ledger-service'), start('portfolio-service'),
    start('gateway', { GATEWAY_RATE_PER_SECOND: '10000', GATEWAY_RATE_BURST: '10000' }),
    start('market-service', { MARKET_TEST_CONTROLS: 'true', MARKET_TICK_MS: '3600000' }),
  ]);
  const gatewayPort = apps.get('gateway')!.app.appPort;
  await Promise.all([
    start('payment-service', { PAYMENT_SIMULATOR_DELAY_MS: '0', GATEWAY_URL: `http://127.0.0.1:${gatewayPort}` }),
    start('trade-service'), ...(options.also ?? []).map((appId) => start(appId)),
  ]);
  await start('order-service');
  return {
    platform, apps, gatewayPort,
    users: new InvokeClient(apps.get('user-service')!.dapr, 'user-service'),
    payments: new InvokeClient(apps.get('payment-service')!.dapr, 'payment-service'),
    orders: throughGateway(gatewayPort, 'order-service'),
  };
}

/**
 * Registers and signs in a customer and asks for a deposit of `amount` (it lands a moment
 * later); `beforeDeposit` runs once the wallet exists, before the deposit is asked for.
 */
export async function fundedCustomer(trading: Trading, label: string, options: { amount?: string; beforeDeposit?: (token: string) => Promise<void> } = {}): Promise<Customer> {
  const amount = options.amount ?? '1000000.00';
  const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await trading.users.post('auth/register', { email, password: 'blue-k1te-sky', firstName: 'B', lastName: 'Ench' });
  const token = (await trading.users.post('auth/login', { email, password: 'blue-k1te-sky' })).body.accessToken as string;
  const wallets = throughGateway(trading.gatewayPort, 'funds-service');
  await eventually('the wallet', async () => ((await wallets.get('wallets/me', token)).status === 200 ? true : undefined), 60_000);
  await options.beforeDeposit?.(token);
  const deposit = await trading.payments.post('payments/deposits', { amount, method: 'UPI' }, token);
  if (deposit.status !== 201) throw new Error(`deposit refused: ${deposit.status} ${JSON.stringify(deposit.body)}`);
  return { token };
}

/** Stops every app of the run, the order service first (it calls the others). */
export async function stopTrading(trading: Trading): Promise<void> {
  for (const app of [...trading.apps.values()].reverse()) await trading.platform.stopApp(app);
}
