import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { formatMoney, IsMoney, LOCK_PURPOSES, money, PageQuery, type LockPurpose } from '@winvestco/common';
import { CREDIT_KINDS, TRANSACTION_TYPES, totalOf, type CreditKind, type FundLock, type TransactionType, type Wallet, type WalletTransaction } from './domain/wallet.ts';

const CURRENCY = /^[A-Z]{3}$/;
const REFERENCE = /^[A-Za-z0-9_.:-]{1,100}$/;

export class LockRequest {
  @IsUUID() userId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsOptional() @Matches(CURRENCY, { message: 'currency must be three capital letters' }) currency?: string;
  @Matches(REFERENCE, { message: 'reference must be 1 to 100 letters, digits or _.:-' }) reference!: string;
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
  @IsOptional() @Matches(CURRENCY, { message: 'currency must be three capital letters' }) currency?: string;
  @Matches(REFERENCE, { message: 'reference must be 1 to 100 letters, digits or _.:-' }) reference!: string;
  @IsIn(CREDIT_KINDS, { message: `kind must be one of ${CREDIT_KINDS.join(', ')}` }) kind!: CreditKind;
}

export class DebitRequest {
  @IsUUID() userId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsOptional() @Matches(CURRENCY, { message: 'currency must be three capital letters' }) currency?: string;
  @Matches(REFERENCE, { message: 'reference must be 1 to 100 letters, digits or _.:-' }) reference!: string;
}

export class TransactionsQuery extends PageQuery {
  @IsOptional() @IsIn(TRANSACTION_TYPES, { message: `type must be one of ${TRANSACTION_TYPES.join(', ')}` })
  type?: TransactionType;
}

export class WalletQuery {
  @IsOptional() @Matches(CURRENCY, { message: 'currency must be three capital letters' }) currency?: string;
}

export function walletView(wallet: Wallet) {
  return {
    walletId: wallet.id, userId: wallet.userId, currency: wallet.currency, available: wallet.available, locked: wallet.locked,
    total: totalOf(wallet), status: wallet.status, updatedAt: wallet.updatedAt.toISOString(),
  };
}

export function lockView(lock: FundLock) {
  return {
    lockId: lock.id, walletId: lock.walletId, currency: lock.currency, amount: lock.amount, spent: lock.spent, reference: lock.reference,
    purpose: lock.purpose, status: lock.status, reason: lock.reason, createdAt: lock.createdAt.toISOString(), updatedAt: lock.updatedAt.toISOString(),
  };
}

export function transactionView(transaction: WalletTransaction) {
  return {
    transactionId: transaction.id, type: transaction.type, status: transaction.status, amount: transaction.amount, fee: transaction.fee,
    net: formatMoney(transaction.type === 'DEPOSIT' || transaction.type === 'TRADE_CREDIT' ? money(transaction.amount).minus(transaction.fee) : money(transaction.amount).negated()),
    currency: transaction.currency, reference: transaction.reference, lockId: transaction.lockId, availableAfter: transaction.availableAfter,
    createdAt: transaction.createdAt.toISOString(),
  };
}
