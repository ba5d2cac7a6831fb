// The ledger's operations. Event handlers and routes call these; posting writes the entry,
// its postings (which move the balances) and its ledger.entry-posted event in one transaction.
import { randomUUID } from 'node:crypto';
import { DEFAULT_CURRENCY, formatMoney, ledgerTopic, money, problems, type Db, type LedgerEntryPosted, type Money, type PageKey } from '@winvestco/common';
import { accountOf, balanceOf, cashAccount, lockedAccount, normalSide, type Account, type Side } from './domain/accounts.ts';
import { balancedEntry, reversalOf, sameMovement, totals, userOf, type EntryDraft, type JournalEntry } from './domain/journal.ts';
import { compareWithWallet, verdict, type CashSide, type Comparison, type Timing, type Verdict } from './domain/reconciliation.ts';
import type { Wallet, WalletLookup } from './funds.ts';
import type { LedgerRepositories, Mismatch } from './store.ts';

export type LedgerDb = Db<LedgerRepositories>;

export interface PostOutcome {
  /** duplicate: the same movement was posted before; conflict: something else was posted for its reference. */
  outcome: 'posted' | 'duplicate' | 'conflict';
  entry: JournalEntry;
}

/** What the ledger publishes for an entry (topic `ledger`, declared in the kit's contracts). */
export function entryPosted(entry: JournalEntry): LedgerEntryPosted {
  const userId = userOf(entry);
  return {
    entryId: entry.id,
    kind: entry.kind,
    referenceType: entry.referenceType,
    referenceId: entry.referenceId,
    currency: entry.currency,
    postings: entry.postings.map((p) => ({ account: p.account, debit: formatMoney(p.debit), credit: formatMoney(p.credit) })),
    // For consumers that keep the entry by user and date (the report service's statements).
    ...(userId ? { userId } : {}),
    postedAt: entry.createdAt.toISOString(),
  };
}

/**
 * Posts an entry once per (kind, reference): a second post of the same movement finds the
 * first entry and writes nothing, not even an event.
 */
export async function postEntry(db: LedgerDb, draft: EntryDraft): Promise<PostOutcome> {
  const checked = balancedEntry(draft);
  const accounts = [...new Map(checked.postings.map((p) => [p.account, accountOf(p.account)!])).values()];
  return db.tx(async (t): Promise<PostOutcome> => {
    await t.journal.ensureAccounts(accounts);
    const entry = await t.journal.addHeader(randomUUID(), checked, totals(checked.postings).debits);
    if (!entry) {
      const existing = await t.journal.byReference(checked.kind, checked.referenceType, checked.referenceId);
      if (!existing) throw new Error(`entry ${checked.kind} ${checked.referenceId} was neither written nor found`);
      return { outcome: sameMovement(existing, checked) ? 'duplicate' : 'conflict', entry: existing };
    }
    const user = userOf(entry);
    await t.outbox.add(ledgerTopic, 'ledger.entry-posted', user ?? entry.id, entryPosted(entry));
    // The continuous reconciliation checks this user against their wallet a moment later.
    if (user) await t.reconciliation.touch(user);
    // Last: the postings lock their balance rows until the commit (the platform's accounts are
    // in most entries), so those locks are held as briefly as the transaction allows.
    await t.journal.addPostings(entry);
    return { outcome: 'posted', entry };
  });
}

/** Posts the reversal of an entry; asked again, it answers the reversal already posted. */
export async function reverseEntry(db: LedgerDb, entryId: string, reason: string): Promise<{ created: boolean; entry: JournalEntry }> {
  const entry = await db.journal.byId(entryId);
  if (!entry) throw problems.notFound(`No journal entry ${entryId}`);
  const { outcome, entry: reversal } = await postEntry(db, reversalOf(entry, reason));
  return { created: outcome === 'posted', entry: reversal };
}

export interface AccountBalance {
  account: Account;
  side: Side;
  currency: string;
  debits: Money;
  credits: Money;
  /** On the account's normal side: what the platform owes for a liability, holds for an asset. */
  balance: Money;
  updatedAt: Date | null;
}

