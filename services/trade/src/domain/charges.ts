// What a delivery trade costs, as an Indian broker's contract note shows it: brokerage, STT,
// the exchange's transaction charge, SEBI's fee, stamp duty and GST, one line each, each
// rounded to the paisa. docs/domain.md, "Orders and trades", has the rates; the rounding of
// each line is in docs/services/trade.md, "Charges". Money is decimal here, never a float.
import { DEFAULT_CURRENCY, formatMoney, money, Money, type Side } from '@winvestco/common';

/** The rates, as decimal strings (fractions of turnover unless named otherwise). */
export interface ChargeSchedule {
  /** Brokerage per executed order: this fraction of its turnover … */
  brokerageRate: string;
  /** … but never more than this many rupees. */
  brokerageCap: string;
  /** Securities transaction tax on a delivery trade, both sides. */
  sttRate: string;
  /** The exchange's transaction charge (NSE). */
  exchangeRate: string;
  /** SEBI's turnover fee in rupees per crore (₹1,00,00,000) of turnover. */
  sebiPerCrore: string;
  /** Stamp duty, on the buy side only. */
  stampRate: string;
  /** GST on brokerage + exchange charge + SEBI fee. */
  gstRate: string;
  /** STT to the paisa like every line (docs/domain.md), or to the rupee as the Finance Act rounds it. */
  sttRounding: 'PAISA' | 'RUPEE';
}

export const INDIAN_DELIVERY_CHARGES: Readonly<ChargeSchedule> = Object.freeze({
  brokerageRate: '0.0003',
  brokerageCap: '20',
  sttRate: '0.001',
  exchangeRate: '0.0000297',
  sebiPerCrore: '10',
  stampRate: '0.00015',
  gstRate: '0.18',
  sttRounding: 'PAISA',
});

/** One contract note's lines, each a money string with the kit's four decimals. */
export interface Charges {
  turnover: string;
  brokerage: string;
  stt: string;
  exchangeCharge: string;
  sebiFee: string;
  stampDuty: string;
  gst: string;
  /** The sum of the six lines above (turnover excluded). */
  total: string;
}

export const CHARGE_LINES = ['brokerage', 'stt', 'exchangeCharge', 'sebiFee', 'stampDuty', 'gst'] as const;
const CRORE = 10_000_000;

/**
 * The schedule with `overrides` (from configuration), checked: every rate a non-negative
 * decimal. Throws naming the first bad setting.
 */
export function chargeSchedule(overrides: Partial<ChargeSchedule> = {}): ChargeSchedule {
  const schedule = { ...INDIAN_DELIVERY_CHARGES, ...overrides };
  for (const [name, value] of Object.entries(schedule)) {
    if (name === 'sttRounding') {
      if (value !== 'PAISA' && value !== 'RUPEE') throw new RangeError('sttRounding must be PAISA or RUPEE');
    } else if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) throw new RangeError(`the charge setting ${name} must be a non-negative decimal, not ${String(value)}`);
  }
  return schedule;
}

/** Contract notes round half up (commercial rounding), line by line. */
const toPaise = (value: Money) => value.toDecimalPlaces(2, Money.ROUND_HALF_UP);
const toRupee = (value: Money) => value.toDecimalPlaces(0, Money.ROUND_HALF_UP);

/** The turnover of `quantity` shares at `price`. */
export function turnoverOf(quantity: number, price: Money | string): Money {
  return money(price).times(quantity);
}

function lines(side: Side, turnover: Money, s: ChargeSchedule): Record<(typeof CHARGE_LINES)[number], Money> {
  const brokerage = toPaise(Money.min(turnover.times(s.brokerageRate), s.brokerageCap));
  const sttExact = turnover.times(s.sttRate);
  const stt = s.sttRounding === 'RUPEE' ? toRupee(sttExact) : toPaise(sttExact);
  const exchangeCharge = toPaise(turnover.times(s.exchangeRate));
  const sebiFee = toPaise(turnover.times(s.sebiPerCrore).dividedBy(CRORE));
  const stampDuty = side === 'BUY' ? toPaise(turnover.times(s.stampRate)) : money(0);
  // GST is charged on the lines as invoiced, i.e. on their rounded amounts.
  const gst = toPaise(brokerage.plus(exchangeCharge).plus(sebiFee).times(s.gstRate));
  return { brokerage, stt, exchangeCharge, sebiFee, stampDuty, gst };
}

