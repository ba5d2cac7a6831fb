import { expect } from 'chai';
import {
  checkDeadLetters, checkHoldingsAgainstFills, checkHoldsOfEndedOrders, checkOrdersPastValidity, checkReportTotals, checkStuckSagas, checkTrialBalance,
  checkWalletsAgainstLedger, formatReport, isPastValidity, skipped, type CheckResult, type InvariantReport, type OrderRow, type SagaRow,
} from '../../src/invariants/index.ts';

const ANN = '11111111-1111-4111-8111-111111111111';
const BEA = '22222222-2222-4222-8222-222222222222';
const ORDER_1 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const ORDER_2 = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

const wallet = (userId: string, available: string, locked = '0.0000') => ({ walletId: `w-${userId}`, userId, currency: 'INR', available, locked, status: 'ACTIVE' });
const ledger = (userId: string, available: string, locked = '0.0000') => ({ userId, currency: 'INR', ledger: { available, locked } });
const order = (fields: Partial<OrderRow>): OrderRow => ({
  orderId: ORDER_1, userId: ANN, symbol: 'INFY', side: 'BUY', type: 'LIMIT', validity: 'DAY', status: 'OPEN',
  expiresAt: null, createdAt: '2026-12-03T09:00:00.000Z', updatedAt: '2026-12-03T09:00:00.000Z', ...fields,
});
const subjects = (r: CheckResult) => r.violations.map((v) => v.subject);

describe('invariants: the trial balance', () => {
  it('when every currency\'s debits equal its credits, then it holds', () => {
    const r = checkTrialBalance({ balanced: true, currencies: [{ currency: 'INR', debits: '150000.0000', credits: '150000.0000', difference: '0.0000', accounts: 9 }] });
    expect(r).to.include({ outcome: 'PASS', checked: '1 currency' });
  });

  it('when a currency is off, then that currency is the violation, with both sides and the difference', () => {
    const r = checkTrialBalance({ balanced: false, currencies: [
      { currency: 'INR', debits: '100.0000', credits: '100.0000', difference: '0.0000', accounts: 2 },
      { currency: 'USD', debits: '10.0000', credits: '9.5000', difference: '0.5000', accounts: 2 },
    ] });
    expect(r.outcome).to.equal('FAIL');
    expect(r.violations).to.deep.equal([{ check: 'trial-balance', subject: 'USD', detail: 'debits 10.0000 but credits 9.5000: off by 0.5000' }]);
  });

  it('when the ledger says it is not balanced though no currency shows it, then that is a violation too', () => {
    expect(checkTrialBalance({ balanced: false, currencies: [] }).outcome).to.equal('FAIL');
  });
});

describe('invariants: wallet = ledger per user', () => {
  it('when each wallet equals its user\'s cash and cash-locked, then it holds; amounts compare as decimals, not as text', () => {
    const r = checkWalletsAgainstLedger([wallet(ANN, '100.5000', '20.0000'), wallet(BEA, '0.0000')], [ledger(ANN, '100.5', '20'), ledger(BEA, '0.0000')]);
    expect(r).to.include({ outcome: 'PASS', checked: '2 wallets' });
  });

  it('when a wallet differs from the ledger, then its user is named with both sides', () => {
    const r = checkWalletsAgainstLedger([wallet(ANN, '100.0000', '20.0000'), wallet(BEA, '5.0000')], [ledger(ANN, '100.0000', '0.0000'), ledger(BEA, '5.0000')]);
    expect(subjects(r)).to.deep.equal([`user ${ANN}`]);
    expect(r.violations[0]!.detail).to.equal('wallet available 100.0000, locked 20.0000; ledger cash 100.0000, cash-locked 0.0000 (INR)');
  });

  it('when the ledger gave nothing for a wallet, then that wallet is not taken as matching', () => {
    expect(subjects(checkWalletsAgainstLedger([wallet(ANN, '1.0000')], []))).to.deep.equal([`user ${ANN}`]);
  });
});

