// The trade service's internal routes, for the order saga: submit an order to its symbol's
// book, cancel or modify it there. Each is idempotent by order id (and the caller's key), and
// every answer carries all of the order's executions so far, so a caller that missed an
// event still learns every fill.
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { defineRoute } from '../../calls.ts';
import { IsMoney } from '../../money.ts';
import { IsInstanceOf } from '../../validation.ts';
import { SYMBOL, SYMBOL_MESSAGE } from '../market.ts';
import { ORDER_TYPES, VALIDITIES, type OrderType, type Validity } from '../orders.ts';
import { SIDES, type Side } from '../trades.ts';

export const MAX_ORDER_QUANTITY = 1_000_000;

export class SubmitOrderRequest {
  @IsUUID() orderId!: string;
  @IsUUID() userId!: string;
  @Matches(SYMBOL, { message: SYMBOL_MESSAGE }) symbol!: string;
  @IsIn(SIDES) side!: Side;
  @IsIn(ORDER_TYPES) type!: OrderType;
  @IsInt() @Min(1) @Max(MAX_ORDER_QUANTITY) quantity!: number;
  @IsOptional() @IsMoney({ positive: true }) limitPrice?: string;
  @IsOptional() @IsMoney({ positive: true }) triggerPrice?: string;
  /**
   * MARKET and STOP_LOSS: the worst price it may trade at (a buy's ceiling: the price its
   * lock covers; a sell's floor). What could trade only beyond it is cancelled.
   */
  @IsOptional() @IsMoney({ positive: true }) protectionPrice?: string;
  @IsIn(VALIDITIES) validity!: Validity;
}

export class CancelOrderRequest {
  @Matches(SYMBOL) symbol!: string;
  @IsOptional() @IsString() @Length(1, 200) reason?: string;
  /** The order's validity ended (rather than a cancel asked for). */
  @IsOptional() @IsBoolean() expired?: boolean;
}

export class ModifyOrderRequest {
  @Matches(SYMBOL) symbol!: string;
  @IsInt() @Min(1) @Max(MAX_ORDER_QUANTITY) quantity!: number;
  @IsMoney({ positive: true }) limitPrice!: string;
}

export class ExecutionView {
  @IsUUID() executionId!: string;
  @IsUUID() orderId!: string;
  @IsInt() @Min(1) quantity!: number;
  @IsMoney({ positive: true }) price!: string;
  @IsMoney() fees!: string;
  @IsIn(['MAKER', 'TAKER']) liquidity!: 'MAKER' | 'TAKER';
  @IsISO8601() executedAt!: string;
}

export const BOOK_STATES = ['RESTING', 'WAITING_TRIGGER', 'DONE'] as const;
export type BookState = (typeof BOOK_STATES)[number];

/** An order as its book holds it: resting, waiting for its trigger, or done (filled or cancelled there). */
export class BookOrderView {
  @IsUUID() orderId!: string;
  @IsIn(BOOK_STATES) state!: BookState;
  @IsInt() @Min(0) filledQuantity!: number;
  @IsInt() @Min(0) openQuantity!: number;
  /** Why the book ended it before it filled (IOC remainder, self-trade, cancel). */
  @IsOptional() @IsString() reason!: string | null;
  @IsInstanceOf(() => ExecutionView, { each: true }) executions!: ExecutionView[];
}

export class ChargesView {
  @IsMoney() turnover!: string;
  @IsMoney() brokerage!: string;
  @IsMoney() stt!: string;
  @IsMoney() exchangeCharge!: string;
  @IsMoney() sebiFee!: string;
  @IsMoney() stampDuty!: string;
  @IsMoney() gst!: string;
  @IsMoney() total!: string;
}

const TRADE = 'trade-service';

export const tradeRoutes = {
  submit: defineRoute<SubmitOrderRequest, BookOrderView>({ app: TRADE, method: 'POST', path: '/internal/trade/orders', request: SubmitOrderRequest, answer: BookOrderView }),
  cancel: defineRoute<CancelOrderRequest, BookOrderView>({ app: TRADE, method: 'POST', path: '/internal/trade/orders/:orderId/cancel', request: CancelOrderRequest, answer: BookOrderView }),
  modify: defineRoute<ModifyOrderRequest, BookOrderView>({ app: TRADE, method: 'POST', path: '/internal/trade/orders/:orderId/modify', request: ModifyOrderRequest, answer: BookOrderView }),
  estimate: defineRoute<undefined, ChargesView>({ app: TRADE, method: 'GET', path: '/charges/estimate', answer: ChargesView }),
};
