// The ledger's operations. Event handlers and routes call these; posting writes the entry,
// its postings (which move the balances) and its ledger.entry-posted event in one transaction.
import { randomUUID } from 'node:crypto';
import { DEFAULT_CURRENCY, ledgerTopic, money, problems, type Db, type Money, type PageKey } from '@winvestco/common';
import { accountOf, balanceOf, cashAccount, lockedAccount, normalSide, type Account, type Side } from './domain/accounts.ts';
import { balancedEntry, reversalOf, sameMovement, totals, userOf, type EntryDraft, type JournalEntry } from './domain/journal.ts';
import { compareWithWallet, type CashSide, type Comparison } from './domain/reconciliation.ts';
import { entryPosted } from './events.ts';
import type { Wallet, WalletLookup } from './funds.ts';
import type { LedgerRepositories } from './store.ts';

export type LedgerDb = Db<LedgerRepositories>;

export interface PostOutcome {
  /** duplicate: the same movement was posted before; conflict: something else was posted for its reference. */
  outcome: 'posted' | 'duplicate' | 'conflict';
  entry: JournalEntry;
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
    await t.outbox.add(ledgerTopic, 'ledger.entry-posted', userOf(entry) ?? entry.id, entryPosted(entry));
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
  const balances = await db.balances.of([cash, locked], currency);
  const credit = (code: string) => {
    const b = balances.get(code);
    return b ? balanceOf('LIABILITY', b.debits, b.credits) : money(0);
  };
  const ledger = { available: credit(cash), locked: credit(locked) };
  return { userId: userId.toLowerCase(), currency, ledger, wallet, ...compareWithWallet(ledger, wallet) };
}
