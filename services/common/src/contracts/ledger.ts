// Topic `ledger`: published by the ledger service when a journal entry is posted.
import { IsISO8601, IsOptional, IsString, IsUUID, Length, ValidateBy } from 'class-validator';
import { moneyProblem } from '../money.ts';
import { defineTopic } from './topic.ts';

export interface Posting {
  account: string;
  debit: string;
  credit: string;
}

function isPosting(value: unknown): value is Posting {
  const p = value as Partial<Posting> | null;
  return typeof p === 'object' && p !== null && typeof p.account === 'string' && p.account !== ''
    && moneyProblem(p.debit) === null && moneyProblem(p.credit) === null;
}

/** At least two postings, each an account with a debit and a credit amount. */
function IsPostings() {
  return ValidateBy({
    name: 'isPostings',
    validator: {
      validate: (value) => Array.isArray(value) && value.length >= 2 && value.every(isPosting),
      defaultMessage: (args) => `${args?.property} must be at least two postings of {account, debit, credit}`,
    },
  });
}

export class LedgerEntryPosted {
  @IsUUID() entryId!: string;
  /** What kind of movement (DEPOSIT, LOCK, RELEASE, SETTLE, WITHDRAWAL, TRADE_CREDIT, ...). */
  @IsString() kind!: string;
  @IsString() referenceType!: string;
  @IsString() referenceId!: string;
  @IsString() @Length(3, 3) currency!: string;
  @IsPostings() postings!: Posting[];
  /** The user whose accounts the entry moves (an entry touches one user at most); absent for the platform's own entries and in entries published before it was added. */
  @IsOptional() @IsUUID() userId?: string;
  /** When the ledger posted it; absent in entries published before it was added. */
  @IsOptional() @IsISO8601() postedAt?: string;
}

export const ledgerTopic = defineTopic('ledger', 'ledger-service', {
  'ledger.entry-posted': LedgerEntryPosted,
});
