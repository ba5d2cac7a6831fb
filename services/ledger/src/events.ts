// What the ledger publishes (topic `ledger`, declared in the kit's contracts), built from the
// domain. What it consumes is in handlers.ts (the handlers call the use cases, which use
// these payloads; one file for both would import itself in a circle).
import { formatMoney, ledgerTopic, type LedgerEntryPosted } from '@winvestco/common';
import type { JournalEntry } from './domain/journal.ts';

export { ledgerTopic };

export function entryPosted(entry: JournalEntry): LedgerEntryPosted {
  return {
    entryId: entry.id,
    kind: entry.kind,
    referenceType: entry.referenceType,
    referenceId: entry.referenceId,
    currency: entry.currency,
    postings: entry.postings.map((p) => ({ account: p.account, debit: formatMoney(p.debit), credit: formatMoney(p.credit) })),
  };
}
