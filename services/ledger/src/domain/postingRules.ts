// The normative posting rules (DOMAIN.md, Ledger service): one entry per money movement of
// the funds service. cash:u and cash-locked:u are liabilities, payment-gateway and
// exchange-settlement assets, fees-revenue income.
import type { FundsCredited, FundsDeposited, FundsLocked, FundsReleased, FundsSettled, FundsWithdrawn } from '@winvestco/common';
import { money, type Money } from '@winvestco/common';
import { cashAccount, EXCHANGE_SETTLEMENT, FEES_REVENUE, lockedAccount, PAYMENT_GATEWAY } from './accounts.ts';
import { balancedEntry, clipDescription, credit, debit, EntryRefused, type EntryDraft, type Posting } from './journal.ts';

/** A fee of zero is no posting at all: a posting moves money. */
function nonZero(postings: Posting[]): Posting[] {
  return postings.filter((p) => !p.debit.isZero() || !p.credit.isZero());
}

/** The fee part of `amount`; an event whose fee exceeds its amount can never be booked. */
function feeWithin(amount: Money, feeText: string, what: string, referenceId: string): Money {
  const fee = money(feeText);
  if (fee.gt(amount)) throw new EntryRefused(`${what} ${referenceId}: the fee ${feeText} exceeds the amount ${amount.toFixed(4)}`);
  return fee;
}

/** Deposit credited, A: Dr payment-gateway A, Cr cash:u A. */
export function depositEntry(e: FundsDeposited): EntryDraft {
  return balancedEntry({
    kind: 'DEPOSIT', referenceType: 'WALLET_TRANSACTION', referenceId: e.transactionId, currency: e.currency,
    description: clipDescription(`Deposit ${e.reference}`),
    postings: [debit(PAYMENT_GATEWAY, e.amount), credit(cashAccount(e.userId), e.amount)],
  });
}

/** Lock for an order or a withdrawal, L: Dr cash:u L, Cr cash-locked:u L. */
export function lockEntry(e: FundsLocked): EntryDraft {
  return balancedEntry({
    kind: 'LOCK', referenceType: 'FUND_LOCK', referenceId: e.lockId, currency: e.currency,
    description: clipDescription(`Lock for ${e.purpose} ${e.reference}`),
    postings: [debit(cashAccount(e.userId), e.amount), credit(lockedAccount(e.userId), e.amount)],
  });
}

/** Lock released (cancel, reject, remainder, payout failed), R: Dr cash-locked:u R, Cr cash:u R. */
export function releaseEntry(e: FundsReleased): EntryDraft {
  return balancedEntry({
    kind: 'RELEASE', referenceType: 'FUND_LOCK', referenceId: e.lockId, currency: e.currency,
    description: clipDescription(`Release of the lock for ${e.purpose} ${e.reference}${e.reason ? `: ${e.reason}` : ''}`),
    postings: [debit(lockedAccount(e.userId), e.amount), credit(cashAccount(e.userId), e.amount)],
  });
}

/**
 * Withdrawal paid out, A: Dr cash-locked:u A, Cr payment-gateway A. Its reference is the
 * lock it was paid from; the contract makes lockId optional, and without one the funds
 * transaction is the reference.
 */
export function withdrawalEntry(e: FundsWithdrawn): EntryDraft {
  const reference: Pick<EntryDraft, 'referenceType' | 'referenceId'> = e.lockId
    ? { referenceType: 'FUND_LOCK', referenceId: e.lockId }
    : { referenceType: 'WALLET_TRANSACTION', referenceId: e.transactionId };
  return balancedEntry({
    kind: 'WITHDRAWAL', ...reference, currency: e.currency,
    description: clipDescription(`Withdrawal ${e.reference} paid out`),
    postings: [debit(lockedAccount(e.userId), e.amount), credit(PAYMENT_GATEWAY, e.amount)],
  });
}

/**
 * BUY fill settled: the event's amount is cost plus fee (C + F):
 * Dr cash-locked:u C+F, Cr exchange-settlement C, Cr fees-revenue F.
 */
export function settleEntry(e: FundsSettled): EntryDraft {
  const amount = money(e.amount);
  const fee = feeWithin(amount, e.fee, 'SETTLE', e.lockId);
  return balancedEntry({
    kind: 'SETTLE', referenceType: 'FUND_LOCK', referenceId: e.lockId, currency: e.currency,
    description: clipDescription(`Settlement of ${e.reference}: cost ${amount.minus(fee).toFixed(4)}, fee ${fee.toFixed(4)}`),
    postings: nonZero([debit(lockedAccount(e.userId), amount), credit(EXCHANGE_SETTLEMENT, amount.minus(fee)), credit(FEES_REVENUE, fee)]),
  });
}

/**
 * SELL fill credited: proceeds P, fee F:
 * Dr exchange-settlement P, Cr cash:u P − F, Cr fees-revenue F.
 */
export function tradeCreditEntry(e: FundsCredited): EntryDraft {
  const proceeds = money(e.amount);
  const fee = feeWithin(proceeds, e.fee, 'TRADE_CREDIT', e.transactionId);
  return balancedEntry({
    kind: 'TRADE_CREDIT', referenceType: 'WALLET_TRANSACTION', referenceId: e.transactionId, currency: e.currency,
    description: clipDescription(`Sale proceeds for ${e.reference}: ${proceeds.toFixed(4)}, fee ${fee.toFixed(4)}`),
    postings: nonZero([debit(EXCHANGE_SETTLEMENT, proceeds), credit(cashAccount(e.userId), proceeds.minus(fee)), credit(FEES_REVENUE, fee)]),
  });
}
