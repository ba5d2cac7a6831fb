import type { Money } from '@winvestco/common';

export const INSTRUMENT_STATUSES = ['ACTIVE', 'SUSPENDED'] as const;
export type InstrumentStatus = (typeof INSTRUMENT_STATUSES)[number];

/** A listed equity. Only ACTIVE instruments get prices from the feed. */
export interface Instrument {
  id: string;
  symbol: string;
  name: string;
  isin: string;
  exchange: string;
  tickSize: Money;
  lotSize: number;
  status: InstrumentStatus;
  currency: string;
  /** Where the simulator starts when the instrument has no quote yet. */
  referencePrice: Money;
  /** Annualised volatility of the simulated walk: a ratio, not money. */
  volatility: number;
}
