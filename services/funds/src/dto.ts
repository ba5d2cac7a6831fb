import { IsIn, IsOptional } from 'class-validator';
import {
  formatMoney, money, PageQuery, type AdjustmentAnswer, type FundLockView, type SettlementAnswer, type WalletTransactionView, type WalletView,
} from '@winvestco/common';
import { heldOf, TRANSACTION_TYPES, totalOf, type FundLock, type TransactionType, type Wallet, type WalletTransaction } from './domain/wallet.ts';
import type { Adjusted, SettledPart } from './usecases.ts';

export class TransactionsQuery extends PageQuery {
  @IsOptional() @IsIn(TRANSACTION_TYPES, { message: `type must be one of ${TRANSACTION_TYPES.join(', ')}` })
  type?: TransactionType;
}

export function walletView(wallet: Wallet): WalletView {
  return {
    walletId: wallet.id, userId: wallet.userId, currency: wallet.currency, available: wallet.available, locked: wallet.locked,
    total: totalOf(wallet), status: wallet.status, updatedAt: wallet.updatedAt.toISOString(),
  };
}

export function lockView(lock: FundLock): FundLockView {
  return {
    lockId: lock.id, walletId: lock.walletId, currency: lock.currency, amount: lock.amount, spent: lock.spent, released: lock.released,
    held: heldOf(lock), reference: lock.reference,
    purpose: lock.purpose, status: lock.status, reason: lock.reason, createdAt: lock.createdAt.toISOString(), updatedAt: lock.updatedAt.toISOString(),
  };
}

export function transactionView(transaction: WalletTransaction): WalletTransactionView {
  return {
    transactionId: transaction.id, type: transaction.type, status: transaction.status, amount: transaction.amount, fee: transaction.fee,
    net: formatMoney(transaction.type === 'DEPOSIT' || transaction.type === 'TRADE_CREDIT' ? money(transaction.amount).minus(transaction.fee) : money(transaction.amount).negated()),
    currency: transaction.currency, reference: transaction.reference, lockId: transaction.lockId, availableAfter: transaction.availableAfter,
    createdAt: transaction.createdAt.toISOString(),
  };
}

export function settlementAnswer({ settlement, transaction }: SettledPart): SettlementAnswer {
  return {
    settlement: {
      settlementId: settlement.id, lockId: settlement.lockId, executionId: settlement.executionId!, amount: settlement.amount, fee: settlement.fee,
      heldAfter: settlement.heldAfter, spentAfter: settlement.spentAfter, createdAt: settlement.createdAt.toISOString(),
    },
    transaction: transactionView(transaction),
  };
}

export function adjustmentAnswer({ lock, movement, change }: Adjusted): AdjustmentAnswer {
  return { lock: lockView(lock), movementId: movement?.id ?? null, change };
}
