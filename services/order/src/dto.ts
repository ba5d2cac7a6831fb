import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IsMoney, ORDER_STATUSES, ORDER_TYPES, PageQuery, SIDES, SYMBOL, SYMBOL_MESSAGE, VALIDITIES, type OrderStatus, type OrderType, type Side, type Validity } from '@winvestco/common';
import type { Fill, Order } from './domain/order.ts';
import type { HistoryEntry } from './store.ts';

const CLIENT_ORDER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const oneOf = (name: string, values: readonly string[]) => ({ message: `${name} must be one of ${values.join(', ')}` });

export class PlaceOrderRequest {
  @Matches(SYMBOL, { message: SYMBOL_MESSAGE }) symbol!: string;
  @IsIn(SIDES, oneOf('side', SIDES)) side!: Side;
  @IsIn(ORDER_TYPES, oneOf('type', ORDER_TYPES)) type!: OrderType;
  @IsInt({ message: 'quantity must be a whole number of shares' }) @Min(1, { message: 'quantity must be at least 1' }) @Max(10_000_000) quantity!: number;
  @IsOptional() @IsMoney({ positive: true, max: '10000000' }) limitPrice?: string;
  @IsOptional() @IsMoney({ positive: true, max: '10000000' }) triggerPrice?: string;
  @IsIn(VALIDITIES, oneOf('validity', VALIDITIES)) validity!: Validity;
  @IsString() @Matches(CLIENT_ORDER_ID, { message: 'clientOrderId must be 1 to 64 letters, digits or _.:-' }) clientOrderId!: string;
}

/** A new quantity (all of it, fills included), a new limit price, or both. */
export class ModifyOrderRequest {
  @IsOptional() @IsInt({ message: 'quantity must be a whole number of shares' }) @Min(1, { message: 'quantity must be at least 1' }) @Max(10_000_000) quantity?: number;
  @IsOptional() @IsMoney({ positive: true, max: '10000000' }) limitPrice?: string;
}

export class OrdersQuery extends PageQuery {
  @IsOptional() @IsIn(ORDER_STATUSES, oneOf('status', ORDER_STATUSES)) status?: OrderStatus;
  @IsOptional() @Matches(SYMBOL, { message: SYMBOL_MESSAGE }) symbol?: string;
}

/** An order as its owner sees it; with its history and fills when one order is asked for. */
export function orderView(order: Order, detail?: { history: HistoryEntry[]; fills: Fill[] }) {
  return {
    orderId: order.id, clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, type: order.type, quantity: order.quantity,
    limitPrice: order.limitPrice, triggerPrice: order.triggerPrice, protectionPrice: order.protectionPrice, validity: order.validity, status: order.status, filledQuantity: order.filledQuantity,
    averagePrice: order.averagePrice, fees: order.fees, lockedAmount: order.lockedAmount, reason: order.reason, modifications: order.modifications,
    expiresAt: order.expiresAt?.toISOString() ?? null, createdAt: order.createdAt.toISOString(), updatedAt: order.updatedAt.toISOString(),
    ...(detail
      ? {
          history: detail.history.map((h) => ({ from: h.from, to: h.to, note: h.note, at: h.at.toISOString() })),
          fills: detail.fills.map((f) => ({ executionId: f.executionId, quantity: f.quantity, price: f.price, fees: f.fees, liquidity: f.liquidity, executedAt: f.executedAt.toISOString(), settled: f.settled })),
        }
      : {}),
  };
}