export async function accountBalance(db: LedgerDb, account: Account, currency: string): Promise<AccountBalance> {
  const stored = (await db.balances.of([account.code], currency)).get(account.code);
  const debits = stored?.debits ?? money(0);
  const credits = stored?.credits ?? money(0);
  return { account, side: normalSide(account.type), currency, debits, credits, balance: balanceOf(account.type, debits, credits), updatedAt: stored?.updatedAt ?? null };
}

export interface EntriesQuery {
  accounts: string[] | null;
  from: string | null;
  to: string | null;
  after: PageKey | null;
  limit: number;
}

export async function listEntries(db: LedgerDb, query: EntriesQuery): Promise<{ entries: JournalEntry[]; next: PageKey | null }> {
  return db.journal.page(query);
}

export interface CurrencyTrialBalance {
  currency: string;
  debits: Money;
  credits: Money;
  difference: Money;
  accounts: number;
}

/** Σ debits and Σ credits per currency over all accounts; double entry makes every difference zero. */
export async function trialBalance(db: LedgerDb): Promise<{ currencies: CurrencyTrialBalance[]; balanced: boolean }> {
  const currencies = (await db.balances.totalsByCurrency()).map((c) => ({ ...c, difference: c.debits.minus(c.credits) }));
  return { currencies, balanced: currencies.every((c) => c.difference.isZero()) };
}

export interface Reconciliation extends Comparison {
  userId: string;
  currency: string;
  ledger: CashSide;
  wallet: Wallet | null;
}

/** The credit balances of the user's two cash accounts in `currency`, out of balances read at once. */
function cashSideOf(balances: Map<string, { debits: Money; credits: Money }>, userId: string): CashSide {
  const credit = (code: string) => {
    const b = balances.get(code);
    return b ? balanceOf('LIABILITY', b.debits, b.credits) : money(0);
  };
  return { available: credit(cashAccount(userId)), locked: credit(lockedAccount(userId)) };
}

/**
 * The user's cash accounts against the funds service's wallet, in the wallet's currency.
 * Events reach the ledger a moment after the wallet moves, so a difference may be one in
 * flight; a lasting one is a defect.
 */
export async function reconcile(db: LedgerDb, wallets: WalletLookup, userId: string): Promise<Reconciliation> {
  const cash = cashAccount(userId);
  const locked = lockedAccount(userId);
  const wallet = await wallets.walletOf(userId);
  if (!wallet && !(await db.balances.anyPosted([cash, locked]))) {
    throw problems.notFound(`Neither the funds service nor the ledger knows user ${userId}`);
  }
  const currency = wallet?.currency ?? DEFAULT_CURRENCY;
  const ledger = cashSideOf(await db.balances.of([cash, locked], currency), userId);
  return { userId: userId.toLowerCase(), currency, ledger, wallet, ...compareWithWallet(ledger, wallet) };
}

export interface Observation {
  userId: string;
  verdict: Verdict;
  /** The difference as recorded now; null once resolved. */
  mismatch: Mismatch | null;
}

/**
 * Records what a check found for one user (docs/domain.md, Ledger: the reconciliation): an
 * equal wallet and ledger resolve any difference recorded; a difference is a SUSPECT until
 * the same one has lasted the grace period, then a MISMATCH, reported until resolved. The
 * caller schedules the next check the verdict asks for (followUp).
 */
export async function observe(db: LedgerDb, found: Pick<Reconciliation, 'userId' | 'currency' | 'ledger' | 'wallet'>, timing: Timing, now = new Date()): Promise<Observation> {
  return db.tx(async (t) => {
    const seen = await t.reconciliation.lock(found.userId);
    const comparison = compareWithWallet(found.ledger, found.wallet);
    const judged = verdict(seen, comparison, now, timing);
    if (judged.kind === 'resolved') {
      if (seen) await t.reconciliation.resolve(found.userId);
      return { userId: found.userId, verdict: judged, mismatch: null };
    }
    const mismatch: Mismatch = {
      userId: found.userId, currency: found.currency, status: judged.kind === 'mismatch' ? 'MISMATCH' : 'SUSPECT',
      ledger: found.ledger, wallet: found.wallet && { available: found.wallet.available, locked: found.wallet.locked }, differences: comparison.differences,
      firstSeenAt: judged.firstSeenAt, confirmedAt: judged.kind === 'mismatch' ? (seen?.confirmedAt ?? now) : null, lastCheckedAt: now,
    };
    await t.reconciliation.save(mismatch);
    return { userId: found.userId, verdict: judged, mismatch };
  });
}

