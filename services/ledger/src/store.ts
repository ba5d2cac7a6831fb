import type { IBaseProtocol } from 'pg-promise';
import { type Money, money, nextPageKey, type PageKey, type Queryable, sqlFolder } from '@winvestco/common';
import type { Account } from './domain/accounts.ts';
import type { EntryDraft, EntryKind, JournalEntry, Posting, ReferenceType } from './domain/journal.ts';
import type { CashSide, MismatchStatus } from './domain/reconciliation.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  ensureAccounts: sql('accounts-ensure'),
  insertEntry: sql('entry-insert'),
  insertPostings: sql('postings-insert'),
  entryByReference: sql('entry-by-reference'),
  entryById: sql('entry-by-id'),
  entriesPage: sql('entries-page'),
  postingsOf: sql('postings-of-entries'),
  balances: sql('balances'),
  userHasPostings: sql('user-has-postings'),
  trialBalance: sql('trial-balance'),
  touch: sql('reconciliation-touch'),
  schedule: sql('reconciliation-schedule'),
  claim: sql('reconciliation-claim'),
  done: sql('reconciliation-done'),
  lockMismatch: sql('mismatch-lock'),
  saveMismatch: sql('mismatch-save'),
  deleteMismatch: sql('mismatch-delete'),
  mismatches: sql('mismatches-list'),
  countMismatches: sql('mismatches-count'),
  ledgerUsers: sql('ledger-users-page'),
};

interface EntryRow {
  id: string;
  kind: EntryKind;
  reference_type: ReferenceType;
  reference_id: string;
  description: string;
  currency: string;
  created_at: Date;
  page_at: string;
}

interface PostingRow {
  entry_id: string;
  account: string;
  debit: string;
  credit: string;
}

export interface EntryFilter {
  /** Only entries with a posting on one of these accounts; null for every entry. */
  accounts: string[] | null;
  from: string | null;
  to: string | null;
  after: PageKey | null;
  limit: number;
}

export interface StoredBalance {
  account: string;
  debits: Money;
  credits: Money;
  updatedAt: Date;
}

export interface CurrencyTotals {
  currency: string;
  debits: Money;
  credits: Money;
  accounts: number;
}

/** The journal: entries with their postings. Append-only; the database refuses anything else. */
export class JournalRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** Adds the accounts an entry needs to the chart (the platform's are seeded, but a reset database may lack them). */
  async ensureAccounts(accounts: readonly Account[]): Promise<void> {
    await this.q.none(SQL.ensureAccounts, { codes: accounts.map((a) => a.code), types: accounts.map((a) => a.type) });
  }

  /**
   * Writes the entry's header; null (and nothing written) when an entry of its kind for its
   * reference exists. Its postings must follow in the same transaction: the database checks
   * the whole entry at commit.
   */
  async addHeader(id: string, draft: EntryDraft, total: Money): Promise<JournalEntry | null> {
    const header = await this.q.oneOrNone<{ id: string; created_at: Date }>(SQL.insertEntry, {
      id, kind: draft.kind, referenceType: draft.referenceType, referenceId: draft.referenceId, description: draft.description,
      currency: draft.currency, postingCount: draft.postings.length, total: total.toFixed(4),
    });
    return header ? { ...draft, id, createdAt: header.created_at } : null;
  }

  /** Writes the entry's postings, which move their accounts' balances (a trigger). */
  async addPostings(entry: JournalEntry): Promise<void> {
    await this.q.none(SQL.insertPostings, {
      entryId: entry.id, currency: entry.currency,
      accounts: entry.postings.map((p) => p.account),
      debits: entry.postings.map((p) => p.debit.toFixed(4)),
      credits: entry.postings.map((p) => p.credit.toFixed(4)),
    });
  }

  async byReference(kind: EntryKind, referenceType: ReferenceType, referenceId: string): Promise<JournalEntry | null> {
    const row = await this.q.oneOrNone<EntryRow>(SQL.entryByReference, { kind, referenceType, referenceId });
    return row ? (await this.withPostings([row]))[0]! : null;
  }

  async byId(id: string): Promise<JournalEntry | null> {
    const row = await this.q.oneOrNone<EntryRow>(SQL.entryById, { id });
    return row ? (await this.withPostings([row]))[0]! : null;
  }

  /** One page in (created_at, id) order; `next` carries created_at to the microsecond. */
  async page(filter: EntryFilter): Promise<{ entries: JournalEntry[]; next: PageKey | null }> {
    const rows = await this.q.any<EntryRow>(SQL.entriesPage, {
      accounts: filter.accounts, from: filter.from, to: filter.to,
      afterAt: filter.after?.createdAt ?? null, afterId: filter.after?.id ?? null, limit: filter.limit,
    });
    return { entries: await this.withPostings(rows), next: nextPageKey(rows, filter.limit) };
  }

  private async withPostings(rows: EntryRow[]): Promise<JournalEntry[]> {
    if (rows.length === 0) return [];
    const postings = new Map<string, Posting[]>();
    for (const p of await this.q.any<PostingRow>(SQL.postingsOf, { ids: rows.map((r) => r.id) })) {
      const lines = postings.get(p.entry_id) ?? [];
      lines.push({ account: p.account, debit: money(p.debit), credit: money(p.credit) });
      postings.set(p.entry_id, lines);
    }
    return rows.map((r) => ({
      id: r.id, kind: r.kind, referenceType: r.reference_type, referenceId: r.reference_id, description: r.description,
      currency: r.currency, createdAt: r.created_at, postings: postings.get(r.id) ?? [],
    }));
  }
}

