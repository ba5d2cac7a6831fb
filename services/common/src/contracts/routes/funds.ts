// The funds service's internal routes (for the payment and order sagas and the ledger):
// each declared once, with the body it takes and the answer it gives. Every route that
// moves money needs an Idempotency-Key; a repeat gets the first answer.
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { defineRoute } from '../../calls.ts';
import { IsMoney } from '../../money.ts';
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

export class SettleRequest {
  /** What was spent, fee included. */
  @IsMoney({ positive: true }) amount!: string;
  @IsOptional() @IsMoney() fee?: string;
}

export class CreditRequest {
  @IsUUID() userId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsOptional() @IsMoney() fee?: string;
  @IsOptional() @Matches(CURRENCY, { message: CURRENCY_MESSAGE }) currency?: string;
  @Matches(REFERENCE, { message: REFERENCE_MESSAGE }) reference!: string;
  @IsIn(CREDIT_KINDS, { message: `kind must be one of ${CREDIT_KINDS.join(', ')}` }) kind!: CreditKind;
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
  @IsMoney() amount!: string;
  @IsMoney() spent!: string;
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

const FUNDS = 'funds-service';

export const fundsRoutes = {
  wallet: defineRoute<undefined, WalletView>({ app: FUNDS, method: 'GET', path: '/internal/wallets/:userId', answer: WalletView }),
  lock: defineRoute<LockRequest, FundLockView>({ app: FUNDS, method: 'POST', path: '/internal/funds/locks', request: LockRequest, answer: FundLockView }),
  release: defineRoute<ReleaseRequest, FundLockView>({ app: FUNDS, method: 'POST', path: '/internal/funds/locks/:lockId/release', request: ReleaseRequest, answer: FundLockView }),
  settle: defineRoute<SettleRequest, SettledView>({ app: FUNDS, method: 'POST', path: '/internal/funds/locks/:lockId/settle', request: SettleRequest, answer: SettledView }),
  credit: defineRoute<CreditRequest, WalletTransactionView>({ app: FUNDS, method: 'POST', path: '/internal/funds/credits', request: CreditRequest, answer: WalletTransactionView }),
  debit: defineRoute<DebitRequest, SettledView>({ app: FUNDS, method: 'POST', path: '/internal/funds/debits', request: DebitRequest, answer: SettledView }),
};
