// The book counts money in paise, as integers: comparing and adding JavaScript integers is
// exact below 2^53 and costs nothing, where a decimal object per comparison would cost the
// matching engine most of its speed. Money crosses into and out of the book only here.
import { money, type Money } from '@winvestco/common';

/** Paise in a rupee: the finest price step the book knows (NSE ticks are 1 or 5 paise). */
export const PAISE_PER_RUPEE = 100;

/** The price `value` ("1250.50", a Decimal) in paise; throws when it is not a whole number of paise or not positive. */
export function toPaise(value: Money | string): number {
  const paise = money(value).times(PAISE_PER_RUPEE);
  if (!paise.isInteger()) throw new RangeError(`${money(value).toFixed()} is not a whole number of paise`);
  if (paise.lte(0)) throw new RangeError(`${money(value).toFixed()} is not a positive price`);
  if (paise.gt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${money(value).toFixed()} is too large a price`);
  return paise.toNumber();
}

/** Paise as money text with the kit's four decimals ("1250.5000"). */
export function fromPaise(paise: number): string {
  return money(paise).dividedBy(PAISE_PER_RUPEE).toFixed(4);
}