/** Schedules the user's next check when the verdict needs one (a difference is never left unchecked). */
export async function followUp(db: LedgerDb, observation: Observation): Promise<void> {
  if (observation.verdict.kind !== 'resolved') await db.reconciliation.schedule(observation.userId, observation.verdict.recheckAt);
}

/** One user's check: ask the funds service for the wallet, compare, record. */
export async function checkUser(db: LedgerDb, wallets: WalletLookup, userId: string, timing: Timing): Promise<Observation> {
  let found: Reconciliation;
  try {
    found = await reconcile(db, wallets, userId);
  } catch (error) {
    // Neither side knows the user (any more): nothing to reconcile.
    if (error instanceof Error && 'status' in error && error.status === 404) {
      await db.reconciliation.resolve(userId);
      return { userId, verdict: { kind: 'resolved', wasReported: false }, mismatch: null };
    }
    throw error;
  }
  return observe(db, found, timing);
}

export interface SweepResult {
  startedAt: Date;
  finishedAt: Date;
  /** Wallets compared, and users the ledger has accounts of but the funds service no wallet. */
  wallets: number;
  withoutWallet: number;
  observations: Observation[];
}

/**
 * The full sweep: every wallet of the currency, a page at a time from the funds service,
 * compared with the ledger's balances read for the whole page at once; then the users the
 * ledger has accounts of that have no wallet. Only differences and resolutions are
 * recorded (the observations returned); an equal user without a record costs no write.
 */
export async function sweep(db: LedgerDb, wallets: WalletLookup, timing: Timing, currency = DEFAULT_CURRENCY, pageSize = 200): Promise<SweepResult> {
  const startedAt = new Date();
  const seenUsers = new Set<string>();
  const observations: Observation[] = [];
  const record = async (found: Pick<Reconciliation, 'userId' | 'currency' | 'ledger' | 'wallet'>) => {
    const { matched } = compareWithWallet(found.ledger, found.wallet);
    // A match with nothing recorded needs no transaction; anything else is observed.
    if (matched && !(await db.reconciliation.lock(found.userId))) return;
    const observation = await observe(db, found, timing);
    await followUp(db, observation);
    observations.push(observation);
  };
  let count = 0;
  for (let after: string | null = null; ;) {
    const page = await wallets.page(currency, after, pageSize);
    const users = page.wallets.map((w) => w.userId.toLowerCase());
    const balances = await db.balances.of(users.flatMap((u) => [cashAccount(u), lockedAccount(u)]), currency);
    for (const wallet of page.wallets) {
      const userId = wallet.userId.toLowerCase();
      seenUsers.add(userId);
      await record({ userId, currency, ledger: cashSideOf(balances, userId), wallet });
    }
    count += page.wallets.length;
    if (!page.nextAfter) break;
    after = page.nextAfter;
  }
  let withoutWallet = 0;
  for (let after: string | null = null; ;) {
    const users = await db.reconciliation.ledgerUsers(after, pageSize);
    const missing = users.filter((u) => !seenUsers.has(u));
    if (missing.length > 0) {
      const balances = await db.balances.of(missing.flatMap((u) => [cashAccount(u), lockedAccount(u)]), currency);
      for (const userId of missing) {
        const ledger = cashSideOf(balances, userId);
        // Accounts that hold nothing in this currency are nothing to reconcile.
        if (ledger.available.isZero() && ledger.locked.isZero()) continue;
        withoutWallet += 1;
        await record({ userId, currency, ledger, wallet: null });
      }
    }
    if (users.length < pageSize) break;
    after = users[users.length - 1]!;
  }
  return { startedAt, finishedAt: new Date(), wallets: count, withoutWallet, observations };
}

/** The recorded differences (reported ones, and the suspects when asked), longest standing first. */
export async function mismatches(db: LedgerDb, withSuspects: boolean, limit = 200): Promise<{ items: Mismatch[]; mismatches: number; suspects: number }> {
  return { items: await db.reconciliation.list(withSuspects, limit), ...(await db.reconciliation.counts()) };
}
