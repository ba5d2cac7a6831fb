// Money is a decimal, never a float: NUMERIC(20,4) in SQL, a string with up to four decimals
// in JSON ("1250.5000"), decimal.js in TypeScript.
import { Decimal } from 'decimal.js';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** decimal.js configured for money: ample precision; halves round to even, so rounding has no bias. */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
export type Money = Decimal;

export const MONEY_DECIMALS = 4;
export const DEFAULT_CURRENCY = 'INR';

const MONEY_TEXT = /^(0|[1-9]\d{0,15})(\.\d{1,4})?$/;
/** What an amount's text is, as a regular expression any language reads (the contracts' JSON Schemas). */
export const MONEY_PATTERN = MONEY_TEXT.source;
/** The same, above zero, without look-ahead (RE2, Go's regexp, has none). */
export const POSITIVE_MONEY_PATTERN = '^([1-9]\\d{0,15}(\\.\\d{1,4})?|0\\.([1-9]\\d{0,3}|0[1-9]\\d{0,2}|00[1-9]\\d?|000[1-9]))$';

export function money(value: Decimal.Value): Decimal {
  return new Money(value);
}

/** The canonical text of an amount: four decimals ("1250.5000"), rounded half to even. */
export function formatMoney(value: Decimal.Value): string {
  return new Money(value).toDecimalPlaces(MONEY_DECIMALS).toFixed(MONEY_DECIMALS);
}

export function sumMoney(values: readonly Decimal.Value[]): Decimal {
  return values.reduce<Decimal>((total, v) => total.plus(v), new Money(0));
}

/** Why `text` is not an amount within the bounds, or null. Only decimal strings are amounts. */
export function moneyProblem(text: unknown, bounds: { min?: Decimal.Value; max?: Decimal.Value; positive?: boolean } = {}): string | null {
  if (typeof text !== 'string') return 'must be a decimal string such as "1250.50" (a JSON number could be a float)';
  if (!MONEY_TEXT.test(text)) return 'must be a decimal with at most 4 decimal places, such as "1250.50"';
  const value = new Money(text);
  if (bounds.positive && value.lte(0)) return 'must be greater than zero';
  if (bounds.min !== undefined && value.lt(bounds.min)) return `must be at least ${formatMoney(bounds.min)}`;
  if (bounds.max !== undefined && value.gt(bounds.max)) return `must be at most ${formatMoney(bounds.max)}`;
  return null;
}

/** A DTO property that is an amount: a decimal string, at most 4 decimals, within bounds. */
export function IsMoney(bounds: { min?: Decimal.Value; max?: Decimal.Value; positive?: boolean } = {}, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isMoney',
      // Kept in the metadata so the contracts' schemas can say the same (platform/src/contracts).
      constraints: [bounds],
      validator: {
        validate: (value) => moneyProblem(value, bounds) === null,
        defaultMessage: (args) => `${args?.property} ${moneyProblem(args?.value, bounds)}`,
      },
    },
    options,
  );
}
