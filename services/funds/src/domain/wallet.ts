// The rules of money in a wallet, pure: what may be locked, released, settled, credited.
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
  amount: string;
  spent: string;
  reference: string;
  purpose: LockPurpose;
  status: LockStatus;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
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

export interface Settlement {
  /** Leaves the wallet. */
  spent: string;
  /** The platform's part of `spent`. */
  fee: string;
  /** Goes back to available. */
  released: string;
}

/**
 * How a lock settles: `spent` (fee included) is debited, the rest released. A withdrawal is
 * paid out whole; an order may spend less than it locked (a price better than the limit).
 */
export function settlementOf(lock: FundLock, spent: string, fee: string): Settlement | string {
  if (lock.status !== 'LOCKED') return `the lock is already ${lock.status}`;
  const amount = money(lock.amount);
  if (money(spent).lte(0)) return 'the amount spent must be greater than zero';
  if (money(spent).gt(amount)) return `the amount spent ${money(spent).toFixed(4)} is more than the ${amount.toFixed(4)} locked`;
  if (money(fee).gt(spent)) return 'the fee cannot be more than the amount spent';
  if (lock.purpose === 'WITHDRAWAL' && !money(spent).eq(amount)) return 'a withdrawal is paid out in full';
  if (lock.purpose === 'WITHDRAWAL' && !money(fee).isZero()) return 'a withdrawal carries no fee';
  return { spent: money(spent).toFixed(4), fee: money(fee).toFixed(4), released: amount.minus(spent).toFixed(4) };
}

/** The wallet's total: what the user owns here, available or set aside. */
export function totalOf(wallet: Wallet): string {
  return money(wallet.available).plus(wallet.locked).toFixed(4);
}
