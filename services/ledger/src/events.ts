// What the ledger consumes: the funds service's movements (topic `funds`), one journal entry
// per event, posted inside the transaction that records the event in the inbox. What it
// publishes (`ledger.entry-posted`) is written by postEntry with the entry it reports.
import { fundsTopic, PoisonEvent, subscribe, tradesTopic, type Subscription, type Tx } from '@winvestco/common';
import { EntryRefused, type EntryDraft } from './domain/journal.ts';
import { chargesEntry, depositEntry, lockEntry, releaseEntry, settleEntry, tradeCreditEntry, withdrawalEntry } from './domain/postingRules.ts';
import type { LedgerRepositories } from './store.ts';
import { postEntry } from './usecases.ts';

/**
 * Posts the entry a funds event implies. A movement reported again under another event id
 * is acknowledged without a second entry; one that contradicts what was posted for the same
 * reference, or that no entry can express, is dead-lettered for a person to look at.
 */
async function book(t: Tx<LedgerRepositories>, rule: () => EntryDraft | null): Promise<void> {
  let draft: EntryDraft | null;
  try {
    draft = rule();
  } catch (error) {
    if (error instanceof EntryRefused) throw new PoisonEvent(error.message);
    throw error;
  }
  if (!draft) return;
  const { outcome, entry } = await postEntry(t, draft);
  if (outcome === 'conflict') {
    throw new PoisonEvent(`${draft.kind} ${draft.referenceId} was already posted as entry ${entry.id} with other amounts or accounts`);
  }
}

/** wallet.created moves no money, so it has no handler (the kit acknowledges it). */
export function fundsSubscription(): Subscription<LedgerRepositories> {
  return subscribe<LedgerRepositories, typeof fundsTopic>(fundsTopic, {
    'funds.deposited': (t, e) => book(t, () => depositEntry(e)),
    'funds.locked': (t, e) => book(t, () => lockEntry(e)),
    'funds.released': (t, e) => book(t, () => releaseEntry(e)),
    'funds.withdrawn': (t, e) => book(t, () => withdrawalEntry(e)),
    'funds.settled': (t, e) => book(t, () => settleEntry(e)),
    'funds.credited': (t, e) => book(t, () => tradeCreditEntry(e)),
  });
}

/** trade.executed: a fill's statutory charges move from fees-revenue to what is owed to others. */
export function tradesSubscription(): Subscription<LedgerRepositories> {
  return subscribe<LedgerRepositories, typeof tradesTopic>(tradesTopic, {
    'trade.executed': (t, e) => book(t, () => chargesEntry(e)),
  });
}
