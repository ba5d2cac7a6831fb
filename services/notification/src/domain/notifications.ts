// What a person is told about an event: pure, no I/O. Amounts as Indians write them
// (₹1,23,456.78), shares as whole numbers, the order's outcome and its reason in words.
import { formatInr, money } from '@winvestco/common';

export const NOTIFICATION_TYPES = [
  'WELCOME', 'ACCOUNT_STATUS_CHANGED', 'PASSWORD_CHANGED',
  'DEPOSIT_SUCCEEDED', 'DEPOSIT_FAILED', 'WITHDRAWAL_REQUESTED', 'WITHDRAWAL_COMPLETED', 'WITHDRAWAL_FAILED',
  'ORDER_OPEN', 'TRADE_EXECUTED', 'ORDER_FILLED', 'ORDER_CANCELLED', 'ORDER_REJECTED', 'ORDER_EXPIRED', 'ORDER_FAILED', 'ORDER_MODIFIED',
  'SALE_PROCEEDS_CREDITED',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const PRIORITIES = ['LOW', 'NORMAL', 'HIGH'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The channels outside the app; the in-app list and the live stream are always on. */
export const EXTERNAL_CHANNELS = ['EMAIL', 'SMS', 'PUSH'] as const;
export type ExternalChannel = (typeof EXTERNAL_CHANNELS)[number];
export const CHANNELS = ['IN_APP', ...EXTERNAL_CHANNELS] as const;
export type Channel = (typeof CHANNELS)[number];

export interface NotificationDraft {
  userId: string;
  type: NotificationType;
  title: string;
  message: string;
  priority: Priority;
  /** What a client needs to link it (ids, symbol, amounts as decimal strings). */
  data: Record<string, unknown>;
}

const shares = (n: number) => `${n} ${n === 1 ? 'share' : 'shares'}`;
const verb = (side: 'BUY' | 'SELL') => (side === 'BUY' ? 'buy' : 'sell');
const past = (side: 'BUY' | 'SELL') => (side === 'BUY' ? 'Bought' : 'Sold');
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const ORDER_TYPE_WORDS: Record<string, string> = { MARKET: 'market', LIMIT: 'limit', STOP_LOSS: 'stop-loss', STOP_LIMIT: 'stop-limit' };

// --- users -----------------------------------------------------------------------------------

export function welcome(e: { userId: string; firstName: string; clientId: string }): NotificationDraft {
  return {
    userId: e.userId, type: 'WELCOME', priority: 'NORMAL',
    title: 'Welcome to Winvestco',
    message: `Hello ${e.firstName}, your account is open (client id ${e.clientId}). Add money to your wallet to start trading.`,
    data: { clientId: e.clientId },
  };
}

const STATUS_WORDS: Record<string, string> = { ACTIVE: 'active', SUSPENDED: 'suspended', LOCKED: 'locked', CLOSED: 'closed', PENDING_VERIFICATION: 'waiting for verification' };

export function accountStatusChanged(e: { userId: string; from: string; to: string; reason: string | null }): NotificationDraft {
  const to = STATUS_WORDS[e.to] ?? e.to.toLowerCase();
  return {
    userId: e.userId, type: 'ACCOUNT_STATUS_CHANGED', priority: 'HIGH',
    title: `Your account is ${to}`,
    message: `Your account was ${STATUS_WORDS[e.from] ?? e.from.toLowerCase()} and is now ${to}${e.reason ? `: ${sentence(e.reason)}` : '.'}`
      + (e.to === 'ACTIVE' ? '' : ' Contact support if you did not expect this.'),
    data: { from: e.from, to: e.to, reason: e.reason },
  };
}

export function passwordChanged(e: { userId: string }): NotificationDraft {
  return {
    userId: e.userId, type: 'PASSWORD_CHANGED', priority: 'HIGH',
    title: 'Your password was changed',
    message: 'Your password was changed and your other sessions were signed out. If this was not you, contact support at once.',
    data: {},
  };
}

// --- payments ----------------------------------------------------------------------------------

interface Payment { paymentId: string; userId: string; direction: 'DEPOSIT' | 'WITHDRAWAL'; amount: string; currency: string }

const paymentData = (e: Payment) => ({ paymentId: e.paymentId, amount: money(e.amount).toFixed(4), currency: e.currency });

export function withdrawalRequested(e: Payment): NotificationDraft | null {
  if (e.direction !== 'WITHDRAWAL') return null;
  return {
    userId: e.userId, type: 'WITHDRAWAL_REQUESTED', priority: 'NORMAL',
    title: `Withdrawal of ${formatInr(e.amount)} requested`,
    message: `We have set aside ${formatInr(e.amount)} from your wallet and are paying it out to your bank account.`,
    data: paymentData(e),
  };
}

export function paymentSucceeded(e: Payment & { confirmedLate?: boolean }): NotificationDraft | null {
  if (e.direction !== 'DEPOSIT') return null;
  return {
    userId: e.userId, type: 'DEPOSIT_SUCCEEDED', priority: 'NORMAL',
    title: `${formatInr(e.amount)} added to your wallet`,
    message: `Your deposit of ${formatInr(e.amount)} was received${e.confirmedLate ? ' (your bank confirmed it late)' : ''} and is available to trade.`,
    data: paymentData(e),
  };
}

export function paymentFailed(e: Payment & { reason?: string }, expired = false): NotificationDraft {
  const why = expired ? 'it was not confirmed in time' : e.reason ? e.reason.trim().replace(/\.$/, '') : 'the payment provider refused it';
  if (e.direction === 'DEPOSIT') {
    return {
      userId: e.userId, type: 'DEPOSIT_FAILED', priority: 'HIGH',
      title: `Deposit of ${formatInr(e.amount)} failed`,
      message: `Your deposit of ${formatInr(e.amount)} did not go through: ${why}. No money was taken from your wallet.`,
      data: { ...paymentData(e), reason: why },
    };
  }
  return {
    userId: e.userId, type: 'WITHDRAWAL_FAILED', priority: 'HIGH',
    title: `Withdrawal of ${formatInr(e.amount)} failed`,
    message: `Your withdrawal of ${formatInr(e.amount)} could not be paid out: ${why}. The money is back in your wallet.`,
    data: { ...paymentData(e), reason: why },
  };
}

export function payoutCompleted(e: Payment): NotificationDraft {
  return {
    userId: e.userId, type: 'WITHDRAWAL_COMPLETED', priority: 'NORMAL',
    title: `${formatInr(e.amount)} paid out to your bank`,
    message: `Your withdrawal of ${formatInr(e.amount)} was paid out to your bank account.`,
    data: paymentData(e),
  };
}

// --- orders and trades --------------------------------------------------------------------------

export interface OrderFacts {
  orderId: string;
  userId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  type: string;
  quantity: number;
  limitPrice: string | null;
  filledQuantity: number;
  averagePrice: string | null;
  fees: string;
  status: string;
  reason: string | null;
}

/** "buy 10 INFY at a limit of ₹1,600.00" / "sell 4 INFY at market". */
function describe(o: OrderFacts): string {
  const how = o.type === 'MARKET' ? 'at market' : o.limitPrice ? `at a ${ORDER_TYPE_WORDS[o.type] ?? o.type.toLowerCase()} price of ${formatInr(o.limitPrice)}` : `(${ORDER_TYPE_WORDS[o.type] ?? o.type})`;
  return `${verb(o.side)} ${shares(o.quantity)} of ${o.symbol} ${how}`;
}

const orderData = (o: OrderFacts) => ({
  orderId: o.orderId, symbol: o.symbol, side: o.side, orderType: o.type, quantity: o.quantity, filledQuantity: o.filledQuantity,
  limitPrice: o.limitPrice, averagePrice: o.averagePrice, fees: o.fees, status: o.status, reason: o.reason,
});

const partly = (o: OrderFacts) => (o.filledQuantity > 0
  ? ` ${shares(o.filledQuantity)} had filled${o.averagePrice ? ` at an average of ${formatInr(o.averagePrice)}` : ''}; the rest will not.`
  : ' Nothing had filled.');

export function orderOpen(o: OrderFacts): NotificationDraft {
  return {
    userId: o.userId, type: 'ORDER_OPEN', priority: 'LOW',
    title: `Order open: ${o.side} ${o.quantity} ${o.symbol}`,
    message: `Your order to ${describe(o)} is on the book and waiting for a match.`,
    data: orderData(o),
  };
}

export function orderModified(o: OrderFacts): NotificationDraft {
  return {
    userId: o.userId, type: 'ORDER_MODIFIED', priority: 'LOW',
    title: `Order changed: ${o.side} ${o.quantity} ${o.symbol}`,
    message: `Your order now reads: ${describe(o)}.`,
    data: orderData(o),
  };
}

export function orderFilled(o: OrderFacts): NotificationDraft {
  const price = o.averagePrice ? ` at an average of ${formatInr(o.averagePrice)}` : '';
  const value = o.averagePrice ? money(o.averagePrice).times(o.filledQuantity) : null;
  const total = value ? (o.side === 'BUY' ? value.plus(o.fees) : value.minus(o.fees)) : null;
  return {
    userId: o.userId, type: 'ORDER_FILLED', priority: 'NORMAL',
    title: `${past(o.side)} ${o.filledQuantity} ${o.symbol}${price}`,
    message: `Your order to ${describe(o)} is complete: ${past(o.side).toLowerCase()} ${shares(o.filledQuantity)}${price}, charges ${formatInr(o.fees)}`
      + (total ? `, ${o.side === 'BUY' ? 'paid' : 'received'} ${formatInr(total)} in all.` : '.'),
    data: orderData(o),
  };
}

export function orderEnded(o: OrderFacts, outcome: 'CANCELLED' | 'REJECTED' | 'EXPIRED' | 'FAILED'): NotificationDraft {
  const reason = o.reason ? `: ${o.reason.trim().replace(/\.$/, '')}.` : '.';
  const words = {
    CANCELLED: { title: 'Order cancelled', body: `Your order to ${describe(o)} was cancelled${reason}`, priority: 'NORMAL' as Priority },
    REJECTED: { title: 'Order rejected', body: `Your order to ${describe(o)} was rejected${reason}`, priority: 'HIGH' as Priority },
    EXPIRED: { title: 'Order expired', body: `Your order to ${describe(o)} expired at the end of its validity${o.reason ? ` (${o.reason.trim().replace(/\.$/, '')})` : ''}.`, priority: 'NORMAL' as Priority },
    FAILED: { title: 'Order failed', body: `Your order to ${describe(o)} could not be completed${reason}`, priority: 'HIGH' as Priority },
  }[outcome];
  const money_back = o.side === 'BUY' && o.filledQuantity < o.quantity ? ' Any money set aside for the rest is back in your wallet.' : '';
  return {
    userId: o.userId, type: `ORDER_${outcome}`, priority: words.priority,
    title: `${words.title}: ${o.side} ${o.quantity} ${o.symbol}`,
    message: `${words.body}${outcome === 'REJECTED' ? '' : partly(o)}${money_back}`,
    data: orderData(o),
  };
}

export interface FillFacts {
  executionId: string;
  orderId: string;
  userId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  quantity: number;
  price: string;
  fees: string;
  currency: string;
  executedAt: string;
}

export function tradeExecuted(f: FillFacts): NotificationDraft {
  const value = money(f.price).times(f.quantity);
  return {
    userId: f.userId, type: 'TRADE_EXECUTED', priority: 'NORMAL',
    title: `${past(f.side)} ${f.quantity} ${f.symbol} at ${formatInr(f.price)}`,
    message: `${past(f.side)} ${shares(f.quantity)} of ${f.symbol} at ${formatInr(f.price)} each (${formatInr(value)}), charges ${formatInr(f.fees)}.`,
    data: {
      executionId: f.executionId, orderId: f.orderId, symbol: f.symbol, side: f.side, quantity: f.quantity,
      price: money(f.price).toFixed(4), value: value.toFixed(4), fees: money(f.fees).toFixed(4), currency: f.currency, executedAt: f.executedAt,
    },
  };
}

// --- funds ---------------------------------------------------------------------------------

export function saleProceedsCredited(e: { userId: string; amount: string; fee: string; reference: string; executionId?: string; currency: string }): NotificationDraft {
  const net = money(e.amount).minus(e.fee);
  return {
    userId: e.userId, type: 'SALE_PROCEEDS_CREDITED', priority: 'LOW',
    title: `${formatInr(net)} credited from a sale`,
    message: `${formatInr(e.amount)} from your sale was credited to your wallet, less ${formatInr(e.fee)} of charges: ${formatInr(net)} is available.`,
    data: { orderId: e.reference, executionId: e.executionId ?? null, amount: money(e.amount).toFixed(4), fee: money(e.fee).toFixed(4), net: net.toFixed(4), currency: e.currency },
  };
}
