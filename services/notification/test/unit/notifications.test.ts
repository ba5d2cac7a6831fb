import { expect } from 'chai';
import {
  accountStatusChanged, orderEnded, orderFilled, paymentFailed, paymentSucceeded, saleProceedsCredited, tradeExecuted, welcome, withdrawalRequested, type OrderFacts,
} from '../../src/domain/notifications.ts';
import { channelsFor, DEFAULT_PREFERENCES, isMuted, nextRetryDelay } from '../../src/domain/preferences.ts';

const USER = '7d3f1c2e-0000-4000-8000-000000000001';
const ORDER: OrderFacts = {
  orderId: '7d3f1c2e-0000-4000-8000-0000000000aa', userId: USER, symbol: 'INFY', side: 'BUY', type: 'MARKET', quantity: 10, limitPrice: null,
  filledQuantity: 10, averagePrice: '1500.1000', fees: '21.4567', status: 'FILLED', reason: null,
};

describe('notifications as a person reads them', () => {
  it('when a deposit succeeds, then the amount is written the Indian way, and the data keeps the decimal', () => {
    const n = paymentSucceeded({ paymentId: 'p1', userId: USER, direction: 'DEPOSIT', amount: '123456.78', currency: 'INR' })!;
    expect(n.title).to.equal('₹1,23,456.78 added to your wallet');
    expect(n.message).to.equal('Your deposit of ₹1,23,456.78 was received and is available to trade.');
    expect(n.data).to.include({ amount: '123456.7800' });
  });

  it('when a withdrawal succeeds, then payment.succeeded says nothing (its payout does), and its request is told once', () => {
    const withdrawal = { paymentId: 'p2', userId: USER, direction: 'WITHDRAWAL' as const, amount: '5000', currency: 'INR' };
    expect(paymentSucceeded(withdrawal)).to.equal(null);
    expect(withdrawalRequested(withdrawal)!.title).to.equal('Withdrawal of ₹5,000.00 requested');
    expect(withdrawalRequested({ ...withdrawal, direction: 'DEPOSIT' })).to.equal(null);
  });

  it('when a deposit fails or expires, then the reason is said in words', () => {
    const base = { paymentId: 'p3', userId: USER, direction: 'DEPOSIT' as const, amount: '100', currency: 'INR' };
    expect(paymentFailed({ ...base, reason: 'Insufficient funds at the bank.' }).message).to.equal('Your deposit of ₹100.00 did not go through: Insufficient funds at the bank. No money was taken from your wallet.');
    expect(paymentFailed(base, true).message).to.contain('it was not confirmed in time');
  });

  it('when a fill executes, then it says side, quantity, symbol, price, value and charges', () => {
    const n = tradeExecuted({ executionId: 'e1', orderId: ORDER.orderId, userId: USER, symbol: 'INFY', side: 'SELL', quantity: 1, price: '1600.05', fees: '2.1', currency: 'INR', executedAt: '2026-12-03T09:00:00Z' });
    expect(n.title).to.equal('Sold 1 INFY at ₹1,600.05');
    expect(n.message).to.equal('Sold 1 share of INFY at ₹1,600.05 each (₹1,600.05), charges ₹2.10.');
    expect(n.data).to.include({ value: '1600.0500', fees: '2.1000' });
  });

  it('when an order fills, then the average, the charges and the total paid are told', () => {
    const n = orderFilled(ORDER);
    expect(n.title).to.equal('Bought 10 INFY at an average of ₹1,500.10');
    expect(n.message).to.equal('Your order to buy 10 shares of INFY at market is complete: bought 10 shares at an average of ₹1,500.10, charges ₹21.46, paid ₹15,022.46 in all.');
  });

  it('when an order is rejected, cancelled part-filled or expires, then its outcome and reason are told', () => {
    const rejected = orderEnded({ ...ORDER, filledQuantity: 0, averagePrice: null, status: 'REJECTED', reason: 'Insufficient funds: needs ₹15,301.02' }, 'REJECTED');
    expect(rejected.title).to.equal('Order rejected: BUY 10 INFY');
    expect(rejected.message).to.equal('Your order to buy 10 shares of INFY at market was rejected: Insufficient funds: needs ₹15,301.02. Any money set aside for the rest is back in your wallet.');
    expect(rejected.priority).to.equal('HIGH');
    const cancelled = orderEnded({ ...ORDER, type: 'LIMIT', limitPrice: '1490', filledQuantity: 4, status: 'CANCELLED', reason: 'cancelled by you' }, 'CANCELLED');
    expect(cancelled.message).to.equal('Your order to buy 10 shares of INFY at a limit price of ₹1,490.00 was cancelled: cancelled by you. 4 shares had filled at an average of ₹1,500.10; the rest will not. Any money set aside for the rest is back in your wallet.');
    const expired = orderEnded({ ...ORDER, side: 'SELL', filledQuantity: 0, averagePrice: null, status: 'EXPIRED', reason: null }, 'EXPIRED');
    expect(expired.message).to.equal('Your order to sell 10 shares of INFY at market expired at the end of its validity. Nothing had filled.');
  });

  it('when sale proceeds are credited, then the net after charges is told', () => {
    const n = saleProceedsCredited({ userId: USER, amount: '6400.20', fee: '8.55', reference: ORDER.orderId, currency: 'INR' });
    expect(n.title).to.equal('₹6,391.65 credited from a sale');
  });

  it('when a person registers or their account changes, then they are told in words', () => {
    expect(welcome({ userId: USER, firstName: 'Asha', clientId: 'WV123' }).message).to.equal('Hello Asha, your account is open (client id WV123). Add money to your wallet to start trading.');
    expect(accountStatusChanged({ userId: USER, from: 'ACTIVE', to: 'SUSPENDED', reason: 'KYC documents expired' }).message)
      .to.equal('Your account was active and is now suspended: KYC documents expired. Contact support if you did not expect this.');
  });
});

describe('preferences and retries', () => {
  it('when nothing is chosen, then a fill goes by email and push, and an open order nowhere outside the app', () => {
    expect(channelsFor(DEFAULT_PREFERENCES, 'ORDER_FILLED', 'NORMAL')).to.deep.equal(['EMAIL', 'PUSH']);
    expect(channelsFor(DEFAULT_PREFERENCES, 'ORDER_OPEN', 'LOW')).to.deep.equal([]);
  });

  it('when a type is chosen, then exactly its channels, in a fixed order; when muted (one type or all), then none', () => {
    const chosen = { ...DEFAULT_PREFERENCES, channels: { ORDER_FILLED: ['SMS' as const, 'EMAIL' as const] } };
    expect(channelsFor(chosen, 'ORDER_FILLED', 'NORMAL')).to.deep.equal(['EMAIL', 'SMS']);
    expect(channelsFor({ ...chosen, mutedTypes: ['ORDER_FILLED'] }, 'ORDER_FILLED', 'NORMAL')).to.deep.equal([]);
    expect(isMuted({ ...DEFAULT_PREFERENCES, muteAll: true }, 'WELCOME')).to.equal(true);
    expect(isMuted(DEFAULT_PREFERENCES, 'WELCOME')).to.equal(false);
  });

  it('when a delivery fails, then the wait doubles up to its cap, and after the last attempt there is none', () => {
    const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4].map((n) => nextRetryDelay(policy, n))).to.deep.equal([1000, 2000, 4000, 5000]);
    expect(nextRetryDelay(policy, 5)).to.equal(null);
    expect(nextRetryDelay({ ...policy, maxAttempts: 1 }, 1)).to.equal(null);
  });
});
