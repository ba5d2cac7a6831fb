// The funds service's operations: every movement takes the wallet's row lock first, checks
// its rule, moves the balances and writes its event, in one transaction. Each is idempotent
// by its business reference too, beside the callers' idempotency keys: a lock per
// reference, a settlement per (lock, fill), a credit per (kind, reference, fill), a payout
// per reference. Every change of a lock is a movement with its own id, which its event
// carries, so the ledger posts one entry per movement.
import { randomUUID } from 'node:crypto';
import { DEFAULT_CURRENCY, fundsTopic, money, problems, type Db, type LockPurpose, type PageKey } from '@winvestco/common';
import {
  adjustmentOf, heldOf, isRefusal, partRefusal, sameSettlement, settlementOf, spendRefusal, walletRefusal,
  type CreditKind, type FundLock, type LockMovement, type MovementKind, type Refusal, type TransactionType, type Wallet, type WalletTransaction,
} from './domain/wallet.ts';
import type { FundsRepositories } from './store.ts';

export type FundsDb = Db<FundsRepositories>;
type Tx = FundsDb;

const negate = (amount: string) => money(amount).negated().toFixed(4);
const add = (a: string, b: string) => money(a).plus(b).toFixed(4);

/** What every funds event says of its wallet (contracts/funds.ts). */
function walletPart(wallet: Wallet) {
  return { walletId: wallet.id, userId: wallet.userId, currency: wallet.currency };
}

function lockPart(wallet: Wallet, lock: FundLock) {
  return { ...walletPart(wallet), lockId: lock.id, reference: lock.reference };
}

/** A refusal as the kit's problem: a 400 naming the field at fault, or a 409 for the lock's state. */
function refused(refusal: Refusal) {
  return refusal.field ? problems.validation([{ field: refusal.field, message: refusal.message }]) : problems.conflict(refusal.message);
}

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
      // Compared with what it was made with: growths and shrinks since do not make the same request another.
      const madeWith = (await t.movements.firstLock(existing.id))?.amount ?? existing.amount;
      const same = existing.walletId === wallet.id && money(madeWith).eq(request.amount) && existing.purpose === request.purpose;
      if (!same) throw problems.conflict(`reference ${request.reference} already has a different lock`);
      return existing;
    }
    const refusal = spendRefusal(wallet, request.amount);
    if (refusal) throw problems.validation([{ field: 'amount', message: `amount cannot be locked: ${refusal}` }]);
    const amount = money(request.amount).toFixed(4);
    await t.wallets.move(wallet.id, negate(amount), amount);
    const lock = await t.locks.add({ id: randomUUID(), walletId: wallet.id, currency: wallet.currency, amount, reference: request.reference, purpose: request.purpose });
    const movement = await moved(t, lock, 'LOCK', amount);
    await t.outbox.add(fundsTopic, 'funds.locked', wallet.userId, { ...lockPart(wallet, lock), movementId: movement.id, amount, purpose: lock.purpose });
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

/** Records a movement of `lock` (as it is after the movement). */
async function moved(t: Tx, lock: FundLock, kind: MovementKind, amount: string, extra: Partial<Pick<LockMovement, 'fee' | 'executionId' | 'transactionId' | 'reason'>> = {}): Promise<LockMovement> {
  return t.movements.add({
    id: randomUUID(), lockId: lock.id, kind, amount, fee: extra.fee ?? '0', executionId: extra.executionId ?? null, transactionId: extra.transactionId ?? null,
    heldAfter: heldOf(lock), spentAfter: lock.spent, reason: extra.reason ?? null,
  });
}

/** Changes an open lock under its wallet's row lock; the update only fails when a caller forgot that lock. */
async function updated(t: Tx, lock: FundLock, change: Partial<Pick<FundLock, 'amount' | 'spent' | 'released' | 'status' | 'reason'>>): Promise<FundLock> {
  const next = await t.locks.update({ ...lock, ...change });
  if (!next) throw new Error(`the lock ${lock.id} was closed under its wallet's row lock`);
  return next;
}

/** Gives what `lock` holds back to available and closes it as `status`; one RELEASE movement when it held anything. */
async function giveBackRest(t: Tx, wallet: Wallet, lock: FundLock, status: 'RELEASED' | 'SETTLED', reason: string | null): Promise<FundLock> {
  const rest = heldOf(lock);
  const closed = await updated(t, lock, { released: add(lock.released, rest), status, reason });
  if (money(rest).isZero()) return closed;
  await t.wallets.move(wallet.id, rest, negate(rest));
  const movement = await moved(t, closed, 'RELEASE', rest, { reason });
  await t.outbox.add(fundsTopic, 'funds.released', wallet.userId, {
    ...lockPart(wallet, lock), movementId: movement.id, amount: rest, purpose: lock.purpose, ...(reason ? { reason } : {}),
  });
  return closed;
}

