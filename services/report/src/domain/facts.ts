// What the reports are made of: the projections' rows as plain values (money as decimals).
import type { Money } from '@winvestco/common';

export const REPORT_TYPES = ['TRANSACTION_HISTORY', 'PNL', 'HOLDINGS_SUMMARY', 'CONTRACT_NOTE', 'TAX'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const CHARGE_KINDS = ['brokerage', 'stt', 'exchangeCharge', 'sebiFee', 'stampDuty', 'gst'] as const;
export type ChargeKind = (typeof CHARGE_KINDS)[number];
export type Charges = Record<ChargeKind, Money>;

export interface Fill {
  executionId: string;
  orderId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  quantity: number;
  price: Money;
  /** Every charge of the fill; `charges` itemises them when the trade service did. */
  fees: Money;
  charges: Charges | null;
  executedAt: Date;
}

export interface LedgerPosting {
  account: string;
  debit: Money;
  credit: Money;
}

export interface LedgerEntry {
  entryId: string;
  kind: string;
  referenceType: string;
  referenceId: string;
  currency: string;
  postedAt: Date;
  postings: LedgerPosting[];
}

export interface OrderFact {
  orderId: string;
  symbol: string;
  side: string;
  type: string;
  quantity: number;
  limitPrice: Money | null;
  filledQuantity: number;
  averagePrice: Money | null;
  fees: Money;
  status: string;
  reason: string | null;
  placedAt: Date;
}

export interface WalletFact {
  available: Money;
  locked: Money;
}

export interface Price {
  last: Money;
  at: Date;
}

/** Fills in the order they happened (the trade service's clock), ties by id so the order is always the same. */
export function chronological<T extends { executedAt: Date; executionId: string }>(fills: readonly T[]): T[] {
  return [...fills].sort((a, b) => a.executedAt.getTime() - b.executedAt.getTime() || a.executionId.localeCompare(b.executionId));
}
