// Capital gains tax on listed equity for one Indian financial year, from FIFO lots:
// short-term (held ≤ 12 months) at 20 %; long-term (held > 12 months) at 12.5 % on the
// year's long-term gains above ₹1,25,000. A net short-term loss is set off against
// long-term gains; a net long-term loss is set off against nothing (it is carried forward).
// Surcharge and cess are outside this statement.
import { money, MONEY_DECIMALS, sumMoney, type Money } from '@winvestco/common';
import { within, type FinancialYear } from './dates.ts';
import type { MatchedLot } from './lots.ts';

export const STCG_RATE = money('0.20');
export const LTCG_RATE = money('0.125');
export const LTCG_EXEMPTION = money('125000');

export interface TaxComputation {
  year: FinancialYear;
  shortTerm: MatchedLot[];
  longTerm: MatchedLot[];
  shortTermGain: Money;
  longTermGain: Money;
  /** The part of a net short-term loss set off against long-term gains. */
  setOff: Money;
  exemption: Money;
  taxableShortTerm: Money;
  taxableLongTerm: Money;
  shortTermTax: Money;
  longTermTax: Money;
  totalTax: Money;
  /** A net long-term loss left after set-off, carried forward. */
  longTermLossCarriedForward: Money;
}

const max0 = (m: Money) => (m.isNegative() ? money(0) : m);

export function capitalGainsTax(matches: readonly MatchedLot[], year: FinancialYear): TaxComputation {
  const inYear = matches.filter((m) => within(m.soldOn, year.from, year.to));
  const shortTerm = inYear.filter((m) => m.term === 'SHORT');
  const longTerm = inYear.filter((m) => m.term === 'LONG');
  const shortTermGain = sumMoney(shortTerm.map((m) => m.gain));
  const longTermGain = sumMoney(longTerm.map((m) => m.gain));
  const shortLoss = shortTermGain.isNegative() ? shortTermGain.abs() : money(0);
  const setOff = longTermGain.gt(0) ? (shortLoss.lt(longTermGain) ? shortLoss : longTermGain) : money(0);
  const longAfterSetOff = longTermGain.minus(setOff);
  const exemption = longAfterSetOff.isPositive() ? (longAfterSetOff.lt(LTCG_EXEMPTION) ? longAfterSetOff : LTCG_EXEMPTION) : money(0);
  const taxableShortTerm = max0(shortTermGain);
  const taxableLongTerm = max0(longAfterSetOff.minus(exemption));
  const shortTermTax = taxableShortTerm.times(STCG_RATE).toDecimalPlaces(MONEY_DECIMALS);
  const longTermTax = taxableLongTerm.times(LTCG_RATE).toDecimalPlaces(MONEY_DECIMALS);
  return {
    year, shortTerm, longTerm, shortTermGain, longTermGain, setOff, exemption, taxableShortTerm, taxableLongTerm, shortTermTax, longTermTax,
    totalTax: shortTermTax.plus(longTermTax), longTermLossCarriedForward: longTermGain.isNegative() ? longTermGain.abs() : money(0),
  };
}