function charges(turnover: Money, l: Record<(typeof CHARGE_LINES)[number], Money>): Charges {
  const total = CHARGE_LINES.reduce((sum, line) => sum.plus(l[line]), money(0));
  return {
    turnover: formatMoney(turnover), brokerage: formatMoney(l.brokerage), stt: formatMoney(l.stt), exchangeCharge: formatMoney(l.exchangeCharge),
    sebiFee: formatMoney(l.sebiFee), stampDuty: formatMoney(l.stampDuty), gst: formatMoney(l.gst), total: formatMoney(total),
  };
}

/** The charges of one executed order (all its fills together) of `turnover`. */
export function orderCharges(side: Side, turnover: Money | string, schedule: ChargeSchedule = INDIAN_DELIVERY_CHARGES): Charges {
  const t = money(turnover);
  if (t.isNegative()) throw new RangeError('a turnover cannot be negative');
  return charges(t, lines(side, t, schedule));
}

/**
 * The part of its order's charges that one fill carries: the order's charges with this fill
 * minus its charges before it (`before` = the turnover of the order's earlier fills). So
 * the brokerage cap and every rounding apply per order, and the fills of an order always
 * add up to exactly that order's charges, whatever their number and size. No line is ever
 * negative: each is a non-decreasing function of the turnover.
 */
export function fillCharges(side: Side, before: Money | string, fillTurnover: Money | string, schedule: ChargeSchedule = INDIAN_DELIVERY_CHARGES): Charges {
  const b = money(before);
  const f = money(fillTurnover);
  if (b.isNegative() || f.isNegative()) throw new RangeError('a turnover cannot be negative');
  const earlier = lines(side, b, schedule);
  const now = lines(side, b.plus(f), schedule);
  const delta = Object.fromEntries(CHARGE_LINES.map((line) => [line, now[line].minus(earlier[line])])) as Record<(typeof CHARGE_LINES)[number], Money>;
  return charges(f, delta);
}

/** Line-by-line sum (the charges of an order from those of its fills). */
export function sumCharges(list: readonly Charges[]): Charges {
  const total = (key: keyof Charges) => formatMoney(list.reduce((sum, c) => sum.plus(c[key]), money(0)));
  return {
    turnover: total('turnover'), brokerage: total('brokerage'), stt: total('stt'), exchangeCharge: total('exchangeCharge'),
    sebiFee: total('sebiFee'), stampDuty: total('stampDuty'), gst: total('gst'), total: total('total'),
  };
}

export interface ChargeEstimate extends Charges {
  symbol: string;
  side: Side;
  quantity: number;
  price: string;
  currency: string;
}

/**
 * `GET /charges/estimate`: what an order of `quantity` at `price` would be charged if it
 * executed in full at that price. The real charges follow the real fills.
 */
export function estimateCharges(
  order: { symbol: string; side: Side; quantity: number; price: Money | string; currency?: string },
  schedule: ChargeSchedule = INDIAN_DELIVERY_CHARGES,
): ChargeEstimate {
  if (!Number.isSafeInteger(order.quantity) || order.quantity <= 0) throw new RangeError('quantity must be a whole number of shares above zero');
  if (!money(order.price).gt(0)) throw new RangeError('price must be above zero');
  return {
    symbol: order.symbol, side: order.side, quantity: order.quantity, price: formatMoney(order.price), currency: order.currency ?? DEFAULT_CURRENCY,
    ...orderCharges(order.side, turnoverOf(order.quantity, order.price), schedule),
  };
}
