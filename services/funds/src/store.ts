import type { IBaseProtocol } from 'pg-promise';
import { nextPageKey, sqlFolder, type PageKey, type Queryable } from '@winvestco/common';
import type { FundLock, LockStatus, TransactionType, Wallet, WalletTransaction } from './domain/wallet.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  ensureWallet: sql('wallet-ensure'),
  walletByUser: sql('wallet-by-user'),
  lockWalletByUser: sql('wallet-lock-by-user'),
  lockWalletById: sql('wallet-lock-by-id'),
  move: sql('wallet-move'),
  insertLock: sql('lock-insert'),
  lockById: sql('lock-by-id'),
  lockByReference: sql('lock-by-reference'),
  closeLock: sql('lock-close'),
  locksOfWallet: sql('locks-of-wallet'),
  insertTransaction: sql('transaction-insert'),
  transactionByReference: sql('transaction-by-reference'),
  transactionsPage: sql('transactions-page'),
};

type Row = Record<string, unknown>;

function toWallet(r: Row): Wallet {
  return {
    id: r.id as string, userId: r.user_id as string, currency: r.currency as string, available: r.available as string,
    locked: r.locked as string, status: r.status as Wallet['status'], createdAt: r.created_at as Date, updatedAt: r.updated_at as Date,
  };
}

function toLock(r: Row): FundLock {
  return {
    id: r.id as string, walletId: r.wallet_id as string, currency: r.currency as string, amount: r.amount as string, spent: r.spent as string,
    reference: r.reference as string, purpose: r.purpose as FundLock['purpose'], status: r.status as LockStatus, reason: (r.reason as string | null) ?? null,
    createdAt: r.created_at as Date, updatedAt: r.updated_at as Date,
  };
}

function toTransaction(r: Row): WalletTransaction {
  return {
    id: r.id as string, walletId: r.wallet_id as string, type: r.type as TransactionType, status: r.status as WalletTransaction['status'],
    amount: r.amount as string, fee: r.fee as string, currency: r.currency as string, reference: r.reference as string,
    lockId: (r.lock_id as string | null) ?? null, availableAfter: r.available_after as string, createdAt: r.created_at as Date,
  };
}

export class WalletsRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** The new wallet, or null when the user already has one in that currency. */
  async open(id: string, userId: string, currency: string): Promise<Wallet | null> {
    const row = await this.q.oneOrNone<Row>(SQL.ensureWallet, { id, userId, currency });
    return row ? toWallet(row) : null;
  }

  async byUser(userId: string, currency: string): Promise<Wallet | null> {
    const row = await this.q.oneOrNone<Row>(SQL.walletByUser, { userId, currency });
    return row ? toWallet(row) : null;
  }

  /** The wallet, row-locked until the transaction ends. */
  async lockByUser(userId: string, currency: string): Promise<Wallet | null> {
    const row = await this.q.oneOrNone<Row>(SQL.lockWalletByUser, { userId, currency });
    return row ? toWallet(row) : null;
  }

  async lockById(id: string): Promise<Wallet> {
    return toWallet(await this.q.one<Row>(SQL.lockWalletById, { id }));
  }

  /** Moves money between available and locked, or in or out; deltas are decimal strings. */
  async move(id: string, availableDelta: string, lockedDelta: string): Promise<Wallet> {
    return toWallet(await this.q.one<Row>(SQL.move, { id, availableDelta, lockedDelta }));
  }
}

export class LocksRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async add(lock: Pick<FundLock, 'id' | 'walletId' | 'currency' | 'amount' | 'reference' | 'purpose'>): Promise<FundLock> {
    return toLock(await this.q.one<Row>(SQL.insertLock, lock));
  }

  async byId(id: string): Promise<FundLock | null> {
    const row = await this.q.oneOrNone<Row>(SQL.lockById, { id });
    return row ? toLock(row) : null;
  }

  async byReference(reference: string): Promise<FundLock | null> {
    const row = await this.q.oneOrNone<Row>(SQL.lockByReference, { reference });
    return row ? toLock(row) : null;
  }

  /** Closes a LOCKED lock; null when it was not LOCKED any more. */
  async close(id: string, status: Exclude<LockStatus, 'LOCKED'>, spent: string, reason: string | null): Promise<FundLock | null> {
    const row = await this.q.oneOrNone<Row>(SQL.closeLock, { id, status, spent, reason });
    return row ? toLock(row) : null;
  }

  async openOf(walletId: string): Promise<FundLock[]> {
    return (await this.q.any<Row>(SQL.locksOfWallet, { walletId })).map(toLock);
  }
}

export class TransactionsRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async add(transaction: Omit<WalletTransaction, 'status' | 'createdAt'>): Promise<WalletTransaction> {
    return toTransaction(await this.q.one<Row>(SQL.insertTransaction, transaction));
  }

  async byReference(type: TransactionType, reference: string): Promise<WalletTransaction | null> {
    const row = await this.q.oneOrNone<Row>(SQL.transactionByReference, { type, reference });
    return row ? toTransaction(row) : null;
  }

  /** Newest first; `next` is the key of the last row when a further page may follow. */
  async page(walletId: string, limit: number, before: PageKey | null, type?: TransactionType): Promise<{ transactions: WalletTransaction[]; next: PageKey | null }> {
    const rows = await this.q.any<Row>(SQL.transactionsPage, { walletId, limit, type: type ?? null, beforeAt: before?.createdAt ?? null, beforeId: before?.id ?? null });
    return { transactions: rows.map(toTransaction), next: nextPageKey(rows as { id: string; page_at: string }[], limit) };
  }
}

export interface FundsRepositories {
  wallets: WalletsRepository;
  locks: LocksRepository;
  transactions: TransactionsRepository;
}

export const repositories = (q: Queryable): FundsRepositories => ({
  wallets: new WalletsRepository(q),
  locks: new LocksRepository(q),
  transactions: new TransactionsRepository(q),
});
