// Fills and entries for the unit tests, written as a person reads them.
import { money } from '@winvestco/common';
import type { Fill, LedgerEntry } from '../../src/domain/facts.ts';

let n = 0;
const id = () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`;

/** A fill at an instant (UTC ISO); charges none unless given. */
export function fill(side: 'BUY' | 'SELL', quantity: number, symbol: string, price: string, at: string, fees = '0', charges?: Record<string, string>): Fill {
  return {
    executionId: id(), orderId: id(), symbol, side, quantity, price: money(price), fees: money(fees), executedAt: new Date(at),
    charges: charges ? {
      brokerage: money(charges.brokerage ?? 0), stt: money(charges.stt ?? 0), exchangeCharge: money(charges.exchangeCharge ?? 0),
      sebiFee: money(charges.sebiFee ?? 0), stampDuty: money(charges.stampDuty ?? 0), gst: money(charges.gst ?? 0),
    } : null,
  };
}

export function entry(kind: string, at: string, postings: [string, string, string][]): LedgerEntry {
  return {
    entryId: id(), kind, referenceType: 'WALLET_TRANSACTION', referenceId: id(), currency: 'INR', postedAt: new Date(at),
    postings: postings.map(([account, debit, credit]) => ({ account, debit: money(debit), credit: money(credit) })),
  };
}
