import { expect } from 'chai';
import fc from 'fast-check';
import { EntryRefused, entryProblem, totals, type EntryDraft } from '../../src/domain/journal.ts';
import { randomUUID as randomMovement } from 'node:crypto';
import { chargesEntry, depositEntry, lockEntry, releaseEntry, settleEntry, tradeCreditEntry, withdrawalEntry } from '../../src/domain/postingRules.ts';

const userId = '6f1c2a4e-0b7d-4c1e-9a55-2d3e4f5a6b7c';
const walletId = 'a0a0a0a0-1111-4222-8333-444455556666';
const lockId = 'b1b1b1b1-1111-4222-8333-444455556666';
const transactionId = 'c2c2c2c2-1111-4222-8333-444455556666';
const wallet = { walletId, userId, currency: 'INR' };
const cash = `cash:${userId}`;
const locked = `cash-locked:${userId}`;

/** The postings as [account, debit, credit] with four decimals, easy to compare. */
function lines(entry: EntryDraft): [string, string, string][] {
  return entry.postings.map((p) => [p.account, p.debit.toFixed(4), p.credit.toFixed(4)]);
}

// Amounts as the contracts carry them: decimal strings with up to four decimals.
const amount = fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 9999 }))
  .filter(([whole, fraction]) => whole + fraction > 0)
  .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(4, '0')}`);

const movementId = 'd3d3d3d3-1111-4222-8333-444455556666';
const executionId = 'e4e4e4e4-1111-4222-8333-444455556666';

describe('posting rules: each funds event is exactly one entry (docs/domain.md, Ledger: posting rules)', () => {
  it('a lock\'s movements are keyed by their own id: a lock settled by three fills has three SETTLE entries, not one', () => {
    const fills = [randomMovement(), randomMovement(), randomMovement()].map((id) => settleEntry({ ...wallet, lockId, movementId: id, executionId, transactionId, amount: '100', fee: '1', reference: 'order-1' }));
    expect(fills.map((e) => [e.kind, e.referenceType])).to.deep.equal([['SETTLE', 'FUND_MOVEMENT'], ['SETTLE', 'FUND_MOVEMENT'], ['SETTLE', 'FUND_MOVEMENT']]);
    expect(new Set(fills.map((e) => e.referenceId)).size).to.equal(3);
    expect(fills[0]!.description).to.contain(`fill ${executionId}`);
    expect(lockEntry({ ...wallet, lockId, movementId, amount: '5', reference: 'o', purpose: 'ORDER' })).to.include({ referenceType: 'FUND_MOVEMENT', referenceId: movementId });
    expect(releaseEntry({ ...wallet, lockId, movementId, amount: '5', reference: 'o', purpose: 'ORDER' })).to.include({ referenceType: 'FUND_MOVEMENT', referenceId: movementId });
    expect(withdrawalEntry({ ...wallet, lockId, movementId, transactionId, amount: '5', reference: 'w' })).to.include({ referenceType: 'FUND_MOVEMENT', referenceId: movementId });
  });

  it('an event written before movements had ids is keyed by its lock, as then', () => {
    expect(settleEntry({ ...wallet, lockId, transactionId, amount: '100', fee: '0', reference: 'o' })).to.include({ referenceType: 'FUND_LOCK', referenceId: lockId });
  });

  it('funds.deposited A: Dr payment-gateway A, Cr cash:u A, kind DEPOSIT, referenced by the funds transaction', () => {
    const entry = depositEntry({ ...wallet, transactionId, amount: '50000.00', reference: 'payment-1' });
    expect(entry).to.include({ kind: 'DEPOSIT', referenceType: 'WALLET_TRANSACTION', referenceId: transactionId, currency: 'INR' });
    expect(lines(entry)).to.deep.equal([['payment-gateway', '50000.0000', '0.0000'], [cash, '0.0000', '50000.0000']]);
  });

  it('funds.locked L: Dr cash:u L, Cr cash-locked:u L, kind LOCK, referenced by the lock', () => {
    const entry = lockEntry({ ...wallet, lockId, amount: '1020.5', reference: 'order-1', purpose: 'ORDER' });
    expect(entry).to.include({ kind: 'LOCK', referenceType: 'FUND_LOCK', referenceId: lockId });
    expect(lines(entry)).to.deep.equal([[cash, '1020.5000', '0.0000'], [locked, '0.0000', '1020.5000']]);
  });

  it('funds.released R: Dr cash-locked:u R, Cr cash:u R, kind RELEASE, referenced by the lock', () => {
    const entry = releaseEntry({ ...wallet, lockId, amount: '20.5', reference: 'order-1', purpose: 'ORDER', reason: 'remainder' });
    expect(entry).to.include({ kind: 'RELEASE', referenceType: 'FUND_LOCK', referenceId: lockId });
    expect(entry.description).to.contain('remainder');
    expect(lines(entry)).to.deep.equal([[locked, '20.5000', '0.0000'], [cash, '0.0000', '20.5000']]);
  });

  it('funds.withdrawn A: Dr cash-locked:u A, Cr payment-gateway A, kind WITHDRAWAL, referenced by the lock', () => {
    const entry = withdrawalEntry({ ...wallet, lockId, transactionId, amount: '5000', reference: 'withdrawal-1' });
    expect(entry).to.include({ kind: 'WITHDRAWAL', referenceType: 'FUND_LOCK', referenceId: lockId });
    expect(lines(entry)).to.deep.equal([[locked, '5000.0000', '0.0000'], ['payment-gateway', '0.0000', '5000.0000']]);
  });

  it('funds.withdrawn without a lock id is referenced by its funds transaction', () => {
    const entry = withdrawalEntry({ ...wallet, transactionId, amount: '5000', reference: 'withdrawal-1' });
    expect(entry).to.include({ referenceType: 'WALLET_TRANSACTION', referenceId: transactionId });
  });

  it('funds.settled (amount C+F, fee F): Dr cash-locked:u C+F, Cr exchange-settlement C, Cr fees-revenue F, kind SETTLE', () => {
    const entry = settleEntry({ ...wallet, lockId, transactionId, amount: '15020.0000', fee: '20.0000', reference: 'order-1' });
    expect(entry).to.include({ kind: 'SETTLE', referenceType: 'FUND_LOCK', referenceId: lockId });
    expect(lines(entry)).to.deep.equal([[locked, '15020.0000', '0.0000'], ['exchange-settlement', '0.0000', '15000.0000'], ['fees-revenue', '0.0000', '20.0000']]);
  });

  it('funds.credited (amount P, fee F): Dr exchange-settlement P, Cr cash:u P−F, Cr fees-revenue F, kind TRADE_CREDIT', () => {
    const entry = tradeCreditEntry({ ...wallet, transactionId, amount: '6400.0000', fee: '1.9200', reference: 'order-2' });
    expect(entry).to.include({ kind: 'TRADE_CREDIT', referenceType: 'WALLET_TRANSACTION', referenceId: transactionId });
    expect(lines(entry)).to.deep.equal([['exchange-settlement', '6400.0000', '0.0000'], [cash, '0.0000', '6398.0800'], ['fees-revenue', '0.0000', '1.9200']]);
  });

  it('when the fee is zero, then there is no fees-revenue posting (a posting moves money)', () => {
    expect(lines(settleEntry({ ...wallet, lockId, transactionId, amount: '100', fee: '0', reference: 'o' }))).to.deep.equal([[locked, '100.0000', '0.0000'], ['exchange-settlement', '0.0000', '100.0000']]);
    expect(lines(tradeCreditEntry({ ...wallet, transactionId, amount: '100', fee: '0.0000', reference: 'o' }))).to.deep.equal([['exchange-settlement', '100.0000', '0.0000'], [cash, '0.0000', '100.0000']]);
  });

  it('when the fee exceeds the amount, then the event is refused: no entry can book it', () => {
    expect(() => settleEntry({ ...wallet, lockId, transactionId, amount: '10', fee: '10.0001', reference: 'o' })).to.throw(EntryRefused, /fee/);
    expect(() => tradeCreditEntry({ ...wallet, transactionId, amount: '10', fee: '11', reference: 'o' })).to.throw(EntryRefused, /fee/);
  });

  it('when the currency is not an upper-case three-letter code, then the event is refused', () => {
    expect(() => depositEntry({ ...wallet, currency: 'inr', transactionId, amount: '1', reference: 'p' })).to.throw(EntryRefused, /currency/);
  });

  it('an upper-case user id names the same accounts as the lower-case one', () => {
    const entry = lockEntry({ ...wallet, userId: userId.toUpperCase(), lockId, amount: '1', reference: 'o', purpose: 'ORDER' });
    expect(entry.postings.map((p) => p.account)).to.deep.equal([cash, locked]);
  });

  it('every rule gives a balanced entry of at least two postings, for any amounts', () => {
    fc.assert(fc.property(amount, amount, (a, b) => {
      const [big, small] = Number(a) >= Number(b) ? [a, b] : [b, a];
      const entries = [
        depositEntry({ ...wallet, transactionId, amount: a, reference: 'p' }),
        lockEntry({ ...wallet, lockId, amount: a, reference: 'o', purpose: 'WITHDRAWAL' }),
        releaseEntry({ ...wallet, lockId, amount: a, reference: 'o', purpose: 'ORDER' }),
        withdrawalEntry({ ...wallet, lockId, transactionId, amount: a, reference: 'w' }),
        settleEntry({ ...wallet, lockId, transactionId, amount: big, fee: small, reference: 'o' }),
        tradeCreditEntry({ ...wallet, transactionId, amount: big, fee: small, reference: 'o' }),
      ];
      for (const entry of entries) {
        expect(entryProblem(entry)).to.equal(null);
        const { debits, credits } = totals(entry.postings);
        expect(debits.eq(credits)).to.equal(true);
        expect(entry.postings.length).to.be.at.least(2);
      }
    }));
  });
});

describe('posting rules: a fill\'s statutory charges', () => {
  const fill = {
    executionId: randomMovement(), orderId: randomMovement(), userId: randomMovement(), symbol: 'INFY', side: 'BUY' as const, quantity: 100, price: '1500.0000',
    fees: '201.5400', currency: 'INR', liquidity: 'TAKER' as const, executedAt: new Date().toISOString(),
    charges: { brokerage: '20.0000', stt: '150.0000', exchangeCharge: '4.4600', sebiFee: '0.1500', stampDuty: '22.5000', gst: '4.4300' },
  };

  it('when a fill carries its charges by kind, then all but the brokerage move from fees-revenue to what is owed to others, balanced', () => {
    const entry = chargesEntry(fill)!;
    expect(entry).to.include({ kind: 'CHARGES', referenceType: 'EXECUTION', referenceId: fill.executionId });
    expect(entry.postings.map((p) => [p.account, p.debit.toFixed(4), p.credit.toFixed(4)])).to.deep.equal([
      ['fees-revenue', '181.5400', '0.0000'], ['stt-payable', '0.0000', '150.0000'], ['stamp-duty-payable', '0.0000', '22.5000'],
      ['exchange-charges-payable', '0.0000', '4.4600'], ['sebi-fees-payable', '0.0000', '0.1500'], ['gst-payable', '0.0000', '4.4300'],
    ]);
    expect(totals(entry.postings).debits.eq(totals(entry.postings).credits)).to.equal(true);
  });

  it('when a fill carries no itemised charges, or only brokerage, then there is no entry', () => {
    expect(chargesEntry({ ...fill, charges: undefined })).to.equal(null);
    expect(chargesEntry({ ...fill, charges: { ...fill.charges, stt: '0', exchangeCharge: '0', sebiFee: '0', stampDuty: '0', gst: '0' } })).to.equal(null);
  });
});