/**
 * The end of a lock: what it still holds goes back to available (nothing, when its
 * settlements spent it all), and it closes RELEASED; the settlements before stay. Released
 * again it changes nothing; a lock settled whole (SETTLED) cannot be released.
 */
export async function releaseLock(db: FundsDb, lockId: string, reason: string | null): Promise<FundLock> {
  return db.tx(async (t) => {
    const { lock, wallet } = await lockedLock(t, lockId);
    if (lock.status === 'RELEASED') return lock;
    if (lock.status === 'SETTLED') throw problems.conflict(`the lock ${lockId} is SETTLED and cannot be released`);
    return giveBackRest(t, wallet, lock, 'RELEASED', reason);
  });
}

export interface Settled {
  lock: FundLock;
  transaction: WalletTransaction;
}

/** A settlement's debit of the wallet: its transaction, the lock's new totals, its movement and its event. */
async function spend(t: Tx, wallet: Wallet, lock: FundLock, amount: string, fee: string, executionId: string | null): Promise<{ lock: FundLock; movement: LockMovement; transaction: WalletTransaction }> {
  const withdrawal = lock.purpose === 'WITHDRAWAL';
  const after = await t.wallets.move(wallet.id, '0', negate(amount));
  const transaction = await t.transactions.add({
    id: randomUUID(), walletId: wallet.id, type: withdrawal ? 'WITHDRAWAL' : 'TRADE_DEBIT', amount, fee, currency: wallet.currency,
    reference: lock.reference, lockId: lock.id, executionId, availableAfter: after.available,
  });
  const next = await updated(t, lock, { spent: add(lock.spent, amount) });
  const movement = await moved(t, next, 'SETTLE', amount, { fee, executionId, transactionId: transaction.id });
  const part = { ...lockPart(wallet, lock), movementId: movement.id, transactionId: transaction.id, amount };
  if (withdrawal) await t.outbox.add(fundsTopic, 'funds.withdrawn', wallet.userId, part);
  else await t.outbox.add(fundsTopic, 'funds.settled', wallet.userId, { ...part, fee, ...(executionId ? { executionId } : {}) });
  return { lock: next, movement, transaction };
}

/**
 * Spends a lock whole in one step: `amount` (fee included) leaves the wallet, the rest of
 * what it holds goes back to available, and it closes SETTLED. A withdrawal's lock is paid
 * out whole (funds.withdrawn); an order's may spend less (funds.settled, and funds.released
 * for the rest). Settling a settled lock again with the same amount answers the same
 * settlement.
 */
export async function settleLock(db: FundsDb, lockId: string, amount: string, fee: string): Promise<Settled> {
  return db.tx(async (t) => {
    const { lock, wallet } = await lockedLock(t, lockId);
    if (lock.status === 'SETTLED') {
      const earlier = await t.movements.wholeSettlement(lock.id);
      if (earlier && sameSettlement(earlier, amount, fee)) return { lock, transaction: await t.transactions.byId(earlier.transactionId!) };
    }
    const settlement = settlementOf(lock, amount, fee);
    if (typeof settlement === 'string') throw lock.status === 'LOCKED' ? problems.validation([{ field: 'amount', message: settlement }]) : problems.conflict(settlement);
    const spent = await spend(t, wallet, lock, settlement.spent, settlement.fee, null);
    const closed = await giveBackRest(t, wallet, spent.lock, 'SETTLED', money(settlement.released).isZero() ? null : 'not spent');
    return { lock: closed, transaction: spent.transaction };
  });
}

export interface SettledPart {
  settlement: LockMovement;
  transaction: WalletTransaction;
}

/**
 * One fill's part of an open order lock: `amount` (its cost, fee included) leaves the
 * wallet and the lock holds that much less; the lock stays open for the next fill and the
 * release of its rest. Once per (lock, executionId): asked again, whatever the key, it
 * answers the settlement made and moves nothing; the same fill with another amount is a 409.
 * With `close` (the order's last fill), the rest then goes back and the lock closes RELEASED,
 * in the same transaction, as the release route would; asked again it closes it if it is not.
 */
