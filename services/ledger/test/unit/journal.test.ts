import { expect } from 'chai';
import { money } from '@winvestco/common';
import { accountOf, balanceOf, ownsAccount } from '../../src/domain/accounts.ts';
import { balancedEntry, credit, debit, EntryRefused, entryProblem, reversalOf, sameMovement, type EntryDraft, type JournalEntry } from '../../src/domain/journal.ts';
import { compareWithWallet } from '../../src/domain/reconciliation.ts';

const ann = '6f1c2a4e-0b7d-4c1e-9a55-2d3e4f5a6b7c';
const bob = '7a2d3b5f-1c8e-4d2f-8b66-3e4f5a6b7c8d';
const reference = 'c2c2c2c2-1111-4222-8333-444455556666';

function draft(postings: EntryDraft['postings'], overrides: Partial<EntryDraft> = {}): EntryDraft {
  return { kind: 'DEPOSIT', referenceType: 'WALLET_TRANSACTION', referenceId: reference, description: 'd', currency: 'INR', postings, ...overrides };
}

describe('a journal entry is balanced and has at least two postings, or it is refused', () => {
  it('a balanced entry of two postings may be posted', () => {
    expect(entryProblem(draft([debit('payment-gateway', '100'), credit(`cash:${ann}`, '100')]))).to.equal(null);
  });

  it('when debits and credits differ, then it is refused, saying both sums', () => {
    expect(() => balancedEntry(draft([debit('payment-gateway', '100'), credit(`cash:${ann}`, '99.9999')])))
      .to.throw(EntryRefused, 'debits 100.0000 do not equal credits 99.9999');
  });

  it('when it has a single posting, or none, then it is refused', () => {
    expect(entryProblem(draft([debit('payment-gateway', '100')]))).to.contain('at least two postings');
    expect(entryProblem(draft([]))).to.contain('at least two postings');
  });

  it('when a posting has both a debit and a credit, or neither, then it is refused', () => {
    const both = { account: 'payment-gateway', debit: money(5), credit: money(5) };
    expect(entryProblem(draft([both, debit('fees-revenue', '1'), credit(`cash:${ann}`, '1')]))).to.contain('exactly one of debit and credit');
    expect(entryProblem(draft([debit('payment-gateway', '0'), credit(`cash:${ann}`, '0')]))).to.contain('exactly one of debit and credit');
  });

  it('when an amount is negative, has more than 4 decimals or exceeds NUMERIC(20,4), then it is refused', () => {
    expect(entryProblem(draft([debit('payment-gateway', '-5'), credit(`cash:${ann}`, '-5')]))).to.contain('negative');
    expect(entryProblem(draft([debit('payment-gateway', '0.00001'), credit(`cash:${ann}`, '0.00001')]))).to.contain('decimals');
    expect(entryProblem(draft([debit('payment-gateway', '1e16'), credit(`cash:${ann}`, '1e16')]))).to.contain('too large');
  });

  it('when a posting names an account outside the chart, then it is refused', () => {
    expect(entryProblem(draft([debit('petty-cash', '1'), credit(`cash:${ann}`, '1')]))).to.contain('not an account of the chart');
  });

  it('when an entry touches two users, then it is refused (an entry is one wallet\'s movement)', () => {
    expect(entryProblem(draft([debit(`cash:${ann}`, '1'), credit(`cash:${bob}`, '1')]))).to.contain('two users');
  });

  it('when the reference is not a UUID or the currency not a code, then it is refused', () => {
    expect(entryProblem(draft([debit('payment-gateway', '1'), credit(`cash:${ann}`, '1')], { referenceId: 'order-1' }))).to.contain('UUID');
    expect(entryProblem(draft([debit('payment-gateway', '1'), credit(`cash:${ann}`, '1')], { currency: 'RUPEES' }))).to.contain('currency');
  });
});

describe('a mistake is corrected by a reversing entry', () => {
  const entry: JournalEntry = {
    ...draft([debit('payment-gateway', '100'), credit(`cash:${ann}`, '100')]), id: '0d0d0d0d-1111-4222-8333-444455556666', createdAt: new Date(),
  };

  it('the reversal swaps every debit and credit and references the entry it reverses', () => {
    const reversal = reversalOf(entry, 'posted twice by mistake');
    expect(reversal).to.include({ kind: 'REVERSAL', referenceType: 'JOURNAL_ENTRY', referenceId: entry.id, currency: 'INR' });
    expect(reversal.description).to.contain('posted twice by mistake');
    expect(reversal.postings.map((p) => [p.account, p.debit.toFixed(4), p.credit.toFixed(4)])).to.deep.equal([
      ['payment-gateway', '0.0000', '100.0000'], [`cash:${ann}`, '100.0000', '0.0000'],
    ]);
  });

  it('the same movement is recognised whatever the letter case of its reference; other amounts are not the same movement', () => {
    const a = draft([debit('payment-gateway', '100'), credit(`cash:${ann}`, '100')]);
    expect(sameMovement(a, { ...a, referenceId: reference.toUpperCase() })).to.equal(true);
    expect(sameMovement(a, draft([debit('payment-gateway', '100.0001'), credit(`cash:${ann}`, '100.0001')]))).to.equal(false);
  });
});

describe('the chart of accounts', () => {
  it('per-user cash accounts are liabilities of that user; the platform\'s are assets or income', () => {
    expect(accountOf(`cash:${ann}`)).to.deep.equal({ code: `cash:${ann}`, type: 'LIABILITY', userId: ann });
    expect(accountOf(`cash-locked:${ann.toUpperCase()}`)).to.deep.equal({ code: `cash-locked:${ann}`, type: 'LIABILITY', userId: ann });
    expect(accountOf('payment-gateway')).to.include({ type: 'ASSET', userId: null });
    expect(accountOf('fees-revenue')).to.include({ type: 'INCOME' });
    expect(accountOf('cash:not-a-uuid')).to.equal(null);
    expect(accountOf('toString')).to.equal(null);
  });

  it('a liability\'s balance is credits − debits; an asset\'s is debits − credits', () => {
    expect(balanceOf('LIABILITY', '30', '100').toFixed(4)).to.equal('70.0000');
    expect(balanceOf('ASSET', '100', '30').toFixed(4)).to.equal('70.0000');
  });

  it('a user owns their own two accounts only', () => {
    expect(ownsAccount(ann, accountOf(`cash:${ann}`)!)).to.equal(true);
    expect(ownsAccount(ann, accountOf(`cash:${bob}`)!)).to.equal(false);
    expect(ownsAccount(ann, accountOf('fees-revenue')!)).to.equal(false);
  });
});

describe('reconciliation: wallet available = cash:u, wallet locked = cash-locked:u', () => {
  const side = (available: string, locked: string) => ({ available: money(available), locked: money(locked) });

  it('when both sides agree, then they match with zero differences', () => {
    const result = compareWithWallet(side('100', '20'), side('100.0000', '20'));
    expect(result.matched).to.equal(true);
    expect(result.differences.available.isZero() && result.differences.locked.isZero()).to.equal(true);
  });

  it('when they differ, then the differences are wallet minus ledger', () => {
    const result = compareWithWallet(side('100', '20'), side('90', '30'));
    expect(result.matched).to.equal(false);
    expect([result.differences.available.toFixed(4), result.differences.locked.toFixed(4)]).to.deep.equal(['-10.0000', '10.0000']);
  });

  it('when there is no wallet, then it does not match, even with an empty ledger', () => {
    expect(compareWithWallet(side('0', '0'), null).matched).to.equal(false);
  });
});
