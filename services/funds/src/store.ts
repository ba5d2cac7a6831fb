import type { IBaseProtocol } from 'pg-promise';
import { nextPageKey, sqlFolder, type PageKey, type Queryable } from '@winvestco/common';
import type { FundLock, LockMovement, LockStatus, MovementKind, TransactionType, Wallet, WalletTransaction } from './domain/wallet.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  ensureWallet: sql('wallet-ensure'),
  walletByUser: sql('wallet-by-user'),
  lockWalletByUser: sql('wallet-lock-by-user'),
  lockWalletById: sql('wallet-lock-by-id'),
  move: sql('wallet-move'),
  walletsPage: sql('wallets-page'),
  insertLock: sql('lock-insert'),
  lockById: sql('lock-by-id'),
  lockByReference: sql('lock-by-reference'),
  updateLock: sql('lock-update'),
  locksOfWallet: sql('locks-of-wallet'),
  insertMovement: sql('movement-insert'),
  movementByExecution: sql('movement-by-execution'),
  wholeSettlement: sql('movement-whole-settlement'),
  firstLock: sql('movement-first-lock'),
  insertTransaction: sql('transaction-insert'),
  transactionById: sql('transaction-by-id'),
  transactionByReference: sql('transaction-by-reference'),
  transactionsPage: sql('transactions-page'),
};

type Row = Record<string, unknown>;

export function toWallet(r: Row): Wallet {
  return {
    id: r.id as string, userId: r.user_id as string, currency: r.currency as string, available: r.available as string,
    locked: r.locked as string, status: r.status as Wallet['status'], createdAt: r.created_at as Date, updatedAt: r.updated_at as Date,
  };
}

export function toLock(r: Row): FundLock {
  return {
    id: r.id as string, walletId: r.wallet_id as string, currency: r.currency as string, amount: r.amount as string, spent: r.spent as string,
    released: r.released as string, reference: r.reference as string, purpose: r.purpose as FundLock['purpose'], status: r.status as LockStatus, reason: (r.reason as string | null) ?? null,
    createdAt: r.created_at as Date, updatedAt: r.updated_at as Date,
  };
}

function toTransaction(r: Row): WalletTransaction {
  return {
    id: r.id as string, walletId: r.wallet_id as string, type: r.type as TransactionType, status: r.status as WalletTransaction['status'],
    amount: r.amount as string, fee: r.fee as string, currency: r.currency as string, reference: r.reference as string,
    lockId: (r.lock_id as string | null) ?? null, executionId: (r.execution_id as string | null) ?? null,
    availableAfter: r.available_after as string, createdAt: r.created_at as Date,
  };
}

function toMovement(r: Row): LockMovement {
  return {
    id: r.id as string, lockId: r.lock_id as string, kind: r.kind as MovementKind, amount: r.amount as string, fee: r.fee as string,
    executionId: (r.execution_id as string | null) ?? null, transactionId: (r.transaction_id as string | null) ?? null,
    heldAfter: r.held_after as string, spentAfter: r.spent_after as string, reason: (r.reason as string | null) ?? null, createdAt: r.created_at as Date,
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

  /** Wallets of `currency` in user id order, after the user `after`. */
  async page(currency: string, after: string | null, limit: number): Promise<Wallet[]> {
    return (await this.q.any<Row>(SQL.walletsPage, { currency, after, limit })).map(toWallet);
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

  /** Changes an open lock's totals (and maybe ends it); null when it was not LOCKED any more. */
  async update(lock: Pick<FundLock, 'id' | 'amount' | 'spent' | 'released'> & { status: LockStatus; reason?: string | null }): Promise<FundLock | null> {
    const row = await this.q.oneOrNone<Row>(SQL.updateLock, { ...lock, reason: lock.reason ?? null });
    return row ? toLock(row) : null;
  }

  async openOf(walletId: string): Promise<FundLock[]> {
    return (await this.q.any<Row>(SQL.locksOfWallet, { walletId })).map(toLock);
  }
}

/** The movements of locks, one row each (append-only by use: nothing updates them). */
export class MovementsRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async add(movement: Omit<LockMovement, 'createdAt'>): Promise<LockMovement> {
    return toMovement(await this.q.one<Row>(SQL.insertMovement, movement));
  }

  async byExecution(lockId: string, executionId: string): Promise<LockMovement | null> {
    const row = await this.q.oneOrNone<Row>(SQL.movementByExecution, { lockId, executionId });
    return row ? toMovement(row) : null;
  }

  /** The LOCK movement the lock was made with; null for a lock made before movements were recorded. */
  async firstLock(lockId: string): Promise<LockMovement | null> {
    const row = await this.q.oneOrNone<Row>(SQL.firstLock, { lockId });
    return row ? toMovement(row) : null;
  }

  async wholeSettlement(lockId: string): Promise<LockMovement | null> {
    const row = await this.q.oneOrNone<Row>(SQL.wholeSettlement, { lockId });
    return row ? toMovement(row) : null;
  }
}

export class TransactionsRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async add(transaction: Omit<WalletTransaction, 'status' | 'createdAt'>): Promise<WalletTransaction> {
    return toTransaction(await this.q.one<Row>(SQL.insertTransaction, transaction));
  }

  async byId(id: string): Promise<WalletTransaction> {
    return toTransaction(await this.q.one<Row>(SQL.transactionById, { id }));
  }

  /** The credit or payout made for a reference (and, for a sale's proceeds, a fill). */
  async byReference(type: TransactionType, reference: string, executionId: string | null = null): Promise<WalletTransaction | null> {
    const row = await this.q.oneOrNone<Row>(SQL.transactionByReference, { type, reference, executionId });
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
  movements: MovementsRepository;
  transactions: TransactionsRepository;
}

export const repositories = (q: Queryable): FundsRepositories => ({
  wallets: new WalletsRepository(q),
  locks: new LocksRepository(q),
  movements: new MovementsRepository(q),
  transactions: new TransactionsRepository(q),
});
