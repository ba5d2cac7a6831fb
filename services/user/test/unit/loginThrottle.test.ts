import { expect } from 'chai';
import { loginLockedUntil } from '../../src/domain/loginThrottle.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 10, minute));

describe('login throttling: 5 failures in 15 minutes lock the email for 15 minutes', () => {
  it('4 failures do not lock', () => {
    expect(loginLockedUntil([at(0), at(1), at(2), at(3)], at(4))).to.equal(null);
  });

  it('5 failures within 15 minutes lock until 15 minutes after the last one', () => {
    expect(loginLockedUntil([at(0), at(1), at(2), at(3), at(4)], at(5))).to.deep.equal(at(19));
  });

  it('the order of the failures does not matter', () => {
    expect(loginLockedUntil([at(4), at(0), at(3), at(1), at(2)], at(5))).to.deep.equal(at(19));
  });

  it('5 failures spread over more than 15 minutes do not lock', () => {
    expect(loginLockedUntil([at(0), at(5), at(10), at(15), at(16)], at(17))).to.equal(null);
  });

  it('the lock ends 15 minutes after the last failure', () => {
    expect(loginLockedUntil([at(0), at(1), at(2), at(3), at(4)], at(19))).to.equal(null);
  });
});
