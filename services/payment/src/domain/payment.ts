// Payments, pure: limits, what a payer handle asks the simulated provider for, transitions.
import { money, type PaymentDirection } from '@winvestco/common';

export const METHODS = ['UPI', 'NETBANKING', 'CARD'] as const;
export type Method = (typeof METHODS)[number];

export const DEPOSIT_STATUSES = ['CREATED', 'PENDING', 'SUCCEEDED', 'FAILED', 'EXPIRED'] as const;
export const WITHDRAWAL_STATUSES = ['REQUESTED', 'FUNDS_LOCKED', 'PAID_OUT', 'FAILED'] as const;
export type PaymentStatus = (typeof DEPOSIT_STATUSES)[number] | (typeof WITHDRAWAL_STATUSES)[number];
export const TERMINAL: ReadonlySet<PaymentStatus> = new Set(['SUCCEEDED', 'FAILED', 'EXPIRED', 'PAID_OUT']);

/** Per payment, in rupees: ₹100 to ₹10,00,000. */
export const MIN_AMOUNT = '100.0000';
export const MAX_AMOUNT = '1000000.0000';

export interface Payment {
  id: string;
  userId: string;
  direction: PaymentDirection;
  amount: string;
  currency: string;
  method: Method;
  provider: string;
  payerHandle: string;
  providerReference: string | null;
  status: PaymentStatus;
  lockId: string | null;
  expiresAt: Date | null;
  failureReason: string | null;
  /** A deposit confirmed after it had expired (or failed here): credited all the same. */
  confirmedLate: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The workflow instance of a payment: derived from its id, so one payment has one saga. */
export function instanceIdOf(payment: Pick<Payment, 'id' | 'direction'>): string {
  return `${payment.direction === 'DEPOSIT' ? 'deposit' : 'withdrawal'}-${payment.id}`;
}

/** The saga that credits a deposit confirmed after its own saga ended without credit. */
export function lateInstanceIdOf(payment: Pick<Payment, 'id'>): string {
  return `late-deposit-${payment.id}`;
}

/**
 * What a provider's result means for a payment as it stands: hand it to the waiting saga;
 * credit it late (a deposit that ended uncredited, yet the money was collected); or nothing
 * to do (a terminal payment it cannot change).
 */
export function resultRoute(payment: Pick<Payment, 'direction' | 'status'>, result: 'SUCCEEDED' | 'FAILED'): 'saga' | 'late-credit' | 'too-late' {
  if (!TERMINAL.has(payment.status)) return 'saga';
  if (payment.direction === 'DEPOSIT' && result === 'SUCCEEDED' && (payment.status === 'EXPIRED' || payment.status === 'FAILED')) return 'late-credit';
  return 'too-late';
}

/** Whether a provider's callback speaks of this payment's money: compared as amounts, not text. */
export function sameMoney(payment: Pick<Payment, 'amount' | 'currency'>, amount: string, currency: string): boolean {
  return payment.currency === currency && money(payment.amount).eq(amount);
}

export const DEFAULT_PAYER_HANDLE = 'success@sim';

/**
 * Like a real gateway's sandbox, the simulated provider's answer is chosen by the payer
 * handle: failure@sim fails, pending@sim never answers, anything else succeeds.
 */
export function simulatedOutcome(payerHandle: string): 'SUCCEEDED' | 'FAILED' | 'NEVER' {
  const handle = payerHandle.toLowerCase();
  if (handle === 'failure@sim') return 'FAILED';
  if (handle === 'pending@sim') return 'NEVER';
  return 'SUCCEEDED';
}

/** Why a withdrawal of `amount` is refused with `available` in the wallet, or null. */
export function withdrawalRefusal(amount: string, available: string): string | null {
  return money(amount).gt(available) ? `amount is more than the ${money(available).toFixed(4)} available` : null;
}

/** The statuses a payment may move to `to` from. */
export function predecessors(to: PaymentStatus): PaymentStatus[] {
  switch (to) {
    case 'PENDING': return ['CREATED'];
    case 'SUCCEEDED': return ['PENDING'];
    case 'EXPIRED': return ['CREATED', 'PENDING'];
    case 'FUNDS_LOCKED': return ['REQUESTED'];
    case 'PAID_OUT': return ['FUNDS_LOCKED'];
    case 'FAILED': return ['CREATED', 'PENDING', 'REQUESTED', 'FUNDS_LOCKED'];
    default: return [];
  }
}
