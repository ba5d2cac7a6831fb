// Asks a running platform, only through its gateway with an admin's token, for what each
// invariant compares, and judges it (compare.ts). Events are in flight on a live platform,
// so a check that fails is asked again until it holds or `settleMs` has passed: what is
// still wrong then is a violation. Used by `npm run check:invariants`, `npm run demo`, and
// tests (the chaos tests call checkInvariants and assert on its findings).
import { SERVICE_APP_IDS } from '@winvestco/common';
import { CallFailed, GatewayClient, inBatches } from './client.ts';
import {
  checkDeadLetters, checkHoldingsAgainstFills, checkHoldsOfEndedOrders, checkOrdersPastValidity, checkReportTotals, checkStuckSagas, checkTrialBalance,
  checkWalletsAgainstLedger, errored, skipped,
} from './compare.ts';
import {
  CHECK_IDS, type CheckId, type CheckResult, type DeadLetterRow, type FilledRow, type HoldingRow, type InvariantReport, type LedgerSide, type LockRow, type OrderRow,
  type ReportTotals, type ReservationRow, type SagaRow, type TrialBalance, type WalletRow,
} from './types.ts';

export const REPORT_APP_ID = 'report-service';

export interface CheckOptions {
  /** Where the gateway listens, e.g. http://127.0.0.1:8080 */
  gatewayUrl: string;
  /** An admin's login (through the user service), or an admin's access token. */
  admin: { email: string; password: string } | { token: string };
  /** The app ids of this run: dapr/dapr.yaml's, or those a test launched. Without report-service its check is SKIPPED. */
  apps: readonly string[];
  /** Where `apps` came from, for the SKIPPED note ("dapr/dapr.yaml"). */
  appsSource?: string;
  /** How long failing checks are asked again while events settle; 0 asks once. Default 20 s. */
  settleMs?: number;
  /** Time between attempts; default 1 s. */
  retryEveryMs?: number;
  /** How long after its validity ended an order may still be ending (the saga's timer, the book's cancel). Default 60 s. */
  validityGraceMs?: number;
  /** How long a saga may wait STUCK for an operator's decision. Default 5 min. */
  stuckSagaTimeoutMs?: number;
  /** The wallets' currency compared with the ledger. Default INR. */
  currency?: string;
  /** Only these checks (default: all). */
  only?: readonly CheckId[];
  now?: () => Date;
}

type Collector = (client: GatewayClient, options: Required<Pick<CheckOptions, 'apps' | 'currency' | 'validityGraceMs' | 'stuckSagaTimeoutMs'>> & { now: () => Date; appsSource: string }) => Promise<CheckResult>;

const flatPositions = (items: { userId: string; symbols: Omit<FilledRow, 'userId'>[] }[]): FilledRow[] =>
  items.flatMap((u) => u.symbols.map((s) => ({ userId: u.userId, symbol: s.symbol, bought: s.bought, sold: s.sold, fills: s.fills })));

