// The invariants themselves, pure: each takes what the services answered and says what does
// not hold, with the figures on both sides. No I/O here (checker.ts asks, these judge), so
// every rule has a fast test (platform/test/unit/invariants.test.ts).
import { money } from '@winvestco/common';
import type {
  CheckId, CheckResult, DeadLetterRow, FilledRow, HoldingRow, LedgerSide, LockRow, OrderRow, ReportTotals, ReservationRow, SagaRow, TrialBalance, Violation, WalletRow,
} from './types.ts';

export const TITLES: Readonly<Record<CheckId, string>> = {
  'trial-balance': 'Trial balance is zero per currency',
  'wallet-ledger': 'Wallet = ledger, per user',
  'holdings-fills': 'Holdings = Σ fills, per user and symbol',
  'orders-validity': 'Every order past its validity has ended',
  'holds-ended-orders': 'No lock or reservation held for an ended order',
  'report-totals': 'Report totals = ledger',
  'stuck-sagas': 'No STUCK saga older than its timeout',
  'dead-letters': 'Dead-letter topics are empty',
};

/** The order statuses that never change again (docs/domain.md, "Orders"). */
export const ENDED_ORDER_STATUSES: ReadonlySet<string> = new Set(['FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'FAILED']);

export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function violation(check: CheckId, subject: string, detail: string): Violation {
  return { check, subject, detail };
}

function result(id: CheckId, checked: string, violations: Violation[], note?: string): CheckResult {
  return { id, title: TITLES[id], outcome: violations.length > 0 ? 'FAIL' : 'PASS', checked, violations, ...(note ? { note } : {}) };
}

export function skipped(id: CheckId, why: string): CheckResult {
  return { id, title: TITLES[id], outcome: 'SKIPPED', checked: '-', violations: [], note: why };
}

export function errored(id: CheckId, why: string): CheckResult {
  return { id, title: TITLES[id], outcome: 'ERROR', checked: '-', violations: [], note: why };
}

/** Σ debits = Σ credits in every currency of the journal. */
export function checkTrialBalance(trial: TrialBalance): CheckResult {
  const violations = trial.currencies
    .filter((c) => !money(c.debits).eq(c.credits) || !money(c.difference).isZero())
    .map((c) => violation('trial-balance', c.currency, `debits ${c.debits} but credits ${c.credits}: off by ${c.difference}`));
  if (!trial.balanced && violations.length === 0) violations.push(violation('trial-balance', '(journal)', 'the ledger says its trial balance is not balanced'));
  return result('trial-balance', count(trial.currencies.length, 'currency', 'currencies'), violations, trial.currencies.length === 0 ? 'the journal has no entries yet' : undefined);
}

/** Each wallet's available and locked equal its user's cash and cash-locked accounts in the ledger. */
export function checkWalletsAgainstLedger(wallets: readonly WalletRow[], ledgers: readonly LedgerSide[]): CheckResult {
  const ledgerOf = new Map(ledgers.map((l) => [`${l.userId.toLowerCase()}|${l.currency}`, l]));
  const violations: Violation[] = [];
  for (const w of wallets) {
    const side = ledgerOf.get(`${w.userId.toLowerCase()}|${w.currency}`);
    if (!side) {
      violations.push(violation('wallet-ledger', `user ${w.userId}`, `the ledger gave no ${w.currency} balances for this wallet`));
      continue;
    }
    const available = money(w.available).minus(side.ledger.available);
    const locked = money(w.locked).minus(side.ledger.locked);
    if (!available.isZero() || !locked.isZero()) {
      violations.push(violation('wallet-ledger', `user ${w.userId}`,
        `wallet available ${w.available}, locked ${w.locked}; ledger cash ${side.ledger.available}, cash-locked ${side.ledger.locked} (${w.currency})`));
    }
  }
  return result('wallet-ledger', count(wallets.length, 'wallet'), violations);
}

/** A user's holding of a symbol is exactly the shares their fills bought less those they sold. */
export function checkHoldingsAgainstFills(holdings: readonly HoldingRow[], filled: readonly FilledRow[]): CheckResult {
  const key = (r: { userId: string; symbol: string }) => `${r.userId.toLowerCase()} ${r.symbol}`;
  const held = new Map(holdings.map((h) => [key(h), h]));
  const fills = new Map(filled.map((f) => [key(f), f]));
  const violations: Violation[] = [];
  for (const k of [...new Set([...held.keys(), ...fills.keys()])].sort()) {
    const h = held.get(k);
    const f = fills.get(k);
    const net = f ? f.bought - f.sold : 0;
    const quantity = h?.quantity ?? 0;
    if (quantity === net) continue;
    const [userId, symbol] = k.split(' ') as [string, string];
    const fromFills = f ? `its fills add up to ${net} (bought ${f.bought}, sold ${f.sold}, in ${count(f.fills, 'fill')})` : 'it has no fills';
    violations.push(violation('holdings-fills', `user ${userId} ${symbol}`, `${h ? `holds ${quantity}` : 'no holding'}, but ${fromFills}`));
  }
  return result('holdings-fills', count(new Set([...held.keys(), ...fills.keys()]).size, 'holding'), violations);
}

/**
 * Whether an order should have ended by `before`: a DAY order once its session closed
 * (expiresAt), an IOC order as soon as it was placed (it has one matching attempt). GTC
 * orders never lapse.
 */
export function isPastValidity(order: Pick<OrderRow, 'validity' | 'status' | 'expiresAt' | 'createdAt'>, before: Date): boolean {
  if (ENDED_ORDER_STATUSES.has(order.status)) return false;
  if (order.validity === 'IOC') return new Date(order.createdAt) < before;
  return order.expiresAt !== null && new Date(order.expiresAt) < before;
}

/** No order is still open after its validity ended (`before` is now less the grace a saga needs to end it). */
export function checkOrdersPastValidity(orders: readonly OrderRow[], before: Date): CheckResult {
  const late = orders.filter((o) => isPastValidity(o, before));
  const violations = late.map((o) => violation('orders-validity', `order ${o.orderId}`,
    `${o.validity} ${o.side} ${o.type} ${o.symbol} of user ${o.userId} is still ${o.status}; its validity ended ${o.validity === 'IOC' ? `when placed at ${o.createdAt}` : `at ${o.expiresAt}`}`));
  return result('orders-validity', `${count(late.length, 'order')} past validity`, violations, `validity ended before ${before.toISOString()}`);
}

/** Nothing stays set aside for an order that has ended: no LOCKED fund lock, no ACTIVE share reservation. */
export function checkHoldsOfEndedOrders(locks: readonly LockRow[], reservations: readonly ReservationRow[], orders: readonly OrderRow[]): CheckResult {
  const orderOf = new Map(orders.map((o) => [o.orderId.toLowerCase(), o]));
  const violations: Violation[] = [];
  const judge = (orderId: string, subject: string, what: string) => {
    const order = orderOf.get(orderId.toLowerCase());
    if (!order) violations.push(violation('holds-ended-orders', subject, `${what} for order ${orderId}, which the order service does not know`));
    else if (ENDED_ORDER_STATUSES.has(order.status)) violations.push(violation('holds-ended-orders', subject, `${what} for order ${orderId}, which is ${order.status} (since ${order.updatedAt})`));
  };
  for (const lock of locks) {
    if (lock.status === 'LOCKED' && lock.orderId) judge(lock.orderId, `lock ${lock.lockId}`, `user ${lock.userId}'s lock still holds ${lock.held}`);
  }
  for (const r of reservations) {
    if (r.status === 'ACTIVE' && r.openQuantity > 0) judge(r.orderId, `reservation of order ${r.orderId}`, `user ${r.userId}'s reservation still sets aside ${r.openQuantity} ${r.symbol}`);
  }
  return result('holds-ended-orders', `${count(locks.length, 'open lock')}, ${count(reservations.length, 'open reservation')}`, violations);
}

/** The report service's ledger projection adds up to the ledger's own debits and credits, per currency. */
export function checkReportTotals(totals: readonly ReportTotals[], trial: TrialBalance): CheckResult {
  const violations: Violation[] = [];
  for (const c of trial.currencies) {
    const t = totals.find((r) => r.currency === c.currency);
    if (!t) {
      violations.push(violation('report-totals', c.currency, `the report service gave no totals; the ledger has debits ${c.debits}, credits ${c.credits}`));
    } else if (!money(t.debits).eq(c.debits) || !money(t.credits).eq(c.credits)) {
      violations.push(violation('report-totals', c.currency,
        `reports add up to debits ${t.debits}, credits ${t.credits} (${count(t.entries, 'entry', 'entries')}, last event ${t.lastEventAt ?? 'none'}); the ledger has debits ${c.debits}, credits ${c.credits}`));
    }
  }
  for (const t of totals) {
    if (!trial.currencies.some((c) => c.currency === t.currency) && !(money(t.debits).isZero() && money(t.credits).isZero())) {
      violations.push(violation('report-totals', t.currency, `reports add up to debits ${t.debits}, credits ${t.credits}; the ledger has no ${t.currency} entries`));
    }
  }
  return result('report-totals', count(trial.currencies.length, 'currency', 'currencies'), violations);
}

function age(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

/** A saga may be STUCK for an operator for `timeoutMs`; longer, and nobody is acting on it. */
export function checkStuckSagas(byApp: readonly { appId: string; sagas: readonly SagaRow[] }[], now: Date, timeoutMs: number): CheckResult {
  const violations: Violation[] = [];
  let stuck = 0;
  for (const { appId, sagas } of byApp) {
    for (const s of sagas) {
      if (s.status !== 'STUCK') continue;
      stuck += 1;
      const since = s.stuck ? new Date(s.stuck.since) : now;
      if (now.getTime() - since.getTime() < timeoutMs) continue;
      violations.push(violation('stuck-sagas', `${appId} ${s.instanceId}`,
        `${s.workflow} STUCK for ${age(now.getTime() - since.getTime())}${s.stuck?.step ? ` at ${s.stuck.step}` : ''}: ${s.stuck?.reason ?? 'no reason recorded'}; decide with POST /admin/sagas/${s.instanceId}/resolution (${s.stuck?.decisions.join(', ') || 'no decisions offered'})`));
    }
  }
  const younger = stuck - violations.length;
  return result('stuck-sagas', count(byApp.length, 'service'), violations,
    younger > 0 ? `${count(younger, 'STUCK saga')} younger than the timeout (${age(timeoutMs)})` : undefined);
}

/** Every message a service could not apply is still waiting in its dead letters: there must be none. */
export function checkDeadLetters(byApp: readonly { appId: string; letters: readonly DeadLetterRow[] }[]): CheckResult {
  const violations = byApp.flatMap(({ appId, letters }) => letters.map((d) => violation('dead-letters', `${appId} ${d.topic}`,
    `${d.type} ${d.eventId}${d.subject ? ` (subject ${d.subject})` : ''} dead-lettered at ${d.receivedAt}: ${d.reason}; replay with POST /admin/dead-letters/${d.id}/replay`)));
  return result('dead-letters', count(byApp.length, 'service'), violations);
}
