// The funds service's internal routes (for the payment and order sagas and the ledger):
// each declared once, with the body it takes and the answer it gives. Every route that
// moves money needs an Idempotency-Key; a repeat gets the first answer.
//
// A lock's money, at every moment: amount (all it was ever given: the lock and its
// growths) = spent (its settlements) + released (its shrinks and its rest) + held (what it
// still sets aside; the wallet's locked is the sum of its open locks' held).
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { defineRoute } from '../../calls.ts';
import { IsMoney } from '../../money.ts';
import { toNumber } from '../../page-query.ts';
import { IsInstanceOf } from '../../validation.ts';
import { LOCK_PURPOSES, type LockPurpose } from '../funds.ts';

const CURRENCY = /^[A-Z]{3}$/;
const REFERENCE = /^[A-Za-z0-9_.:-]{1,100}$/;
const CURRENCY_MESSAGE = 'currency must be three capital letters';
const REFERENCE_MESSAGE = 'reference must be 1 to 100 letters, digits or _.:-';

export const CREDIT_KINDS = ['DEPOSIT', 'TRADE_CREDIT'] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];

export class LockRequest {
  @IsUUID() userId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsOptional() @Matches(CURRENCY, { message: CURRENCY_MESSAGE }) currency?: string;
  @Matches(REFERENCE, { message: REFERENCE_MESSAGE }) reference!: string;
  @IsIn(LOCK_PURPOSES, { message: `purpose must be one of ${LOCK_PURPOSES.join(', ')}` }) purpose!: LockPurpose;
}