export async function settlePart(db: FundsDb, lockId: string, executionId: string, amount: string, fee: string, close: { reason: string | null } | null = null): Promise<SettledPart> {
  return db.tx(async (t) => {
    const { lock, wallet } = await lockedLock(t, lockId);
    const closing = async (after: FundLock) => {
      if (close && after.status === 'LOCKED') await giveBackRest(t, wallet, after, 'RELEASED', close.reason);
    };
    const earlier = await t.movements.byExecution(lock.id, executionId);
    if (earlier) {
      if (!sameSettlement(earlier, amount, fee)) {
        throw problems.conflict(`execution ${executionId} was already settled out of lock ${lockId} for ${earlier.amount} (fee ${earlier.fee})`);
      }
      await closing(lock);
      return { settlement: earlier, transaction: await t.transactions.byId(earlier.transactionId!) };
    }
    const refusal = partRefusal(lock, amount, fee);
    if (refusal) throw refused(refusal);
    const spent = await spend(t, wallet, lock, money(amount).toFixed(4), money(fee).toFixed(4), executionId);
    await closing(spent.lock);
    return { settlement: spent.movement, transaction: spent.transaction };
  });
}

export interface Adjusted {
  lock: FundLock;
  movement: LockMovement | null;
  /** held after − held before. */
  change: string;
}

/**
 * An open order lock made to hold `held` (an order changed): a growth is taken from
 * available, refused with nothing changed when available cannot cover it; a shrink goes
 * back. Asked again for what it holds, it moves nothing.
 */
export async function adjustLock(db: FundsDb, lockId: string, held: string): Promise<Adjusted> {
  return db.tx(async (t) => {
    const { lock, wallet } = await lockedLock(t, lockId);
    const adjustment = adjustmentOf(lock, wallet, held);
    if (isRefusal(adjustment)) throw refused(adjustment);
    if (adjustment.kind === null) return { lock, movement: null, change: '0.0000' };
    const { amount } = adjustment;
    if (adjustment.kind === 'GROW') {
      const next = await updated(t, lock, { amount: add(lock.amount, amount) });
      await t.wallets.move(wallet.id, negate(amount), amount);
      const movement = await moved(t, next, 'GROW', amount);
      await t.outbox.add(fundsTopic, 'funds.locked', wallet.userId, { ...lockPart(wallet, lock), movementId: movement.id, amount, purpose: lock.purpose });
      return { lock: next, movement, change: amount };
    }
    const next = await updated(t, lock, { released: add(lock.released, amount) });
    await t.wallets.move(wallet.id, amount, negate(amount));
    const movement = await moved(t, next, 'SHRINK', amount, { reason: 'the order needs less' });
    await t.outbox.add(fundsTopic, 'funds.released', wallet.userId, {
      ...lockPart(wallet, lock), movementId: movement.id, amount, purpose: lock.purpose, reason: 'the order needs less',
    });
    return { lock: next, movement, change: negate(amount) };
  });
}

export async function lockById(db: FundsDb, lockId: string): Promise<FundLock> {
  const lock = await db.locks.byId(lockId);
  if (!lock) throw problems.notFound(`No fund lock ${lockId}`);
  return lock;
}

export interface CreditRequest {
  userId: string;
  amount: string;
  fee: string;
  currency: string;
  reference: string;
  kind: CreditKind;
  executionId: string | null;
}

/** Money in: a deposit, or sale proceeds (of one fill) less their fee. Once per (kind, reference, fill). */
export async function credit(db: FundsDb, request: CreditRequest): Promise<WalletTransaction> {
  return db.tx(async (t) => {
    const wallet = await walletFor(t, request.userId, request.currency);
    const earlier = await t.transactions.byReference(request.kind, request.reference, request.executionId);
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
      reference: request.reference, lockId: null, executionId: request.executionId, availableAfter: after.available,
    });
    const event = { ...walletPart(wallet), transactionId: transaction.id, amount, reference: request.reference };
    if (request.kind === 'DEPOSIT') await t.outbox.add(fundsTopic, 'funds.deposited', wallet.userId, event);
    else await t.outbox.add(fundsTopic, 'funds.credited', wallet.userId, { ...event, fee, ...(request.executionId ? { executionId: request.executionId } : {}) });
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

/** A page of the wallets of `currency` in user id order (the ledger's reconciliation sweep). */
export async function walletsPage(db: FundsDb, currency: string, after: string | null, limit: number): Promise<{ wallets: Wallet[]; nextAfter: string | null }> {
  const wallets = await db.wallets.page(currency, after, limit);
  return { wallets, nextAfter: wallets.length === limit ? wallets[wallets.length - 1]!.userId : null };
}

export async function transactionsOf(db: FundsDb, userId: string, limit: number, before: PageKey | null, type?: TransactionType): Promise<{ transactions: WalletTransaction[]; next: PageKey | null }> {
  const wallet = await db.wallets.byUser(userId, DEFAULT_CURRENCY);
  if (!wallet) return { transactions: [], next: null };
  return db.transactions.page(wallet.id, limit, before, type);
}