describe('invariants: holdings = Σ fills per user and symbol', () => {
  it('when every holding is bought less sold, and a holding sold down to 0 has fills that net to 0, then it holds', () => {
    const r = checkHoldingsAgainstFills(
      [{ userId: ANN, symbol: 'INFY', quantity: 6, reservedQuantity: 2 }, { userId: BEA, symbol: 'TCS', quantity: 0, reservedQuantity: 0 }],
      [{ userId: ANN, symbol: 'INFY', bought: 10, sold: 4, fills: 3 }, { userId: BEA, symbol: 'TCS', bought: 5, sold: 5, fills: 2 }],
    );
    expect(r).to.include({ outcome: 'PASS', checked: '2 holdings' });
  });

  it('when a holding differs from its fills, when fills have no holding, and when a holding has no fills, then each is named', () => {
    const r = checkHoldingsAgainstFills(
      [{ userId: ANN, symbol: 'INFY', quantity: 7, reservedQuantity: 0 }, { userId: BEA, symbol: 'WIPRO', quantity: 3, reservedQuantity: 0 }],
      [{ userId: ANN, symbol: 'INFY', bought: 10, sold: 4, fills: 3 }, { userId: BEA, symbol: 'TCS', bought: 2, sold: 0, fills: 1 }],
    );
    expect(r.violations.map((v) => `${v.subject}: ${v.detail}`)).to.deep.equal([
      `user ${ANN} INFY: holds 7, but its fills add up to 6 (bought 10, sold 4, in 3 fills)`,
      `user ${BEA} TCS: no holding, but its fills add up to 2 (bought 2, sold 0, in 1 fill)`,
      `user ${BEA} WIPRO: holds 3, but it has no fills`,
    ]);
  });
});

describe('invariants: every order past its validity has ended', () => {
  const before = new Date('2026-12-03T10:00:00.000Z');

  it('a DAY order lapses at its session\'s close, an IOC as it is placed, a GTC never; an ended order is never late', () => {
    expect(isPastValidity(order({ validity: 'DAY', expiresAt: '2026-12-03T09:59:59.000Z' }), before)).to.equal(true);
    expect(isPastValidity(order({ validity: 'DAY', expiresAt: '2026-12-03T10:00:01.000Z' }), before)).to.equal(false);
    expect(isPastValidity(order({ validity: 'IOC', createdAt: '2026-12-03T09:59:00.000Z' }), before)).to.equal(true);
    expect(isPastValidity(order({ validity: 'IOC', createdAt: '2026-12-03T10:00:30.000Z' }), before)).to.equal(false);
    expect(isPastValidity(order({ validity: 'GTC', createdAt: '2020-01-01T00:00:00.000Z' }), before)).to.equal(false);
    expect(isPastValidity(order({ validity: 'DAY', status: 'EXPIRED', expiresAt: '2026-12-03T09:00:00.000Z' }), before)).to.equal(false);
  });

  it('when an order is still OPEN after its session closed, then it is named with what it is and when its validity ended', () => {
    const r = checkOrdersPastValidity([order({ validity: 'DAY', expiresAt: '2026-12-03T09:30:00.000Z' })], before);
    expect(r.outcome).to.equal('FAIL');
    expect(r.violations[0]!.detail).to.equal(`DAY BUY LIMIT INFY of user ${ANN} is still OPEN; its validity ended at 2026-12-03T09:30:00.000Z`);
  });

  it('when no order is late, then it holds', () => {
    expect(checkOrdersPastValidity([], before).outcome).to.equal('PASS');
  });
});

describe('invariants: no lock or reservation held for an ended order', () => {
  const lock = { lockId: 'l-1', userId: ANN, orderId: ORDER_1, reference: ORDER_1, held: '1500.0000', status: 'LOCKED', createdAt: '2026-12-03T09:00:00.000Z' };
  const reservation = { orderId: ORDER_2, userId: BEA, symbol: 'INFY', openQuantity: 3, status: 'ACTIVE', createdAt: '2026-12-03T09:00:00.000Z' };

  it('when the orders behind open locks and reservations are still open, then it holds', () => {
    const r = checkHoldsOfEndedOrders([lock], [reservation], [order({ orderId: ORDER_1, status: 'OPEN' }), order({ orderId: ORDER_2, status: 'PARTIALLY_FILLED' })]);
    expect(r).to.include({ outcome: 'PASS', checked: '1 open lock, 1 open reservation' });
  });

  it('when a lock holds money for a FILLED order and a reservation shares for a CANCELLED one, then both are named with the order and its status', () => {
    const r = checkHoldsOfEndedOrders([lock], [reservation], [order({ orderId: ORDER_1, status: 'FILLED', updatedAt: 'T1' }), order({ orderId: ORDER_2, status: 'CANCELLED', updatedAt: 'T2' })]);
    expect(r.violations.map((v) => `${v.subject}: ${v.detail}`)).to.deep.equal([
      `lock l-1: user ${ANN}'s lock still holds 1500.0000 for order ${ORDER_1}, which is FILLED (since T1)`,
      `reservation of order ${ORDER_2}: user ${BEA}'s reservation still sets aside 3 INFY for order ${ORDER_2}, which is CANCELLED (since T2)`,
    ]);
  });

  it('when a lock names an order the order service does not know, then that is a violation', () => {
    expect(checkHoldsOfEndedOrders([lock], [], []).violations[0]!.detail).to.match(/which the order service does not know$/);
  });
});

