import { expect } from 'chai';
import { money } from '@winvestco/common';
import { compareWithWallet, verdict, type Seen } from '../../src/domain/reconciliation.ts';

const side = (available: string, locked: string) => ({ available: money(available), locked: money(locked) });
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 5, 10, 0, seconds));
const timing = { graceMs: 30_000, recheckMs: 60_000 };

describe('continuous reconciliation: when a difference is reported', () => {
  const differing = compareWithWallet(side('100', '0'), side('125', '0'));

  it('when wallet and ledger are equal, then any recorded difference is resolved', () => {
    expect(verdict(null, compareWithWallet(side('1', '2'), side('1', '2')), at(0), timing)).to.deep.equal({ kind: 'resolved', wasReported: false });
    const reported: Seen = { status: 'MISMATCH', differences: differing.differences, firstSeenAt: at(0) };
    expect(verdict(reported, compareWithWallet(side('1', '2'), side('1', '2')), at(90), timing)).to.deep.equal({ kind: 'resolved', wasReported: true });
  });

  it('when a difference is first seen, then it is only a suspect (events may be in flight), checked again after the grace period', () => {
    expect(verdict(null, differing, at(0), timing)).to.deep.equal({ kind: 'suspect', firstSeenAt: at(0), recheckAt: at(30) });
  });

  it('when the same difference has lasted the grace period, then it is reported, once as new', () => {
    const seen: Seen = { status: 'SUSPECT', differences: differing.differences, firstSeenAt: at(0) };
    expect(verdict(seen, differing, at(29), timing)).to.deep.equal({ kind: 'suspect', firstSeenAt: at(0), recheckAt: at(30) });
    expect(verdict(seen, differing, at(30), timing)).to.deep.equal({ kind: 'mismatch', firstSeenAt: at(0), newly: true, recheckAt: at(90) });
    const reported: Seen = { ...seen, status: 'MISMATCH' };
    expect(verdict(reported, differing, at(90), timing)).to.include({ kind: 'mismatch', newly: false });
  });

  it('when the difference changes before it was reported (money moving, the ledger a moment behind), then the clock starts again', () => {
    const seen: Seen = { status: 'SUSPECT', differences: differing.differences, firstSeenAt: at(0) };
    const other = compareWithWallet(side('100', '0'), side('90', '10'));
    expect(verdict(seen, other, at(40), timing)).to.deep.equal({ kind: 'suspect', firstSeenAt: at(40), recheckAt: at(70) });
  });

  it('a reported mismatch stays reported, whatever else moves, until wallet and ledger are equal', () => {
    const reported: Seen = { status: 'MISMATCH', differences: differing.differences, firstSeenAt: at(0) };
    const other = compareWithWallet(side('500', '0'), side('520', '0'));
    expect(verdict(reported, other, at(200), timing)).to.deep.equal({ kind: 'mismatch', firstSeenAt: at(0), newly: false, recheckAt: at(260) });
  });

  it('a user the ledger has money for but the funds service no wallet is a difference', () => {
    expect(verdict(null, compareWithWallet(side('25', '0'), null), at(0), timing).kind).to.equal('suspect');
  });
});
