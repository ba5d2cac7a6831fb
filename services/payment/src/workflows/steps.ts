// The payment sagas' steps, by name and types: what the workflows call (sagas.ts) and the
// activities implement (activities.ts). Each returns what the saga needs to decide, a
// refusal as a value ({ refused }), and throws only when it may work later.
import { activityName, type Refused } from '@winvestco/common';
import type { PaymentStatus } from '../domain/payment.ts';
import type { ProviderStatus } from '../providers/provider.ts';

export interface StepInput {
  paymentId: string;
}

export interface Reasoned extends StepInput {
  reason: string;
}

type Moved = { status: PaymentStatus };

/** Deposit: ask the provider to collect; PENDING. */
export const requestCollection = activityName<StepInput, null>('requestCollection');
/** Deposit confirmed: credit the wallet once; SUCCEEDED. A refusal (a closed wallet) is a value. */
export const creditDeposit = activityName<StepInput, Moved | Refused>('creditDeposit');
/** Deposit confirmed after its saga ended without credit: credit it, SUCCEEDED (confirmed late). */
export const creditLateDeposit = activityName<StepInput, Moved | Refused>('creditLateDeposit');
/** Deadline passed: EXPIRED, unless a confirmation was recorded meanwhile. */
export const expireDeposit = activityName<StepInput, { status: PaymentStatus; confirmed: boolean }>('expireDeposit');
export const failPayment = activityName<Reasoned, Moved>('failPayment');
/** Withdrawal: set the money aside; FUNDS_LOCKED, or FAILED when the wallet cannot cover it. */
export const lockFunds = activityName<StepInput, { locked: boolean }>('lockFunds');
/** Withdrawal: ask the provider to pay out. */
export const requestPayout = activityName<StepInput, null>('requestPayout');
/** Withdrawal: what the provider says of a payout whose callback is overdue (or whose request may not have arrived). */
export const queryPayout = activityName<StepInput, ProviderStatus>('queryPayout');
/** Paid out: the lock is spent; PAID_OUT. */
export const settleWithdrawal = activityName<StepInput, Moved | Refused>('settleWithdrawal');
/** Not paid out: the lock goes back in full; FAILED. */
export const releaseWithdrawal = activityName<Reasoned, Moved | Refused>('releaseWithdrawal');
/** A lock whose outcome is unknown (the funds service never answered): made or found, then given back; FAILED. */
export const abandonWithdrawal = activityName<Reasoned, Moved | Refused>('abandonWithdrawal');
