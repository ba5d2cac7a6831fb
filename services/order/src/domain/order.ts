// An order and its rules, pure: the state machine, what an order may be, what a BUY locks,
// and what its fills add up to. No I/O here; the use cases and the saga decide when.
import { formatMoney, money, sumMoney, type Money, type OrderStatus, type OrderType, type Side, type Validity } from '@winvestco/common';

export interface Order {
  id: string;
  userId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  quantity: number;
  limitPrice: string | null;
  triggerPrice: string | null;
  /** MARKET and STOP_LOSS: the worst price it may trade at, fixed at placement (protectionPrice). */
  protectionPrice: string | null;
  validity: Validity;
  status: OrderStatus;
  filledQuantity: number;
  averagePrice: string | null;
  fees: string;
  /** The BUY's funds lock (what it set aside) or null for a SELL, whose shares are reserved instead. */
  lockId: string | null;
  lockedAmount: string | null;
  reason: string | null;
  modifications: number;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Fill {
  executionId: string;
  orderId: string;
  quantity: number;
  price: string;
  fees: string;
  liquidity: 'MAKER' | 'TAKER';
  executedAt: Date;
  settled: boolean;
}

export const TERMINAL: ReadonlySet<OrderStatus> = new Set(['FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'FAILED']);
const ENDINGS: readonly OrderStatus[] = ['CANCELLED', 'REJECTED', 'EXPIRED', 'FAILED'];

/** The legal moves: forward as the saga goes, and from any non-terminal state to an ending. */
const NEXT: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  NEW: ['VALIDATED', ...ENDINGS],
  VALIDATED: ['FUNDS_LOCKED', 'HOLDINGS_RESERVED', ...ENDINGS],
  FUNDS_LOCKED: ['OPEN', 'PARTIALLY_FILLED', 'FILLED', ...ENDINGS],
  HOLDINGS_RESERVED: ['OPEN', 'PARTIALLY_FILLED', 'FILLED', ...ENDINGS],
  OPEN: ['PARTIALLY_FILLED', 'FILLED', ...ENDINGS],
  PARTIALLY_FILLED: ['FILLED', ...ENDINGS],
  FILLED: [],
  CANCELLED: [],
  REJECTED: [],
  EXPIRED: [],
  FAILED: [],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** The states an order may be in for `to` to follow (what the store's guarded update accepts). */
export function predecessors(to: OrderStatus): OrderStatus[] {
  return (Object.keys(NEXT) as OrderStatus[]).filter((from) => canMove(from, to));
}

export const EVENT_OF: Readonly<Record<OrderStatus, string>> = {
  NEW: 'order.created', VALIDATED: 'order.validated', FUNDS_LOCKED: 'order.funds-locked', HOLDINGS_RESERVED: 'order.holdings-reserved',
  OPEN: 'order.open', PARTIALLY_FILLED: 'order.partially-filled', FILLED: 'order.filled', CANCELLED: 'order.cancelled',
  REJECTED: 'order.rejected', EXPIRED: 'order.expired', FAILED: 'order.failed',
};

export interface OrderTerms {
  symbol: string;
  side: Side;
  type: OrderType;
  quantity: number;
  limitPrice?: string;
  triggerPrice?: string;
  validity: Validity;
}

export interface InstrumentRules {
  tickSize: string;
  lotSize: number;
  status: string;
}

export interface OrderLimits {
  maxQuantity: number;
  /** The most one order may be worth (quantity × its price or the last price). */
  maxValue: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const onTick = (price: string, tick: string) => money(price).mod(tick).isZero();

/**
 * What is wrong with an order's terms against its instrument and the platform's limits:
 * each problem names its field, so the client can fix it. Empty when the order may be placed.
 */
export function termProblems(terms: OrderTerms, instrument: InstrumentRules, last: string, limits: OrderLimits): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (instrument.status !== 'ACTIVE') problems.push({ field: 'symbol', message: `${terms.symbol} is ${instrument.status.toLowerCase()}, not tradable now` });
  const needsLimit = terms.type === 'LIMIT' || terms.type === 'STOP_LIMIT';
  const needsTrigger = terms.type === 'STOP_LOSS' || terms.type === 'STOP_LIMIT';
  if (needsLimit && terms.limitPrice === undefined) problems.push({ field: 'limitPrice', message: `a ${terms.type} order needs a limitPrice` });
  if (!needsLimit && terms.limitPrice !== undefined) problems.push({ field: 'limitPrice', message: `a ${terms.type} order takes no limitPrice` });
  if (needsTrigger && terms.triggerPrice === undefined) problems.push({ field: 'triggerPrice', message: `a ${terms.type} order needs a triggerPrice` });
  if (!needsTrigger && terms.triggerPrice !== undefined) problems.push({ field: 'triggerPrice', message: `a ${terms.type} order takes no triggerPrice` });
  for (const field of ['limitPrice', 'triggerPrice'] as const) {
    const price = terms[field];
    if (price !== undefined && !onTick(price, instrument.tickSize)) problems.push({ field, message: `${field} must be a multiple of the tick size ${formatMoney(instrument.tickSize)}` });
  }
  if (terms.type === 'MARKET' && terms.validity === 'GTC') problems.push({ field: 'validity', message: 'a MARKET order is DAY or IOC, never GTC' });
  if (terms.quantity % instrument.lotSize !== 0) problems.push({ field: 'quantity', message: `quantity must be a multiple of the lot size ${instrument.lotSize}` });
  if (terms.quantity > limits.maxQuantity) problems.push({ field: 'quantity', message: `quantity may be at most ${limits.maxQuantity} per order` });
  const value = money(terms.limitPrice ?? last).mul(terms.quantity);
  if (value.gt(limits.maxValue)) problems.push({ field: 'quantity', message: `an order may be worth at most ${formatMoney(limits.maxValue)}; this one is about ${formatMoney(value)}` });
  return problems;
}

/**
 * The most a MARKET or STOP_LOSS BUY may pay a share (market price protection, as brokers
 * apply it): the reference price raised by the market buffer, up to the next tick, where the
 * reference is the last price, or a stop's trigger when that is higher (a buy stop wakes
 * above the last price). The book cancels what could trade only above it, so a buy never
 * costs more than its lock holds. Null for a SELL (its reservation is shares: a low price
 * costs the seller, never the platform's books, and the book's quote, which arrives by
 * event, may lag the one read here, so a floor would cancel sound sells after a rise) and
 * for LIMIT and STOP_LIMIT orders, whose limit bounds them.
 */
export function protectionPrice(terms: Pick<OrderTerms, 'side' | 'type' | 'triggerPrice'>, last: string, bufferPercent: string, tickSize: string): Money | null {
  if (terms.side !== 'BUY' || terms.type === 'LIMIT' || terms.type === 'STOP_LIMIT') return null;
  let reference = money(last);
  if (terms.type === 'STOP_LOSS' && terms.triggerPrice !== undefined && money(terms.triggerPrice).gt(reference)) reference = money(terms.triggerPrice);
  return reference.mul(money(100).plus(bufferPercent)).div(100).div(tickSize).ceil().mul(tickSize);
}

/** The price a BUY sets money aside at: its limit, or its protection price (the most a MARKET or STOP_LOSS may pay). */
export function lockPrice(terms: Pick<OrderTerms, 'type' | 'limitPrice' | 'triggerPrice'>, last: string, bufferPercent: string, tickSize: string): Money {
  if (terms.limitPrice !== undefined && (terms.type === 'LIMIT' || terms.type === 'STOP_LIMIT')) return money(terms.limitPrice);
  return protectionPrice({ ...terms, side: 'BUY' }, last, bufferPercent, tickSize)!;
}

/** What a BUY locks: quantity × its lock price plus the estimated charges at that price. */
export function lockAmount(quantity: number, price: Money, estimatedCharges: string): string {
  return formatMoney(price.mul(quantity).plus(estimatedCharges));
}

/** A BUY fill's cost to the buyer; a SELL fill's proceeds before charges. */
export function turnover(fill: Pick<Fill, 'quantity' | 'price'>): Money {
  return money(fill.price).mul(fill.quantity);
}

/** What an order's fills add up to: quantity, volume-weighted average price, charges. */
export function totals(fills: readonly Pick<Fill, 'quantity' | 'price' | 'fees'>[]): { filledQuantity: number; averagePrice: string | null; fees: string } {
  const filledQuantity = fills.reduce((n, f) => n + f.quantity, 0);
  if (filledQuantity === 0) return { filledQuantity, averagePrice: null, fees: formatMoney(0) };
  const value = sumMoney(fills.map((f) => turnover(f)));
  return { filledQuantity, averagePrice: formatMoney(value.div(filledQuantity)), fees: formatMoney(sumMoney(fills.map((f) => f.fees))) };
}

/**
 * Where a non-terminal order stands given its fills: FILLED when the whole quantity has
 * executed, PARTIALLY_FILLED when some has, else as it was.
 */
export function statusAfterFills(order: Pick<Order, 'status' | 'quantity'>, filledQuantity: number): OrderStatus {
  if (TERMINAL.has(order.status)) return order.status;
  if (filledQuantity >= order.quantity) return 'FILLED';
  if (filledQuantity > 0) return 'PARTIALLY_FILLED';
  return order.status;
}

export const MAX_MODIFICATIONS = 25;

/**
 * When a DAY order placed at `now` ends: at the session's close by the market's clock, which
 * is as far from now as the close is from the market's own now (the same instant unless a
 * test moved the market's clock on); in a market that never closes (or is closed), at the
 * next midnight in India.
 */
export function dayEnd(status: { now: string; sessionCloses?: string }, now: Date): Date {
  if (status.sessionCloses) return new Date(now.getTime() + (Date.parse(status.sessionCloses) - Date.parse(status.now)));
  const ist = 5.5 * 3600_000;
  const local = new Date(now.getTime() + ist);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1) - ist);
}