/** Balances per account and currency, which a trigger keeps equal to the postings' sums. */
export class BalancesRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** The balances of `accounts` in `currency`; an account never posted to is absent. */
  async of(accounts: readonly string[], currency: string): Promise<Map<string, StoredBalance>> {
    const rows = await this.q.any<{ account: string; debit_total: string; credit_total: string; updated_at: Date }>(SQL.balances, { accounts, currency });
    return new Map(rows.map((r) => [r.account, { account: r.account, debits: money(r.debit_total), credits: money(r.credit_total), updatedAt: r.updated_at }]));
  }

  /** Whether any of `accounts` was ever posted to, in any currency. */
  async anyPosted(accounts: readonly string[]): Promise<boolean> {
    return (await this.q.one<{ posted: boolean }>(SQL.userHasPostings, { accounts })).posted;
  }

  async totalsByCurrency(): Promise<CurrencyTotals[]> {
    const rows = await this.q.any<{ currency: string; debits: string; credits: string; accounts: number }>(SQL.trialBalance);
    return rows.map((r) => ({ currency: r.currency, debits: money(r.debits), credits: money(r.credits), accounts: r.accounts }));
  }
}

/** A user's wallet and cash accounts found to differ, as recorded at the last check. */
export interface Mismatch {
  userId: string;
  currency: string;
  status: MismatchStatus;
  ledger: CashSide;
  wallet: CashSide | null;
  differences: CashSide;
  firstSeenAt: Date;
  confirmedAt: Date | null;
  lastCheckedAt: Date;
}

interface MismatchRow {
  user_id: string;
  currency: string;
  status: MismatchStatus;
  ledger_available: string;
  ledger_locked: string;
  wallet_available: string | null;
  wallet_locked: string | null;
  diff_available: string;
  diff_locked: string;
  first_seen_at: Date;
  confirmed_at: Date | null;
  last_checked_at: Date;
}

const toMismatch = (r: MismatchRow): Mismatch => ({
  userId: r.user_id, currency: r.currency.trim(), status: r.status,
  ledger: { available: money(r.ledger_available), locked: money(r.ledger_locked) },
  wallet: r.wallet_available === null ? null : { available: money(r.wallet_available), locked: money(r.wallet_locked!) },
  differences: { available: money(r.diff_available), locked: money(r.diff_locked) },
  firstSeenAt: r.first_seen_at, confirmedAt: r.confirmed_at, lastCheckedAt: r.last_checked_at,
});

/** The continuous reconciliation's state: who is due a check, and the differences found. */
export class ReconciliationRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** A posting moved the user's accounts: check them a second from now. */
  async touch(userId: string): Promise<void> {
    await this.q.none(SQL.touch, { userId });
  }

  async schedule(userId: string, at: Date): Promise<void> {
    await this.q.none(SQL.schedule, { userId, at });
  }

  /** Up to `limit` checks due now, each leased for `leaseSeconds`. */
  async claim(limit: number, leaseSeconds: number): Promise<{ userId: string; leasedUntil: string }[]> {
    const rows = await this.q.any<{ user_id: string; leased_until: string }>(SQL.claim, { limit, leaseSeconds });
    return rows.map((r) => ({ userId: r.user_id, leasedUntil: r.leased_until }));
  }

  async done(userId: string, leasedUntil: string): Promise<void> {
    await this.q.none(SQL.done, { userId, leasedUntil });
  }

  /** The user's recorded difference, row-locked until the transaction ends. */
  async lock(userId: string): Promise<Mismatch | null> {
    const row = await this.q.oneOrNone<MismatchRow>(SQL.lockMismatch, { userId });
    return row && toMismatch(row);
  }

  async save(m: Mismatch): Promise<void> {
    const text = (v: Money) => v.toFixed(4);
    await this.q.none(SQL.saveMismatch, {
      userId: m.userId, currency: m.currency, status: m.status, ledgerAvailable: text(m.ledger.available), ledgerLocked: text(m.ledger.locked),
      walletAvailable: m.wallet ? text(m.wallet.available) : null, walletLocked: m.wallet ? text(m.wallet.locked) : null,
      diffAvailable: text(m.differences.available), diffLocked: text(m.differences.locked),
      firstSeenAt: m.firstSeenAt, confirmedAt: m.confirmedAt, checkedAt: m.lastCheckedAt,
    });
  }

  async resolve(userId: string): Promise<void> {
    await this.q.none(SQL.deleteMismatch, { userId });
  }

  async list(withSuspects: boolean, limit: number): Promise<Mismatch[]> {
    return (await this.q.any<MismatchRow>(SQL.mismatches, { withSuspects, limit })).map(toMismatch);
  }

  async counts(): Promise<{ mismatches: number; suspects: number }> {
    return this.q.one<{ mismatches: number; suspects: number }>(SQL.countMismatches);
  }

  /** Users the ledger has accounts of, in id order, after `after`. */
  async ledgerUsers(after: string | null, limit: number): Promise<string[]> {
    return (await this.q.any<{ user_id: string }>(SQL.ledgerUsers, { after, limit })).map((r) => r.user_id);
  }
}

export interface LedgerRepositories {
  journal: JournalRepository;
  balances: BalancesRepository;
  reconciliation: ReconciliationRepository;
}

export const repositories = (q: Queryable): LedgerRepositories => ({
  journal: new JournalRepository(q), balances: new BalancesRepository(q), reconciliation: new ReconciliationRepository(q),
});
