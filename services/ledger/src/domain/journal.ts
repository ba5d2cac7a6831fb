// Journal entries and the rules every entry obeys. The database checks the same rules at
// commit (migrations/ledger); checking here first turns a bad entry into a clear refusal
// instead of a failed transaction.
import { money, MONEY_DECIMALS, sumMoney, type Money } from '@winvestco/common';
import { accountOf } from './accounts.ts';

export const ENTRY_KINDS = ['DEPOSIT', 'LOCK', 'RELEASE', 'WITHDRAWAL', 'SETTLE', 'TRADE_CREDIT', 'REVERSAL', 'CHARGES'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/**
 * What an entry's reference id names: a funds transaction, a movement of a funds lock (its
 * lock, a growth, a shrink, a settlement, the release of its rest), or (a reversal) another
 * entry. FUND_LOCK: entries posted before lock movements had ids of their own.
 */
export const REFERENCE_TYPES = ['WALLET_TRANSACTION', 'FUND_LOCK', 'FUND_MOVEMENT', 'JOURNAL_ENTRY', 'EXECUTION'] as const;
export type ReferenceType = (typeof REFERENCE_TYPES)[number];

export interface Posting {
  account: string;
  debit: Money;
  credit: Money;
}

export interface EntryDraft {
  kind: EntryKind;
  referenceType: ReferenceType;
  referenceId: string;
  description: string;
  currency: string;
  postings: Posting[];
}

export interface JournalEntry extends EntryDraft {
  id: string;
  createdAt: Date;
}

/** An entry that must not be posted, and why. */
export class EntryRefused extends Error {}

export const DESCRIPTION_MAX = 500;
// NUMERIC(20,4): at most 16 digits before the point.
const AMOUNT_LIMIT = money('1e16');
const CURRENCY = /^[A-Z]{3}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function debit(account: string, amount: Money | string): Posting {
  return { account, debit: money(amount), credit: money(0) };
}

export function credit(account: string, amount: Money | string): Posting {
  return { account, debit: money(0), credit: money(amount) };
}

function amountProblem(amount: Money): string | null {
  if (amount.isNegative()) return 'is negative';
  if (amount.decimalPlaces() > MONEY_DECIMALS) return `has more than ${MONEY_DECIMALS} decimals`;
  if (amount.gte(AMOUNT_LIMIT)) return 'is too large';
  return null;
}

/** Why `draft` cannot be posted, or null when it can. */
export function entryProblem(draft: EntryDraft): string | null {
  if (!CURRENCY.test(draft.currency)) return `currency "${draft.currency}" is not a three-letter code`;
  if (!UUID.test(draft.referenceId)) return `reference id "${draft.referenceId}" is not a UUID`;
  if (draft.postings.length < 2) return `an entry needs at least two postings, this one has ${draft.postings.length}`;
  const users = new Set<string>();
  for (const [i, posting] of draft.postings.entries()) {
    const line = `posting ${i + 1} (${posting.account})`;
    const account = accountOf(posting.account);
    if (!account || account.code !== posting.account) return `${line}: not an account of the chart`;
    if (account.userId) users.add(account.userId);
    const problem = amountProblem(posting.debit) ?? amountProblem(posting.credit);
    if (problem) return `${line}: the amount ${problem}`;
    if (posting.debit.isZero() === posting.credit.isZero()) return `${line}: exactly one of debit and credit must be greater than zero`;
  }
  // Entries come from one wallet's movement; a client reading their entries sees every line.
  if (users.size > 1) return 'an entry must not touch the accounts of two users';
  const { debits, credits } = totals(draft.postings);
  if (!debits.eq(credits)) return `debits ${debits.toFixed(MONEY_DECIMALS)} do not equal credits ${credits.toFixed(MONEY_DECIMALS)}`;
  return null;
}

/** `draft` ready to post; EntryRefused (with the reason) when it may not be posted. */
export function balancedEntry(draft: EntryDraft): EntryDraft {
  const problem = entryProblem(draft);
  if (problem) throw new EntryRefused(`${draft.kind} ${draft.referenceId}: ${problem}`);
  // PostgreSQL answers UUIDs in lower case; the entry says what will be read back.
  return { ...draft, referenceId: draft.referenceId.toLowerCase() };
}

export function totals(postings: readonly Posting[]): { debits: Money; credits: Money } {
  return { debits: sumMoney(postings.map((p) => p.debit)), credits: sumMoney(postings.map((p) => p.credit)) };
}

/** The user whose accounts the entry moves, or null when it moves only the platform's. */
export function userOf(draft: EntryDraft): string | null {
  for (const posting of draft.postings) {
    const userId = accountOf(posting.account)?.userId;
    if (userId) return userId;
  }
  return null;
}

/** Whether two entries move the same amounts on the same accounts for the same thing. */
export function sameMovement(a: EntryDraft, b: EntryDraft): boolean {
  return a.kind === b.kind && a.referenceType === b.referenceType && a.referenceId.toLowerCase() === b.referenceId.toLowerCase()
    && a.currency === b.currency && a.postings.length === b.postings.length
    && a.postings.every((p, i) => {
      const q = b.postings[i]!;
      return p.account === q.account && p.debit.eq(q.debit) && p.credit.eq(q.credit);
    });
}

export function clipDescription(text: string): string {
  return text.length <= DESCRIPTION_MAX ? text : `${text.slice(0, DESCRIPTION_MAX - 1)}…`;
}

/** The entry that undoes `entry`: every posting on the other side. One reversal per entry. */
export function reversalOf(entry: JournalEntry, reason: string): EntryDraft {
  return balancedEntry({
    kind: 'REVERSAL',
    referenceType: 'JOURNAL_ENTRY',
    referenceId: entry.id,
    description: clipDescription(`Reversal of ${entry.kind} entry ${entry.id}: ${reason}`),
    currency: entry.currency,
    postings: entry.postings.map((p) => ({ account: p.account, debit: p.credit, credit: p.debit })),
  });
}
