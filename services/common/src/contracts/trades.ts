// Topic `trades`: published by the trade service, one trade.executed per fill.
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { IsMoney } from '../money.ts';
import { SYMBOL } from './market.ts';
import { defineTopic } from './topic.ts';

export const SIDES = ['BUY', 'SELL'] as const;
export type Side = (typeof SIDES)[number];

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
