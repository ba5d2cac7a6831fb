// Amounts as Indians write them: the last three digits, then groups of two (lakhs, crores):
// ₹1,23,456.78. Pure, for every text a person reads (notifications, statements).
import { Decimal } from 'decimal.js';
import { Money } from './money.ts';

/** Digits grouped the Indian way: "1234567" → "12,34,567". */
export function groupIndian(digits: string): string {
  if (digits.length <= 3) return digits;
  const head = digits.slice(0, -3);
  const tail = digits.slice(-3);
  return `${head.replace(/\B(?=(\d{2})+(?!\d))/g, ',')},${tail}`;
}

export interface InrOptions {
  /** Decimal places shown (rounded half to even, as money is); 2 unless said. */
  decimals?: number;
  /** false: no ₹ sign (a table whose column says the currency). */
  symbol?: boolean;
}

/** "₹1,23,456.78"; a negative amount "-₹1,234.00"; never a float on the way. */
export function formatInr(value: Decimal.Value, options: InrOptions = {}): string {
  const decimals = options.decimals ?? 2;
  const rounded = new Money(value).toDecimalPlaces(decimals, Decimal.ROUND_HALF_EVEN);
  const negative = rounded.isNegative() && !rounded.isZero();
  const [whole, fraction] = rounded.abs().toFixed(decimals).split('.') as [string, string | undefined];
  const text = groupIndian(whole) + (fraction !== undefined ? `.${fraction}` : '');
  return `${negative ? '-' : ''}${options.symbol === false ? '' : '₹'}${text}`;
}
