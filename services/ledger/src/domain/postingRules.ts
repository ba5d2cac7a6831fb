// The posting rules (docs/domain.md, "Ledger: the book of record"): one entry per money
// movement of the funds service, keyed by the movement's id. cash:u and cash-locked:u are
// liabilities, payment-gateway and exchange-settlement assets, fees-revenue income.
import type { FundsCredited, FundsDeposited, FundsLocked, FundsReleased, FundsSettled, FundsWithdrawn, TradeExecuted } from '@winvestco/common';
import { money, type Money } from '@winvestco/common';
import { cashAccount, EXCHANGE_SETTLEMENT, FEES_REVENUE, lockedAccount, PAYABLES, PAYMENT_GATEWAY } from './accounts.ts';
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

/**
 * What a lock's movement is posted under: its own id; an event written before movements had
 * ids names one movement of its kind per lock, so its lock id is the key.
 */
function lockMovement(e: { movementId?: string; lockId: string }): Pick<EntryDraft, 'referenceType' | 'referenceId'> {
  return e.movementId ? { referenceType: 'FUND_MOVEMENT', referenceId: e.movementId } : { referenceType: 'FUND_LOCK', referenceId: e.lockId };
}

/** Lock for an order or a withdrawal (or a lock grown), L: Dr cash:u L, Cr cash-locked:u L. */
export function lockEntry(e: FundsLocked): EntryDraft {
  return balancedEntry({
    kind: 'LOCK', ...lockMovement(e), currency: e.currency,
    description: clipDescription(`Lock for ${e.purpose} ${e.reference}`),
    postings: [debit(cashAccount(e.userId), e.amount), credit(lockedAccount(e.userId), e.amount)],
  });
}

/** Lock released (cancel, reject, shrink, remainder, payout failed), R: Dr cash-locked:u R, Cr cash:u R. */
export function releaseEntry(e: FundsReleased): EntryDraft {
  return balancedEntry({
    kind: 'RELEASE', ...lockMovement(e), currency: e.currency,
    description: clipDescription(`Release of the lock for ${e.purpose} ${e.reference}${e.reason ? `: ${e.reason}` : ''}`),
    postings: [debit(lockedAccount(e.userId), e.amount), credit(cashAccount(e.userId), e.amount)],
  });
}

/**
 * Withdrawal paid out, A: Dr cash-locked:u A, Cr payment-gateway A. Its reference is the
 * movement that paid it out (or, in older events, the lock it was paid from; without either,
 * the funds transaction).
 */
export function withdrawalEntry(e: FundsWithdrawn): EntryDraft {
  const reference: Pick<EntryDraft, 'referenceType' | 'referenceId'> = e.lockId
    ? lockMovement({ movementId: e.movementId, lockId: e.lockId })
    : { referenceType: 'WALLET_TRANSACTION', referenceId: e.transactionId };
  return balancedEntry({
    kind: 'WITHDRAWAL', ...reference, currency: e.currency,
    description: clipDescription(`Withdrawal ${e.reference} paid out`),
    postings: [debit(lockedAccount(e.userId), e.amount), credit(PAYMENT_GATEWAY, e.amount)],
  });
}

/**
 * BUY fill settled (one settlement per fill): the event's amount is cost plus fee (C + F):
 * Dr cash-locked:u C+F, Cr exchange-settlement C, Cr fees-revenue F.
 */
export function settleEntry(e: FundsSettled): EntryDraft {
  const amount = money(e.amount);
  const fee = feeWithin(amount, e.fee, 'SETTLE', e.movementId ?? e.lockId);
  const fill = e.executionId ? ` (fill ${e.executionId})` : '';
  return balancedEntry({
    kind: 'SETTLE', ...lockMovement(e), currency: e.currency,
    description: clipDescription(`Settlement of ${e.reference}${fill}: cost ${amount.minus(fee).toFixed(4)}, fee ${fee.toFixed(4)}`),
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

/**
 * A fill's charges by kind (from trade.executed): the settlement booked them all as
 * fees-revenue; all but the brokerage are owed to others, so they move to their payables:
 * Dr fees-revenue (STT + exchange charge + SEBI fee + stamp duty + GST), Cr each payable.
 * Null when the fill carries no itemised charges, or none but brokerage.
 */
export function chargesEntry(e: TradeExecuted): EntryDraft | null {
  if (!e.charges) return null;
  const lines = (Object.keys(PAYABLES) as (keyof typeof PAYABLES)[]).map((kind) => ({ account: PAYABLES[kind], amount: money(e.charges![kind]) }));
  const owed = lines.reduce((sum, l) => sum.plus(l.amount), money(0));
  if (owed.isZero()) return null;
  return balancedEntry({
    kind: 'CHARGES', referenceType: 'EXECUTION', referenceId: e.executionId, currency: e.currency,
    description: clipDescription(`Statutory charges of fill ${e.executionId} (${e.side} ${e.quantity} ${e.symbol}): ${owed.toFixed(4)} owed to others`),
    postings: nonZero([debit(FEES_REVENUE, owed), ...lines.map((l) => credit(l.account, l.amount))]),
  });
}
