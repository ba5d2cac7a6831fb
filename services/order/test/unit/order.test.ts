import { expect } from 'chai';
import { ORDER_STATUSES } from '@winvestco/common';
import { canMove, dayEnd, lockAmount, lockPrice, protectionPrice, statusAfterFills, termProblems, TERMINAL, totals } from '../../src/domain/order.ts';

const INFY = { tickSize: '0.10', lotSize: 1, status: 'ACTIVE' };
const LIMITS = { maxQuantity: 1000, maxValue: '1000000.00' };
const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('an order\'s state machine', () => {
  it('goes forward as the saga does: NEW → VALIDATED → FUNDS_LOCKED or HOLDINGS_RESERVED → OPEN → PARTIALLY_FILLED → FILLED', () => {
    for (const [from, to] of [['NEW', 'VALIDATED'], ['VALIDATED', 'FUNDS_LOCKED'], ['VALIDATED', 'HOLDINGS_RESERVED'], ['FUNDS_LOCKED', 'OPEN'], ['OPEN', 'PARTIALLY_FILLED'], ['PARTIALLY_FILLED', 'FILLED']] as const) {
      expect(canMove(from, to), `${from} → ${to}`).to.equal(true);
    }
  });

  it('when an order is not terminal, then it may end CANCELLED, REJECTED, EXPIRED or FAILED', () => {
    for (const from of ORDER_STATUSES.filter((s) => !TERMINAL.has(s))) {
      for (const to of ['CANCELLED', 'REJECTED', 'EXPIRED', 'FAILED'] as const) expect(canMove(from, to), `${from} → ${to}`).to.equal(true);
    }
  });

  it('when an order is terminal, then it never moves again', () => {
    for (const from of TERMINAL) for (const to of ORDER_STATUSES) expect(canMove(from, to), `${from} → ${to}`).to.equal(false);
  });

  it('refuses skipping ahead or going back: NEW → OPEN, OPEN → VALIDATED, PARTIALLY_FILLED → OPEN', () => {
    expect(canMove('NEW', 'OPEN')).to.equal(false);
    expect(canMove('OPEN', 'VALIDATED')).to.equal(false);
    expect(canMove('PARTIALLY_FILLED', 'OPEN')).to.equal(false);
  });

  it('when fills arrive, then it is PARTIALLY_FILLED until settled (FILLED comes with the settlement); a terminal order keeps its status', () => {
    expect(statusAfterFills({ status: 'OPEN', quantity: 10 }, 4)).to.equal('PARTIALLY_FILLED');
    expect(statusAfterFills({ status: 'OPEN', quantity: 10 }, 0)).to.equal('OPEN');
    expect(statusAfterFills({ status: 'CANCELLED', quantity: 10 }, 4)).to.equal('CANCELLED');
  });
});

describe('an order\'s terms', () => {
  it('when they fit the instrument and the limits, then there is nothing to say', () => {
    expect(termProblems({ symbol: 'INFY', side: 'BUY', type: 'LIMIT', quantity: 10, limitPrice: '1500.10', validity: 'GTC' }, INFY, '1500.00', LIMITS)).to.deep.equal([]);
  });

  it('when a price is off the tick, a LIMIT has no price, a STOP no trigger, or a MARKET a price, then each problem names its field', () => {
    expect(fields(termProblems({ symbol: 'INFY', side: 'BUY', type: 'LIMIT', quantity: 1, limitPrice: '1500.05', validity: 'DAY' }, INFY, '1500', LIMITS))).to.deep.equal(['limitPrice']);
    expect(fields(termProblems({ symbol: 'INFY', side: 'BUY', type: 'LIMIT', quantity: 1, validity: 'DAY' }, INFY, '1500', LIMITS))).to.deep.equal(['limitPrice']);
    expect(fields(termProblems({ symbol: 'INFY', side: 'SELL', type: 'STOP_LIMIT', quantity: 1, limitPrice: '1400.00', validity: 'DAY' }, INFY, '1500', LIMITS))).to.deep.equal(['triggerPrice']);
    expect(fields(termProblems({ symbol: 'INFY', side: 'BUY', type: 'MARKET', quantity: 1, limitPrice: '1400.00', validity: 'DAY' }, INFY, '1500', LIMITS))).to.deep.equal(['limitPrice']);
  });

  it('when the quantity is not a whole lot, above the maximum, or worth more than an order may be, then quantity is named', () => {
    expect(fields(termProblems({ symbol: 'X', side: 'BUY', type: 'MARKET', quantity: 15, validity: 'DAY' }, { ...INFY, lotSize: 10 }, '10', LIMITS))).to.deep.equal(['quantity']);
    expect(fields(termProblems({ symbol: 'X', side: 'BUY', type: 'MARKET', quantity: 1001, validity: 'DAY' }, INFY, '1', LIMITS))).to.deep.equal(['quantity']);
    expect(fields(termProblems({ symbol: 'X', side: 'BUY', type: 'MARKET', quantity: 1000, validity: 'DAY' }, INFY, '1500', LIMITS))).to.deep.equal(['quantity']);
  });

  it('when the instrument is suspended, or a MARKET order is GTC, then symbol and validity are named', () => {
    expect(fields(termProblems({ symbol: 'INFY', side: 'BUY', type: 'MARKET', quantity: 1, validity: 'GTC' }, { ...INFY, status: 'SUSPENDED' }, '1500', LIMITS))).to.deep.equal(['symbol', 'validity']);
  });
});

