// The funds service's operations: every movement takes the wallet's row lock first, checks
// its rule, moves the balances and writes its event, in one transaction. Each is idempotent
// by its reference too, beside the callers' idempotency keys: a lock per reference, a credit
// or a withdrawal per (type, reference).
import { randomUUID } from 'node:crypto';
import { DEFAULT_CURRENCY, money, problems, type Db, type LockPurpose, type PageKey } from '@winvestco/common';
import {
  settlementOf, spendRefusal, walletRefusal,
  type CreditKind, type FundLock, type TransactionType, type Wallet, type WalletTransaction,
} from './domain/wallet.ts';
import { fundsTopic, lockPart, walletPart } from './events.ts';
import type { FundsRepositories } from './store.ts';

export type FundsDb = Db<FundsRepositories>;
type Tx = FundsDb;

const negate = (amount: string) => money(amount).negated().toFixed(4);

/** The user's wallet, opened (with its wallet.created event) when they have none yet. */
async function walletFor(t: Tx, userId: string, currency: string): Promise<Wallet> {
  const opened = await t.wallets.open(randomUUID(), userId, currency);
  if (opened) await t.outbox.add(fundsTopic, 'wallet.created', opened.userId, walletPart(opened));
  const wallet = await t.wallets.lockByUser(userId, currency);
  if (!wallet) throw new Error(`the wallet of ${userId} vanished`);
  return wallet;
}

export async function openWallet(db: FundsDb, userId: string, currency = DEFAULT_CURRENCY): Promise<Wallet> {
  return db.tx((t) => walletFor(t, userId, currency));
}

export async function walletOf(db: FundsDb, userId: string, currency = DEFAULT_CURRENCY): Promise<{ wallet: Wallet; locks: FundLock[] }> {
  const wallet = await db.wallets.byUser(userId, currency);
  if (!wallet) throw problems.notFound(`${userId} has no ${currency} wallet yet`);
  return { wallet, locks: await db.locks.openOf(wallet.id) };
}

export interface LockRequest {
  userId: string;
  amount: string;
  currency: string;
  reference: string;
  purpose: LockPurpose;
}

/** Sets `amount` aside from available; a second request for the same reference gets the same lock. */
export async function lockFunds(db: FundsDb, request: LockRequest): Promise<FundLock> {
  return db.tx(async (t) => {
    const wallet = await walletFor(t, request.userId, request.currency);
    const existing = await t.locks.byReference(request.reference);
    if (existing) {
      const same = existing.walletId === wallet.id && money(existing.amount).eq(request.amount) && existing.purpose === request.purpose;
      if (!same) throw problems.conflict(`reference ${request.reference} already has a different lock`);
      return existing;
    }
    const refusal = spendRefusal(wallet, request.amount);
    if (refusal) throw problems.validation([{ field: 'amount', message: `amount cannot be locked: ${refusal}` }]);
    const amount = money(request.amount).toFixed(4);
    await t.wallets.move(wallet.id, negate(amount), amount);
    const lock = await t.locks.add({ id: randomUUID(), walletId: wallet.id, currency: wallet.currency, amount, reference: request.reference, purpose: request.purpose });
    await t.outbox.add(fundsTopic, 'funds.locked', wallet.userId, { ...lockPart(wallet, lock), amount, purpose: lock.purpose });
    return lock;
  });
}

/** Reads a lock and takes its wallet's row lock, then reads the lock again under it. */
async function lockedLock(t: Tx, lockId: string): Promise<{ lock: FundLock; wallet: Wallet }> {
  const seen = await t.locks.byId(lockId);
  if (!seen) throw problems.notFound(`No fund lock ${lockId}`);
  const wallet = await t.wallets.lockById(seen.walletId);
  return { lock: (await t.locks.byId(lockId))!, wallet };
}

/** Gives a lock back to available in full. Releasing a released lock again changes nothing. */
export async function releaseLock(db: FundsDb, lockId: string, reason: string | null): Promise<FundLock> {
  return db.tx(async (t) => {
    const { lock, wallet } = await lockedLock(t, lockId);
    if (lock.status === 'RELEASED') return lock;
    if (lock.status === 'SETTLED') throw problems.conflict(`the lock ${lockId} is SETTLED and cannot be released`);
    const released = (await t.locks.close(lock.id, 'RELEASED', '0', reason))!;
    await t.wallets.move(wallet.id, lock.amount, negate(lock.amount));
    await t.outbox.add(fundsTopic, 'funds.released', wallet.userId, { ...lockPart(wallet, lock), amount: lock.amount, purpose: lock.purpose, ...(reason ? { reason } : {}) });
    return released;
  });
}

export interface Settled {
  lock: FundLock;
  transaction: WalletTransaction;
}

