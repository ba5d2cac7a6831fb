import { Transform } from 'class-transformer';
import { IsBooleanString, IsISO8601, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { deadLetterView, formatMoney, PageQuery, trim, type DeadLetter } from '@winvestco/common';
import { totals, type JournalEntry } from './domain/journal.ts';
import type { LastSweep } from './reconciler.ts';
import type { Mismatch } from './store.ts';
import type { AccountBalance, CurrencyTrialBalance, Reconciliation } from './usecases.ts';

const CURRENCY = /^[A-Z]{3}$/;

export class BalanceQuery {
  @IsOptional() @Matches(CURRENCY, { message: 'currency must be a three-letter code such as INR' })
  currency?: string;
}

/** `from` is inclusive, `to` exclusive; both ISO 8601 instants (a date alone is its UTC midnight). */
export class EntriesQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(100)
  account?: string;

  @IsOptional() @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or time, such as 2026-01-31T10:00:00Z' })
  from?: string;

  @IsOptional() @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or time, such as 2026-01-31T10:00:00Z' })
  to?: string;

}

export class MismatchesQuery {
  @IsOptional() @IsBooleanString({ message: 'suspects must be true or false' })
  suspects?: string;
}

export class ReversalRequest {
  @Transform(trim) @IsString() @Length(1, 300)
  reason!: string;
}

export interface PostingView {
  account: string;
  debit: string;
  credit: string;
}

export interface EntryView {
  id: string;
  kind: string;
  referenceType: string;
  referenceId: string;
  description: string;
  currency: string;
  total: string;
  postings: PostingView[];
  createdAt: string;
}

export function entryView(entry: JournalEntry): EntryView {
  return {
    id: entry.id,
    kind: entry.kind,
    referenceType: entry.referenceType,
    referenceId: entry.referenceId,
    description: entry.description,
    currency: entry.currency,
    total: formatMoney(totals(entry.postings).debits),
    postings: entry.postings.map((p) => ({ account: p.account, debit: formatMoney(p.debit), credit: formatMoney(p.credit) })),
    createdAt: entry.createdAt.toISOString(),
  };
}

export function balanceView(b: AccountBalance) {
  return {
    account: b.account.code,
    type: b.account.type,
    normalSide: b.side,
    currency: b.currency,
    debits: formatMoney(b.debits),
    credits: formatMoney(b.credits),
    balance: formatMoney(b.balance),
    updatedAt: b.updatedAt?.toISOString() ?? null,
  };
}

export function trialBalanceView(trial: { currencies: CurrencyTrialBalance[]; balanced: boolean }) {
  return {
    balanced: trial.balanced,
    currencies: trial.currencies.map((c) => ({
      currency: c.currency, debits: formatMoney(c.debits), credits: formatMoney(c.credits), difference: formatMoney(c.difference), accounts: c.accounts,
    })),
  };
}

export function reconciliationView(r: Reconciliation) {
  return {
    userId: r.userId,
    currency: r.currency,
    ledger: { available: formatMoney(r.ledger.available), locked: formatMoney(r.ledger.locked) },
    wallet: r.wallet && {
      walletId: r.wallet.walletId, status: r.wallet.status, available: formatMoney(r.wallet.available), locked: formatMoney(r.wallet.locked),
    },
    differences: { available: formatMoney(r.differences.available), locked: formatMoney(r.differences.locked) },
    matched: r.matched,
  };
}

const side = (s: { available: { toFixed(n: number): string }; locked: { toFixed(n: number): string } }) => ({ available: s.available.toFixed(4), locked: s.locked.toFixed(4) });

/**
 * The reconciliation's report: the open dead letters first (the likely cause of a
 * difference: an event the ledger could not post), then each user whose wallet differs,
 * naming their own dead letters.
 */
export function mismatchesView(report: { items: Mismatch[]; mismatches: number; suspects: number }, letters: DeadLetter[], lastSweep: LastSweep | null) {
  const lettersOf = (userId: string) => letters.filter((d) => d.subject?.toLowerCase() === userId);
  return {
    matched: report.mismatches === 0 && letters.length === 0,
    deadLetters: letters.map((d) => { const { event: _event, ...view } = deadLetterView(d); return view; }),
    mismatches: report.items.map((m) => {
      const own = lettersOf(m.userId);
      return {
        userId: m.userId, currency: m.currency, status: m.status, ledger: side(m.ledger), wallet: m.wallet && side(m.wallet), differences: side(m.differences),
        since: m.firstSeenAt.toISOString(), confirmedAt: m.confirmedAt?.toISOString() ?? null, lastCheckedAt: m.lastCheckedAt.toISOString(),
        deadLetters: own.map((d) => d.id),
        likelyCause: own.length > 0
          ? `${own.length} of this user's funds events could not be posted (dead letters ${own.map((d) => d.id).join(', ')}); fix the cause and replay them (POST /admin/dead-letters/{id}/replay)`
          : letters.length > 0 ? 'open dead letters of other users; none of this user\'s' : null,
      };
    }),
    counts: { mismatches: report.mismatches, suspects: report.suspects, deadLetters: letters.length },
    lastSweep: lastSweep && {
      startedAt: lastSweep.startedAt.toISOString(), finishedAt: lastSweep.finishedAt?.toISOString() ?? null, wallets: lastSweep.wallets,
      withoutWallet: lastSweep.withoutWallet, differences: lastSweep.differences, error: lastSweep.error,
    },
  };
}