describe('invariants: report totals = ledger', () => {
  const trial = { balanced: true, currencies: [{ currency: 'INR', debits: '500.0000', credits: '500.0000', difference: '0.0000', accounts: 4 }] };

  it('when the report service\'s totals are the ledger\'s, then it holds', () => {
    expect(checkReportTotals([{ currency: 'INR', debits: '500.0', credits: '500', entries: 3, lastEventAt: 'T' }], trial).outcome).to.equal('PASS');
  });

  it('when its projection is behind, or it has no totals for a currency, then the currency is named with both sides', () => {
    const behind = checkReportTotals([{ currency: 'INR', debits: '400.0000', credits: '400.0000', entries: 2, lastEventAt: 'T' }], trial);
    expect(behind.violations[0]!.detail).to.equal('reports add up to debits 400.0000, credits 400.0000 (2 entries, last event T); the ledger has debits 500.0000, credits 500.0000');
    expect(subjects(checkReportTotals([], trial))).to.deep.equal(['INR']);
    expect(subjects(checkReportTotals([{ currency: 'INR', debits: '1.0000', credits: '1.0000', entries: 1, lastEventAt: 'T' }], { balanced: true, currencies: [] }))).to.deep.equal(['INR']);
  });

  it('when the report service is not part of the run, then the check says SKIPPED with why, which is not a pass', () => {
    const r = skipped('report-totals', 'report-service is not part of this run');
    expect(r).to.include({ outcome: 'SKIPPED', note: 'report-service is not part of this run' });
  });
});

describe('invariants: STUCK sagas and dead letters', () => {
  const now = new Date('2026-12-03T10:00:00.000Z');
  const saga = (id: string, since: string): SagaRow => ({ instanceId: id, workflow: 'order', status: 'STUCK', stuck: { reason: 'funds unreachable', step: 'settleOrder', decisions: ['RETRY', 'DONE_BY_HAND'], since } });

  it('when a saga has been STUCK longer than its timeout, then it is named with its step, reason and the decisions an operator may take; a younger one is only noted', () => {
    const r = checkStuckSagas([{ appId: 'order-service', sagas: [saga('order-1', '2026-12-03T09:00:00.000Z'), saga('order-2', '2026-12-03T09:59:30.000Z')] }], now, 5 * 60_000);
    expect(subjects(r)).to.deep.equal(['order-service order-1']);
    expect(r.violations[0]!.detail).to.equal('order STUCK for 60 min at settleOrder: funds unreachable; decide with POST /admin/sagas/order-1/resolution (RETRY, DONE_BY_HAND)');
    expect(r.note).to.equal('1 STUCK saga younger than the timeout (5 min)');
  });

  it('when no service has a dead letter, then it holds; when one has, then it is named with its topic, event and reason', () => {
    expect(checkDeadLetters([{ appId: 'ledger-service', letters: [] }]).outcome).to.equal('PASS');
    const r = checkDeadLetters([{ appId: 'ledger-service', letters: [{ id: 'd-1', eventId: 'e-1', topic: 'funds', type: 'funds.settled', subject: ANN, reason: 'fee above amount', receivedAt: 'T' }] }]);
    expect(r.violations).to.deep.equal([{
      check: 'dead-letters', subject: 'ledger-service funds', detail: `funds.settled e-1 (subject ${ANN}) dead-lettered at T: fee above amount; replay with POST /admin/dead-letters/d-1/replay`,
    }]);
  });
});

describe('invariants: the printed table', () => {
  it('shows one line per check, the violations under the check they broke, and a verdict', () => {
    const failed = checkTrialBalance({ balanced: false, currencies: [{ currency: 'INR', debits: '1.0000', credits: '0.0000', difference: '1.0000', accounts: 2 }] });
    const report: InvariantReport = {
      ok: false, checks: [failed, skipped('report-totals', 'report-service is not part of this run')], violations: failed.violations, attempts: 3, startedAt: 'T', tookMs: 2500,
    };
    const text = formatReport(report);
    expect(text).to.match(/✗ Trial balance is zero per currency\s+FAIL 1\s+1 currency/);
    expect(text).to.match(/- Report totals = ledger\s+SKIPPED\s+-\s+report-service is not part of this run/);
    expect(text).to.contain('      INR: debits 1.0000 but credits 0.0000: off by 1.0000');
    expect(text).to.contain('NOT OK: 1 violation in 1 check. (2.5 s, 3 attempts)');
  });
});