/**
 * Spends a lock: `amount` (fee included) leaves the wallet, the rest goes back to available.
 * A withdrawal's lock is paid out whole (funds.withdrawn); an order's may spend less
 * (funds.settled, and funds.released for the rest). Settling a settled lock again with the
 * same amount answers the same settlement.
 */
export async function settleLock(db: FundsDb, lockId: string, amount: string, fee: string): Promise<Settled> {
  return db.tx(async (t) => {
    const { lock, wallet } = await lockedLock(t, lockId);
    const type: TransactionType = lock.purpose === 'WITHDRAWAL' ? 'WITHDRAWAL' : 'TRADE_DEBIT';
    if (lock.status === 'SETTLED') {
      const earlier = await t.transactions.byReference(type, lock.reference);
      if (earlier && money(earlier.amount).eq(amount) && money(earlier.fee).eq(fee)) return { lock, transaction: earlier };
    }
    const settlement = settlementOf(lock, amount, fee);
    if (typeof settlement === 'string') throw lock.status === 'LOCKED' ? problems.validation([{ field: 'amount', message: settlement }]) : problems.conflict(settlement);
    const closed = (await t.locks.close(lock.id, 'SETTLED', settlement.spent, null))!;
    const after = await t.wallets.move(wallet.id, settlement.released, negate(lock.amount));
    const transaction = await t.transactions.add({
      id: randomUUID(), walletId: wallet.id, type, amount: settlement.spent, fee: settlement.fee, currency: wallet.currency,
      reference: lock.reference, lockId: lock.id, availableAfter: after.available,
    });
    const part = lockPart(wallet, lock);
    if (type === 'WITHDRAWAL') {
      await t.outbox.add(fundsTopic, 'funds.withdrawn', wallet.userId, { ...part, transactionId: transaction.id, amount: settlement.spent });
    } else {
      await t.outbox.add(fundsTopic, 'funds.settled', wallet.userId, { ...part, transactionId: transaction.id, amount: settlement.spent, fee: settlement.fee });
      if (money(settlement.released).gt(0)) {
        await t.outbox.add(fundsTopic, 'funds.released', wallet.userId, { ...part, amount: settlement.released, purpose: lock.purpose, reason: 'not spent' });
      }
    }
    return { lock: closed, transaction };
  });
}

export interface CreditRequest {
  userId: string;
  amount: string;
  fee: string;
  currency: string;
  reference: string;
  kind: CreditKind;
}

/** Money in: a deposit, or sale proceeds less their fee. Once per (kind, reference). */
export async function credit(db: FundsDb, request: CreditRequest): Promise<WalletTransaction> {
  return db.tx(async (t) => {
    const wallet = await walletFor(t, request.userId, request.currency);
    const earlier = await t.transactions.byReference(request.kind, request.reference);
    if (earlier) {
      if (earlier.walletId !== wallet.id || !money(earlier.amount).eq(request.amount)) throw problems.conflict(`reference ${request.reference} was already credited with another amount`);
      return earlier;
    }
    const refusal = walletRefusal(wallet);
    if (refusal) throw problems.conflict(`cannot credit: ${refusal}`);
    if (money(request.fee).gt(request.amount)) throw problems.validation([{ field: 'fee', message: 'fee cannot be more than amount' }]);
    const amount = money(request.amount).toFixed(4);
    const fee = money(request.fee).toFixed(4);
    const after = await t.wallets.move(wallet.id, money(amount).minus(fee).toFixed(4), '0');
    const transaction = await t.transactions.add({
      id: randomUUID(), walletId: wallet.id, type: request.kind, amount, fee, currency: wallet.currency,
      reference: request.reference, lockId: null, availableAfter: after.available,
    });
    const event = { ...walletPart(wallet), transactionId: transaction.id, amount, reference: request.reference };
    if (request.kind === 'DEPOSIT') await t.outbox.add(fundsTopic, 'funds.deposited', wallet.userId, event);
    else await t.outbox.add(fundsTopic, 'funds.credited', wallet.userId, { ...event, fee });
    return transaction;
  });
}

/**
 * Money out without a prior lock (a withdrawal paid at once): a lock and its settlement in
 * one transaction, so the books see the same two movements as a withdrawal that waited.
 */
export async function debit(db: FundsDb, request: Omit<LockRequest, 'purpose'>): Promise<Settled> {
  return db.tx(async (t) => {
    const lock = await lockFunds(t, { ...request, purpose: 'WITHDRAWAL' });
    return settleLock(t, lock.id, lock.amount, '0');
  });
}

export async function transactionsOf(db: FundsDb, userId: string, limit: number, before: PageKey | null, type?: TransactionType): Promise<{ transactions: WalletTransaction[]; next: PageKey | null }> {
  const wallet = await db.wallets.byUser(userId, DEFAULT_CURRENCY);
  if (!wallet) return { transactions: [], next: null };
  return db.transactions.page(wallet.id, limit, before, type);
}
