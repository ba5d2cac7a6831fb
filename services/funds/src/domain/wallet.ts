// The rules of money in a wallet, pure: what may be locked, adjusted, settled, released,
// credited (docs/domain.md, Funds). A lock's money: amount (all it was ever given) = spent
// (its settlements) + released (its shrinks and its rest) + held (what it still sets aside).
import { money, type LockPurpose } from '@winvestco/common';
export type { CreditKind } from '@winvestco/common';

export const WALLET_STATUSES = ['ACTIVE', 'FROZEN', 'CLOSED'] as const;
export type WalletStatus = (typeof WALLET_STATUSES)[number];
export const LOCK_STATUSES = ['LOCKED', 'RELEASED', 'SETTLED'] as const;
export type LockStatus = (typeof LOCK_STATUSES)[number];
export const TRANSACTION_TYPES = ['DEPOSIT', 'WITHDRAWAL', 'TRADE_DEBIT', 'TRADE_CREDIT', 'FEE'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

/** Amounts are decimal strings with four decimals, as stored. */
export interface Wallet {
  id: string;
  userId: string;
  currency: string;
  available: string;
  locked: string;
  status: WalletStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface FundLock {
  id: string;
  walletId: string;
  currency: string;
  /** All it was ever given: the first amount and its growths. */
  amount: string;
  /** Its settlements. */
  spent: string;
  /** Its shrinks and its rest, given back. */
  released: string;
  reference: string;
  purpose: LockPurpose;
  status: LockStatus;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const MOVEMENT_KINDS = ['LOCK', 'GROW', 'SHRINK', 'SETTLE', 'RELEASE'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** One change of a lock, with its own id: the ledger posts one entry per movement. */
export interface LockMovement {
  id: string;
  lockId: string;
  kind: MovementKind;
  amount: string;
  fee: string;
  /** The fill a SETTLE pays for; null for a lock settled whole in one step, and for the other kinds. */
  executionId: string | null;
  transactionId: string | null;
  heldAfter: string;
  spentAfter: string;
  reason: string | null;
  createdAt: Date;
}

export interface WalletTransaction {
  id: string;
  walletId: string;
  type: TransactionType;
  status: 'PENDING' | 'COMPLETED' | 'FAILED';
  amount: string;
  fee: string;
  currency: string;
  reference: string;
  lockId: string | null;
  executionId: string | null;
  availableAfter: string;
  createdAt: Date;
}

/** Why money cannot move in or out of this wallet, or null. */
export function walletRefusal(wallet: Wallet): string | null {
  return wallet.status === 'ACTIVE' ? null : `the wallet is ${wallet.status}`;
}

/** Why `amount` cannot be locked (or debited) from this wallet, or null. */
export function spendRefusal(wallet: Wallet, amount: string): string | null {
  const closed = walletRefusal(wallet);
  if (closed) return closed;
  if (money(amount).gt(wallet.available)) return `the available balance ${wallet.available} ${wallet.currency} is less than ${money(amount).toFixed(4)}`;
  return null;
}

/** What the lock still sets aside: amount − spent − released. */
export function heldOf(lock: Pick<FundLock, 'amount' | 'spent' | 'released'>): string {
  return money(lock.amount).minus(lock.spent).minus(lock.released).toFixed(4);
}

export interface Settlement {
  /** Leaves the wallet. */
  spent: string;
  /** The platform's part of `spent`. */
  fee: string;
  /** Goes back to available. */
  released: string;
}

/**
 * How a lock settles whole in one step: `spent` (fee included) is debited, the rest of what
 * it holds released, and it closes. A withdrawal is paid out whole; an order may spend less
 * than it holds (a price better than the limit).
 */
export function settlementOf(lock: FundLock, spent: string, fee: string): Settlement | string {
  if (lock.status !== 'LOCKED') return `the lock is already ${lock.status}`;
  const held = money(heldOf(lock));
  if (money(spent).lte(0)) return 'the amount spent must be greater than zero';
  if (money(spent).gt(held)) return `the amount spent ${money(spent).toFixed(4)} is more than the ${held.toFixed(4)} the lock holds`;
  if (money(fee).gt(spent)) return 'the fee cannot be more than the amount spent';
  if (lock.purpose === 'WITHDRAWAL' && !money(spent).eq(held)) return 'a withdrawal is paid out in full';
  if (lock.purpose === 'WITHDRAWAL' && !money(fee).isZero()) return 'a withdrawal carries no fee';
  return { spent: money(spent).toFixed(4), fee: money(fee).toFixed(4), released: held.minus(spent).toFixed(4) };
}

/** A refusal: `field` names the request field at fault (a 400), or null for the lock's state (a 409). */
export interface Refusal {
  field: string | null;
  message: string;
}

/**
 * Why one fill's settlement of `amount` (fee included) cannot be taken from the lock, or
 * null. Only an open order lock settles in parts, each at most what it still holds.
 */
export function partRefusal(lock: FundLock, amount: string, fee: string): Refusal | null {
  if (lock.status !== 'LOCKED') return { field: null, message: `the lock is already ${lock.status}` };
  if (lock.purpose !== 'ORDER') return { field: null, message: 'a withdrawal lock is paid out whole (POST .../settle), not in parts' };
  if (money(fee).gt(amount)) return { field: 'fee', message: 'fee cannot be more than amount' };
  const held = heldOf(lock);
  if (money(amount).gt(held)) return { field: 'amount', message: `amount ${money(amount).toFixed(4)} is more than the ${held} the lock still holds` };
  return null;
}

export type Adjustment = { kind: 'GROW' | 'SHRINK'; amount: string } | { kind: null; amount: '0.0000' };

/**
 * How an open order lock comes to hold `target`: a growth taken from available (refused when
 * available cannot cover it), a shrink given back, or nothing when it holds that already.
 */
export function adjustmentOf(lock: FundLock, wallet: Wallet, target: string): Adjustment | Refusal {
  if (lock.status !== 'LOCKED') return { field: null, message: `the lock is already ${lock.status}` };
  if (lock.purpose !== 'ORDER') return { field: null, message: 'only an order\'s lock is adjusted' };
  const change = money(target).minus(heldOf(lock));
  if (change.isZero()) return { kind: null, amount: '0.0000' };
  if (change.isNegative()) return { kind: 'SHRINK', amount: change.negated().toFixed(4) };
  const refusal = spendRefusal(wallet, change.toFixed(4));
  if (refusal) return { field: 'held', message: `the lock cannot grow by ${change.toFixed(4)}: ${refusal}` };
  return { kind: 'GROW', amount: change.toFixed(4) };
}

export const isRefusal = (value: unknown): value is Refusal => typeof value === 'object' && value !== null && 'message' in value;

/** Whether a settlement asked again is the one made (the same cost and fee), not a different one under a reused fill id. */
export function sameSettlement(made: Pick<LockMovement, 'amount' | 'fee'>, amount: string, fee: string): boolean {
  return money(made.amount).eq(amount) && money(made.fee).eq(fee);
}

/** The wallet's total: what the user owns here, available or set aside. */
export function totalOf(wallet: Wallet): string {
  return money(wallet.available).plus(wallet.locked).toFixed(4);
}
