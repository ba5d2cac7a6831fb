// What a delivery trade costs, as an Indian broker's contract note shows it. Each line is
// rounded to paise (half up); GST is charged on the rounded brokerage, exchange charge and
// SEBI fee. Brokerage is per executed order, so an order's charges are computed on its
// whole turnover and each fill carries the difference from the fills before it.
import { formatMoney, money, Money, type Side } from '@winvestco/common';
import type { Charges } from './store.ts';

export interface ChargeSchedule {
  brokerageRate: string;
  brokerageCap: string;
  sttRate: string;
  exchangeRate: string;
  sebiPerCrore: string;
  stampDutyBuyRate: string;
  gstRate: string;
}

export const DEFAULT_SCHEDULE: ChargeSchedule = {
  brokerageRate: '0.0003', brokerageCap: '20', sttRate: '0.001', exchangeRate: '0.0000297', sebiPerCrore: '10', stampDutyBuyRate: '0.00015', gstRate: '0.18',
};

export const ZERO_CHARGES: Charges = { turnover: '0.0000', brokerage: '0.0000', stt: '0.0000', exchangeCharge: '0.0000', sebiFee: '0.0000', stampDuty: '0.0000', gst: '0.0000', total: '0.0000' };

const paise = (value: Money) => value.toDecimalPlaces(2, Money.ROUND_HALF_UP);

/** The charges of an order with `turnover` executed so far. */
export function chargesOf(side: Side, turnover: Money, schedule: ChargeSchedule = DEFAULT_SCHEDULE): Charges {
  const brokerage = paise(Money.min(turnover.mul(schedule.brokerageRate), schedule.brokerageCap));
  const stt = paise(turnover.mul(schedule.sttRate));
  const exchangeCharge = paise(turnover.mul(schedule.exchangeRate));
  const sebiFee = paise(turnover.mul(schedule.sebiPerCrore).div(10_000_000));
  const stampDuty = side === 'BUY' ? paise(turnover.mul(schedule.stampDutyBuyRate)) : money(0);
  const gst = paise(brokerage.plus(exchangeCharge).plus(sebiFee).mul(schedule.gstRate));
  const total = brokerage.plus(stt).plus(exchangeCharge).plus(sebiFee).plus(stampDuty).plus(gst);
  return {
    turnover: formatMoney(turnover), brokerage: formatMoney(brokerage), stt: formatMoney(stt), exchangeCharge: formatMoney(exchangeCharge),
    sebiFee: formatMoney(sebiFee), stampDuty: formatMoney(stampDuty), gst: formatMoney(gst), total: formatMoney(total),
  };
}

/** A fill's share of its order's charges: the order's charges with it, less those before it. */
export function chargesOfFill(side: Side, before: Charges, fillTurnover: Money, schedule: ChargeSchedule = DEFAULT_SCHEDULE): Charges {
  const after = chargesOf(side, money(before.turnover).plus(fillTurnover), schedule);
  const keys = Object.keys(ZERO_CHARGES) as (keyof Charges)[];
  return Object.fromEntries(keys.map((k) => [k, formatMoney(money(after[k]).minus(before[k]))])) as unknown as Charges;
}

/** GET /charges/estimate: what `quantity` at `price` would cost before it is placed. */
export function estimate(side: Side, quantity: number, price: string, schedule: ChargeSchedule = DEFAULT_SCHEDULE): Charges {
  return chargesOf(side, money(price).mul(quantity), schedule);
}