export class ReleaseRequest {
  @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

/** Spends `amount` of the lock and releases the rest, closing it SETTLED (a withdrawal's payout). */
export class SettleRequest {
  /** What was spent, fee included. */
  @IsMoney({ positive: true }) amount!: string;
  @IsOptional() @IsMoney() fee?: string;
}

/** One fill's part of an order lock; once per (lock, executionId), whatever the key. */
export class SettlementRequest {
  /** The fill (trade.executed's executionId) this pays for. */
  @IsUUID() executionId!: string;
  /** What the fill cost, fee included; at most what the lock still holds. */
  @IsMoney({ positive: true }) amount!: string;
  @IsOptional() @IsMoney() fee?: string;
  /**
   * The order's last fill: once it is paid, whatever the lock still holds goes back and the
   * lock closes RELEASED, in the same transaction (the release route's work, one call fewer).
   */
  @IsOptional() @IsBoolean() closeLock?: boolean;
  /** Why the rest goes back, with closeLock. */
  @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

/** What an open order lock should hold from now on: more is taken from available, less goes back. */
export class AdjustmentRequest {
  @IsMoney() held!: string;
}

export class CreditRequest {
  @IsUUID() userId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsOptional() @IsMoney() fee?: string;
  @IsOptional() @Matches(CURRENCY, { message: CURRENCY_MESSAGE }) currency?: string;
  @Matches(REFERENCE, { message: REFERENCE_MESSAGE }) reference!: string;
  @IsIn(CREDIT_KINDS, { message: `kind must be one of ${CREDIT_KINDS.join(', ')}` }) kind!: CreditKind;
  /** A sale's fill: proceeds are credited once per (kind, reference, executionId). */
  @IsOptional() @IsUUID() executionId?: string;
}

export class DebitRequest {
  @IsUUID() userId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsOptional() @Matches(CURRENCY, { message: CURRENCY_MESSAGE }) currency?: string;
  @Matches(REFERENCE, { message: REFERENCE_MESSAGE }) reference!: string;
}

export class WalletQuery {
  @IsOptional() @Matches(CURRENCY, { message: CURRENCY_MESSAGE }) currency?: string;
}

/** Every wallet of a currency, in user id order, a page at a time (the ledger's sweep). */
export class WalletsQuery {
  @IsOptional() @Matches(CURRENCY, { message: CURRENCY_MESSAGE }) currency?: string;
  /** The last user id of the previous page. */
  @IsOptional() @IsUUID() after?: string;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class WalletView {
  @IsUUID() walletId!: string;
  @IsUUID() userId!: string;
  @IsString() @Length(3, 3) currency!: string;
  @IsMoney() available!: string;
  @IsMoney() locked!: string;
  @IsMoney() total!: string;
  @IsString() status!: string;
  @IsISO8601() updatedAt!: string;
}

export class FundLockView {
  @IsUUID() lockId!: string;
  @IsUUID() walletId!: string;
  @IsString() @Length(3, 3) currency!: string;
  /** All the lock was ever given (the lock and its growths). */
  @IsMoney() amount!: string;
  /** Its settlements. */
  @IsMoney() spent!: string;
  /** Its shrinks and its rest, given back. */
  @IsMoney() released!: string;
  /** What it still sets aside: amount − spent − released. */
  @IsMoney() held!: string;
  @IsString() reference!: string;
  @IsIn(LOCK_PURPOSES) purpose!: LockPurpose;
  @IsString() status!: string;
  @IsOptional() @IsString() reason!: string | null;
  @IsISO8601() createdAt!: string;
  @IsISO8601() updatedAt!: string;
}

export class WalletTransactionView {
  @IsUUID() transactionId!: string;
  @IsString() type!: string;
  @IsString() status!: string;
  @IsMoney() amount!: string;
  @IsMoney() fee!: string;
  /** What the wallet gained (or lost, negative). */
  @IsString() net!: string;
  @IsString() @Length(3, 3) currency!: string;
  @IsString() reference!: string;
  @IsOptional() @IsUUID() lockId!: string | null;
  @IsMoney() availableAfter!: string;
  @IsISO8601() createdAt!: string;
}

export class SettledView {
  @IsInstanceOf(() => FundLockView) lock!: FundLockView;
  @IsInstanceOf(() => WalletTransactionView) transaction!: WalletTransactionView;
}

/** One settlement, as it was made: it never changes, so every repeat answers the same. */
export class SettlementView {
  @IsUUID() settlementId!: string;
  @IsUUID() lockId!: string;
  @IsUUID() executionId!: string;
  @IsMoney() amount!: string;
  @IsMoney() fee!: string;
  /** What the lock held and had spent right after it. */
  @IsMoney() heldAfter!: string;
  @IsMoney() spentAfter!: string;
  @IsISO8601() createdAt!: string;
}

export class SettlementAnswer {
  @IsInstanceOf(() => SettlementView) settlement!: SettlementView;
  @IsInstanceOf(() => WalletTransactionView) transaction!: WalletTransactionView;
}

export class AdjustmentAnswer {
  @IsInstanceOf(() => FundLockView) lock!: FundLockView;
  /** The movement it made (funds.locked for a growth, funds.released for a shrink); null when the lock held that already. */
  @IsOptional() @IsUUID() movementId!: string | null;
  /** held after − held before, signed. */
  @Matches(/^-?\d+\.\d{4}$/) change!: string;
}

export class WalletsPage {
  @IsArray() @IsInstanceOf(() => WalletView, { each: true }) items!: WalletView[];
  /** Pass as `after` for the next page; null on the last. */
  @IsOptional() @IsUUID() nextAfter!: string | null;
}

const FUNDS = 'funds-service';

export const fundsRoutes = {
  wallet: defineRoute<undefined, WalletView>({ app: FUNDS, method: 'GET', path: '/internal/wallets/:userId', query: WalletQuery, answer: WalletView }),
  wallets: defineRoute<undefined, WalletsPage>({ app: FUNDS, method: 'GET', path: '/internal/wallets', query: WalletsQuery, answer: WalletsPage }),
  getLock: defineRoute<undefined, FundLockView>({ app: FUNDS, method: 'GET', path: '/internal/funds/locks/:lockId', answer: FundLockView }),
  lock: defineRoute<LockRequest, FundLockView>({ app: FUNDS, method: 'POST', path: '/internal/funds/locks', request: LockRequest, answer: FundLockView }),
  /** The rest, at the end: whatever the lock still holds goes back; it closes RELEASED (settlements before it stay). */
  release: defineRoute<ReleaseRequest, FundLockView>({ app: FUNDS, method: 'POST', path: '/internal/funds/locks/:lockId/release', request: ReleaseRequest, answer: FundLockView }),
  settle: defineRoute<SettleRequest, SettledView>({ app: FUNDS, method: 'POST', path: '/internal/funds/locks/:lockId/settle', request: SettleRequest, answer: SettledView }),
  /** One fill's part; the lock stays open, or with closeLock gives back its rest and closes. */
  settlement: defineRoute<SettlementRequest, SettlementAnswer>({
    app: FUNDS, method: 'POST', path: '/internal/funds/locks/:lockId/settlements', request: SettlementRequest, answer: SettlementAnswer,
  }),
  adjust: defineRoute<AdjustmentRequest, AdjustmentAnswer>({
    app: FUNDS, method: 'POST', path: '/internal/funds/locks/:lockId/adjustments', request: AdjustmentRequest, answer: AdjustmentAnswer,
  }),
  credit: defineRoute<CreditRequest, WalletTransactionView>({ app: FUNDS, method: 'POST', path: '/internal/funds/credits', request: CreditRequest, answer: WalletTransactionView }),
  debit: defineRoute<DebitRequest, SettledView>({ app: FUNDS, method: 'POST', path: '/internal/funds/debits', request: DebitRequest, answer: SettledView }),
};
