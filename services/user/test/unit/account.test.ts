import { expect } from 'chai';
import { mayLogIn, passwordWeakness, roleChangeRefusal, statusChangeRefusal } from '../../src/domain/account.ts';
import { CLIENT_ID_PATTERN, newClientId } from '../../src/domain/clientId.ts';

describe('account rules', () => {
  it('only ACTIVE users may log in', () => {
    expect(mayLogIn('ACTIVE')).to.equal(true);
    for (const status of ['SUSPENDED', 'BLOCKED', 'CLOSED'] as const) expect(mayLogIn(status)).to.equal(false);
  });

  it('a status change to the same status is refused', () => {
    expect(statusChangeRefusal('ACTIVE', 'ACTIVE')).to.match(/already ACTIVE/);
  });

  it('CLOSED is final', () => {
    expect(statusChangeRefusal('CLOSED', 'ACTIVE')).to.match(/cannot be reopened/);
    expect(statusChangeRefusal('SUSPENDED', 'ACTIVE')).to.equal(null);
  });

  it('roles must be non-empty and distinct, and an admin keeps their own ADMIN role', () => {
    expect(roleChangeRefusal([], false)).to.match(/at least one role/);
    expect(roleChangeRefusal(['USER', 'USER'], false)).to.match(/must not repeat/);
    expect(roleChangeRefusal(['USER'], true)).to.match(/own ADMIN/);
    expect(roleChangeRefusal(['USER', 'ADMIN'], true)).to.equal(null);
  });

  it('passwords need 8 to 128 characters with a letter and a digit', () => {
    expect(passwordWeakness('a1b2c3')).to.match(/at least 8/);
    expect(passwordWeakness('abcdefgh')).to.match(/digit/);
    expect(passwordWeakness('12345678')).to.match(/letter/);
    expect(passwordWeakness(`a1${'x'.repeat(127)}`)).to.match(/at most 128/);
    expect(passwordWeakness('passw0rd')).to.equal(null);
  });

  it('client ids are WV and six unambiguous characters', () => {
    let n = 0;
    const id = newClientId(() => n++ * 37);
    expect(id).to.match(CLIENT_ID_PATTERN);
    expect(id.slice(2)).not.to.match(/[01ILOU]/);
  });
});