// Only business services own sagas and dead letters; the run file also holds the gateway,
// the console and foreign apps, which have neither route.
const serviceApps = (apps: readonly string[]) => apps.filter((a) => SERVICE_APP_IDS.includes(a));

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const COLLECTORS: Record<CheckId, Collector> = {
  'trial-balance': async (client) => checkTrialBalance(await client.get<TrialBalance>('ledger-service', 'ledger/trial-balance')),

  'wallet-ledger': async (client, { currency }) => {
    const wallets = await client.all<WalletRow>('funds-service', 'admin/wallets', { currency });
    // The ledger's balances of each user, asked now (the same route its own reconciliation serves).
    const ledgers = await inBatches(wallets, 4, (w) => client.get<LedgerSide>('ledger-service', `ledger/reconciliation/${w.userId}`));
    return checkWalletsAgainstLedger(wallets, ledgers);
  },

  'holdings-fills': async (client) => {
    const [holdings, positions] = await Promise.all([
      client.all<HoldingRow>('portfolio-service', 'admin/holdings'),
      client.all<{ userId: string; symbols: Omit<FilledRow, 'userId'>[] }>('trade-service', 'admin/positions'),
    ]);
    return checkHoldingsAgainstFills(holdings, flatPositions(positions));
  },

  'orders-validity': async (client, { now, validityGraceMs }) => {
    const before = new Date(now().getTime() - validityGraceMs);
    return checkOrdersPastValidity(await client.all<OrderRow>('order-service', 'admin/orders/past-validity', { before: before.toISOString() }), before);
  },

  'holds-ended-orders': async (client) => {
    const [locks, reservations] = await Promise.all([
      client.all<LockRow>('funds-service', 'admin/locks', { status: 'LOCKED', purpose: 'ORDER' }),
      client.all<ReservationRow>('portfolio-service', 'admin/reservations', { status: 'ACTIVE' }),
    ]);
    const ids = [...new Set([...locks.map((l) => l.orderId), ...reservations.map((r) => r.orderId)].filter((id): id is string => !!id))];
    const orders = (await inBatches(chunks(ids, 100), 2, (some) => client.all<OrderRow>('order-service', 'admin/orders', { ids: some.join(',') }))).flat();
    return checkHoldsOfEndedOrders(locks, reservations, orders);
  },

  'report-totals': async (client, { apps, appsSource }) => {
    if (!apps.includes(REPORT_APP_ID)) return skipped('report-totals', `${REPORT_APP_ID} is not part of this run (not in ${appsSource}), so there are no report totals to compare`);
    const trial = await client.get<TrialBalance>('ledger-service', 'ledger/trial-balance');
    const currencies = trial.currencies.length > 0 ? trial.currencies.map((c) => c.currency) : ['INR'];
    const totals = await Promise.all(currencies.map((currency) => client.get<ReportTotals>(REPORT_APP_ID, 'admin/reports/totals', { currency })));
    return checkReportTotals(totals, trial);
  },

  'stuck-sagas': async (client, { apps, now, stuckSagaTimeoutMs }) => {
    const byApp = await Promise.all(serviceApps(apps).map(async (appId) => ({
      appId, sagas: (await client.get<{ items: SagaRow[] }>(appId, 'admin/sagas', { status: 'STUCK', limit: '500' })).items,
    })));
    return checkStuckSagas(byApp, now(), stuckSagaTimeoutMs);
  },

  'dead-letters': async (client, { apps }) => {
    const byApp = await Promise.all(serviceApps(apps).map(async (appId) => ({
      appId, letters: (await client.get<{ items: DeadLetterRow[] }>(appId, 'admin/dead-letters', { limit: '500' })).items,
    })));
    return checkDeadLetters(byApp);
  },
};

const failing = (r: CheckResult) => r.outcome === 'FAIL' || r.outcome === 'ERROR';

/** Every invariant of a running platform: asked through the gateway, judged, asked again while it settles. */
export async function checkInvariants(options: CheckOptions): Promise<InvariantReport> {
  const started = Date.now();
  const startedAt = new Date().toISOString();
  const client = new GatewayClient({ url: options.gatewayUrl, ...('token' in options.admin ? { token: options.admin.token } : {}) });
  if ('email' in options.admin) await client.login(options.admin.email, options.admin.password);
  const settings = {
    apps: options.apps, currency: options.currency ?? 'INR', validityGraceMs: options.validityGraceMs ?? 60_000,
    stuckSagaTimeoutMs: options.stuckSagaTimeoutMs ?? 5 * 60_000, now: options.now ?? (() => new Date()), appsSource: options.appsSource ?? 'the apps given',
  };
  const settleMs = options.settleMs ?? 20_000;
  const every = options.retryEveryMs ?? 1000;
  const results = new Map<CheckId, CheckResult>();
  let pending: CheckId[] = CHECK_IDS.filter((id) => !options.only || options.only.includes(id));
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const round = await Promise.all(pending.map(async (id) => {
      try {
        return await COLLECTORS[id](client, settings);
      } catch (error) {
        return errored(id, error instanceof CallFailed ? `could not ask ${error.message}` : error instanceof Error ? error.message : String(error));
      }
    }));
    for (const r of round) results.set(r.id, r);
    pending = round.filter(failing).map((r) => r.id);
    if (pending.length === 0 || Date.now() - started + every > settleMs) break;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  const checks = CHECK_IDS.filter((id) => results.has(id)).map((id) => results.get(id)!);
  return {
    ok: !checks.some(failing), checks, violations: checks.flatMap((c) => c.violations), attempts, startedAt, tookMs: Date.now() - started,
  };
}