describe('what a BUY locks', () => {
  it('a LIMIT locks at its limit; a MARKET at the last price raised by the buffer, up to the next tick; plus the estimated charges', () => {
    expect(lockPrice({ type: 'LIMIT', limitPrice: '1400.00' }, '1500.00', '2', '0.10').toFixed(4)).to.equal('1400.0000');
    expect(lockPrice({ type: 'MARKET' }, '1500.00', '2', '0.10').toFixed(4)).to.equal('1530.0000');
    expect(lockPrice({ type: 'MARKET' }, '1500.03', '2', '0.05').toFixed(4)).to.equal('1530.0500');
    expect(lockAmount(10, lockPrice({ type: 'MARKET' }, '1500.00', '2', '0.10'), '20.50')).to.equal('15320.5000');
  });

  it('a STOP_LOSS buy locks at its trigger raised by the buffer when the trigger is above the last price', () => {
    expect(lockPrice({ type: 'STOP_LOSS', triggerPrice: '1600.00' }, '1500.00', '2', '0.10').toFixed(4)).to.equal('1632.0000');
    expect(lockPrice({ type: 'STOP_LOSS', triggerPrice: '1400.00' }, '1500.00', '2', '0.10').toFixed(4)).to.equal('1530.0000');
  });

  it('an order\'s fills add up: quantity, volume-weighted average price, charges', () => {
    expect(totals([])).to.deep.equal({ filledQuantity: 0, averagePrice: null, fees: '0.0000' });
    expect(totals([{ quantity: 3, price: '100.00', fees: '1.00' }, { quantity: 1, price: '104.00', fees: '0.50' }])).to.deep.equal({ filledQuantity: 4, averagePrice: '101.0000', fees: '1.5000' });
  });
});

describe('when a DAY order ends', () => {
  const now = new Date('2026-12-03T09:00:00.000Z');

  it('when the market is open, then at its close, as far from now as the close is from the market\'s clock', () => {
    expect(dayEnd({ now: '2026-12-03T09:00:00.000Z', sessionCloses: '2026-12-03T10:00:00.000Z' }, now).toISOString()).to.equal('2026-12-03T10:00:00.000Z');
    // A market whose clock was moved on to 15:29:45 IST on another day: 15 s from now.
    expect(dayEnd({ now: '2026-12-07T09:59:45.000Z', sessionCloses: '2026-12-07T10:00:00.000Z' }, now).toISOString()).to.equal('2026-12-03T09:00:15.000Z');
  });

  it('when the market never closes, then at the next midnight in India', () => {
    expect(dayEnd({ now: now.toISOString() }, now).toISOString()).to.equal('2026-12-03T18:30:00.000Z');
    expect(dayEnd({ now: '2026-12-03T19:00:00.000Z' }, new Date('2026-12-03T19:00:00.000Z')).toISOString()).to.equal('2026-12-04T18:30:00.000Z');
  });
});

describe('market price protection', () => {
  it('a MARKET buy may pay at most the last price raised by the buffer (what its lock covers), up to the next tick', () => {
    expect(protectionPrice({ side: 'BUY', type: 'MARKET' }, '1500.03', '2', '0.05')!.toFixed(4)).to.equal('1530.0500');
  });

  it('a SELL has none: what it could lose is the seller\'s price, never more than is set aside', () => {
    expect(protectionPrice({ side: 'SELL', type: 'MARKET' }, '1500.03', '2', '0.05')).to.equal(null);
    expect(protectionPrice({ side: 'SELL', type: 'STOP_LOSS', triggerPrice: '1400.00' }, '1500.00', '2', '0.10')).to.equal(null);
  });

  it('a buy stop is bounded from its trigger when the trigger is above the last price', () => {
    expect(protectionPrice({ side: 'BUY', type: 'STOP_LOSS', triggerPrice: '1600.00' }, '1500.00', '2', '0.10')!.toFixed(4)).to.equal('1632.0000');
  });

  it('a LIMIT or STOP_LIMIT order has none: its limit bounds it', () => {
    expect(protectionPrice({ side: 'BUY', type: 'LIMIT' }, '1500.00', '2', '0.10')).to.equal(null);
    expect(protectionPrice({ side: 'SELL', type: 'STOP_LIMIT', triggerPrice: '1400.00' }, '1500.00', '2', '0.10')).to.equal(null);
  });
});
