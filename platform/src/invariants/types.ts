// The invariant checker's vocabulary: what each check found, and what the services answered
// (the shapes of the routes it reads through the gateway, only the fields it uses).
import type { DeadLetterView, SagaView } from '@winvestco/common';

/** PASS: held. FAIL: a violation. ERROR: could not be asked (never a pass). SKIPPED: not part of this run, with why. */
export type Outcome = 'PASS' | 'FAIL' | 'ERROR' | 'SKIPPED';

export const CHECK_IDS = [
  'trial-balance', 'wallet-ledger', 'holdings-fills', 'orders-validity', 'holds-ended-orders', 'report-totals', 'stuck-sagas', 'dead-letters',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface Violation {
  check: CheckId;
  /** What it is about: a currency, a user, a user and symbol, an order, a lock, an app. */
  subject: string;
  /** What is wrong, with the figures on both sides. */
  detail: string;
}

export interface CheckResult {
  id: CheckId;
  title: string;
  outcome: Outcome;
  /** How many things it compared ("3 currencies", "12 users"). */
  checked: string;
  violations: Violation[];
  /** Why it was skipped or could not run; or a remark on a pass. */
  note?: string;
}

export interface InvariantReport {
  /** True when no check failed or errored (SKIPPED ones are listed, and are not a pass). */
  ok: boolean;
  checks: CheckResult[];
  /** Every violation of every check, flattened. */
  violations: Violation[];
  /** How many times the failing checks were asked (events in flight settle between attempts). */
  attempts: number;
  startedAt: string;
  tookMs: number;
}

// ---- what the services answer ----

export interface TrialBalance {
  balanced: boolean;
  currencies: { currency: string; debits: string; credits: string; difference: string; accounts: number }[];
}

export interface WalletRow {
  walletId: string;
  userId: string;
  currency: string;
  available: string;
  locked: string;
  status: string;
}

/** The ledger's side of one user (GET /ledger/reconciliation/{userId}). */
export interface LedgerSide {
  userId: string;
  currency: string;
  ledger: { available: string; locked: string };
}

export interface HoldingRow {
  userId: string;
  symbol: string;
  quantity: number;
  reservedQuantity: number;
}

/** Σ fills of one user in one symbol (trade-service GET /admin/positions), flattened. */
export interface FilledRow {
  userId: string;
  symbol: string;
  bought: number;
  sold: number;
  fills: number;
}

export interface OrderRow {
  orderId: string;
  userId: string;
  symbol: string;
  side: string;
  type: string;
  validity: string;
  status: string;
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface LockRow {
  lockId: string;
  userId: string;
  orderId: string | null;
  reference: string;
  held: string;
  status: string;
  createdAt: string;
}

export interface ReservationRow {
  orderId: string;
  userId: string;
  symbol: string;
  openQuantity: number;
  status: string;
  createdAt: string;
}

/** report-service GET /admin/reports/totals?currency= : what its ledger projection adds up to. */
export interface ReportTotals {
  currency: string;
  debits: string;
  credits: string;
  entries: number;
  lastEventAt: string | null;
}

export type SagaRow = Pick<SagaView, 'instanceId' | 'workflow' | 'status' | 'stuck'>;

export type DeadLetterRow = Pick<DeadLetterView, 'id' | 'eventId' | 'topic' | 'type' | 'subject' | 'reason' | 'receivedAt'>;
