// Topic `orders`: published by the order service, one event per transition of an order.
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { IsMoney } from '../money.ts';
import { SYMBOL } from './market.ts';
import { defineTopic } from './topic.ts';
import { SIDES, type Side } from './trades.ts';

export const ORDER_TYPES = ['MARKET', 'LIMIT', 'STOP_LOSS', 'STOP_LIMIT'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export const VALIDITIES = ['DAY', 'IOC', 'GTC'] as const;
export type Validity = (typeof VALIDITIES)[number];
export const ORDER_STATUSES = [
  'NEW', 'VALIDATED', 'FUNDS_LOCKED', 'HOLDINGS_RESERVED', 'OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'FAILED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** An order as it stands after the transition the event names. */
export class OrderEvent {
  @IsUUID() orderId!: string;
  @IsUUID() userId!: string;
  @Matches(SYMBOL) symbol!: string;
  @IsIn(SIDES) side!: Side;
  @IsIn(ORDER_TYPES) type!: OrderType;
  @IsInt() @Min(1) quantity!: number;
  @IsOptional() @IsMoney({ positive: true }) limitPrice!: string | null;
  @IsInt() @Min(0) filledQuantity!: number;
  @IsOptional() @IsMoney() averagePrice!: string | null;
  @IsMoney() fees!: string;
  @IsIn(ORDER_STATUSES) status!: OrderStatus;
  @IsOptional() @IsString() @Length(0, 500) reason!: string | null;
}

export const orderEventTypes = {
  'order.created': OrderEvent,
  'order.validated': OrderEvent,
  'order.funds-locked': OrderEvent,
  'order.holdings-reserved': OrderEvent,
  'order.open': OrderEvent,
  'order.partially-filled': OrderEvent,
  'order.filled': OrderEvent,
  'order.cancelled': OrderEvent,
  'order.rejected': OrderEvent,
  'order.expired': OrderEvent,
  'order.failed': OrderEvent,
  /** An open LIMIT order's new quantity or limit price. */
  'order.modified': OrderEvent,
};

export const ordersTopic = defineTopic('orders', 'order-service', orderEventTypes);
