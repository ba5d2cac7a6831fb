// Topic `ledger`: published by the ledger service when a journal entry is posted.
import { ArrayMinSize, IsArray, IsISO8601, IsOptional, IsString, IsUUID, Length, MinLength } from 'class-validator';
import { IsMoney } from '../money.ts';
import { IsInstanceOf } from '../validation.ts';
import { defineTopic } from './topic.ts';

/** One line of an entry: an account with a debit and a credit amount. */
export class Posting {
  @IsString() @MinLength(1) account!: string;
  @IsMoney() debit!: string;
  @IsMoney() credit!: string;
}

export class LedgerEntryPosted {
  @IsUUID() entryId!: string;
  /** What kind of movement (DEPOSIT, LOCK, RELEASE, SETTLE, WITHDRAWAL, TRADE_CREDIT, ...). */
  @IsString() kind!: string;
  @IsString() referenceType!: string;
  @IsString() referenceId!: string;
  @IsString() @Length(3, 3) currency!: string;
  /** At least two. */
  @IsArray() @ArrayMinSize(2) @IsInstanceOf(() => Posting, { each: true }) postings!: Posting[];
  /** The user whose accounts the entry moves (an entry touches one user at most); absent for the platform's own entries and in entries published before it was added. */
  @IsOptional() @IsUUID() userId?: string;
  /** When the ledger posted it; absent in entries published before it was added. */
  @IsOptional() @IsISO8601() postedAt?: string;
}

export const ledgerTopic = defineTopic('ledger', 'ledger-service', {
  'ledger.entry-posted': LedgerEntryPosted,
});
