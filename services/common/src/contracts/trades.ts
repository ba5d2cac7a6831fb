// Topic `trades`: published by the trade service, one trade.executed per fill.
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { IsMoney } from '../money.ts';
import { IsInstanceOf } from '../validation.ts';
import { SYMBOL } from './market.ts';
import { defineTopic } from './topic.ts';

export const SIDES = ['BUY', 'SELL'] as const;
export type Side = (typeof SIDES)[number];

/** A fill's charges by kind (their sum is the fill's fees). */
export class TradeCharges {
  @IsMoney() brokerage!: string;
  @IsMoney() stt!: string;
  @IsMoney() exchangeCharge!: string;
  @IsMoney() sebiFee!: string;
  @IsMoney() stampDuty!: string;
  @IsMoney() gst!: string;
}

export class TradeExecuted {
  @IsUUID() executionId!: string;
  @IsUUID() orderId!: string;
  @IsUUID() userId!: string;
  @Matches(SYMBOL) symbol!: string;
  @IsIn(SIDES) side!: Side;
  /** Whole shares. */
  @IsInt() @Min(1) quantity!: number;
  @IsMoney({ positive: true }) price!: string;
  /** Every charge of this fill, in the currency. */
  @IsMoney() fees!: string;
  @IsString() @Length(3, 3) currency!: string;
  @IsIn(['MAKER', 'TAKER']) liquidity!: 'MAKER' | 'TAKER';
  @IsISO8601() executedAt!: string;
  /** Absent in fills published before charges were itemised. */
  @IsOptional() @IsInstanceOf(() => TradeCharges) charges?: TradeCharges;
}

export class TradeOrderCancelled {
  @IsUUID() orderId!: string;
  @IsUUID() userId!: string;
  @Matches(SYMBOL) symbol!: string;
  @IsOptional() @IsString() reason?: string;
}

export const tradesTopic = defineTopic('trades', 'trade-service', {
  'trade.executed': TradeExecuted,
  'trade.order-cancelled': TradeOrderCancelled,
});
