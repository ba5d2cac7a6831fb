import { expect } from 'chai';
import { mayLogIn, passwordWeakness, profileChanges, roleChangeRefusal, statusChangeRefusal, type User } from '../../src/domain/account.ts';
import { CLIENT_ID_PATTERN, newClientId } from '../../src/domain/clientId.ts';
import { parseRefreshToken, refreshTokenOf } from '../../src/domain/sessions.ts';

const plain = { targetIsCaller: false, lastActiveAdmin: false };

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

  it('when an admin would block, suspend or close themself, then it is refused', () => {
    for (const to of ['SUSPENDED', 'BLOCKED', 'CLOSED'] as const) {
      expect(statusChangeRefusal('ACTIVE', to, { ...plain, targetIsCaller: true })).to.match(/your own account/);
    }
  });

  it('when the last active admin would be taken out of service or lose ADMIN, then it is refused', () => {
    expect(statusChangeRefusal('ACTIVE', 'SUSPENDED', { ...plain, lastActiveAdmin: true })).to.match(/last active admin/);
    expect(roleChangeRefusal(['USER'], { ...plain, lastActiveAdmin: true })).to.match(/last active admin/);
    expect(roleChangeRefusal(['ADMIN', 'USER'], { ...plain, lastActiveAdmin: true })).to.equal(null);
  });

  it('roles must be non-empty and distinct, and an admin keeps their own ADMIN role', () => {
    expect(roleChangeRefusal([], plain)).to.match(/at least one role/);
    expect(roleChangeRefusal(['USER', 'USER'], plain)).to.match(/must not repeat/);
    expect(roleChangeRefusal(['USER'], { ...plain, targetIsCaller: true })).to.match(/own ADMIN/);
    expect(roleChangeRefusal(['USER', 'ADMIN'], { ...plain, targetIsCaller: true })).to.equal(null);
  });

  it('passwords need 8 to 128 characters with a letter and a digit', () => {
    expect(passwordWeakness('a1b2c3')).to.match(/at least 8/);
    expect(passwordWeakness('abcdefgh')).to.match(/digit/);
    expect(passwordWeakness('12345678')).to.match(/letter/);
    expect(passwordWeakness(`a1${'x'.repeat(127)}`)).to.match(/at most 128/);
    expect(passwordWeakness('blue-k1te-sky')).to.equal(null);
  });

  it('letters and digits of any script count', () => {
    expect(passwordWeakness('पासवर्ड२०२६')).to.equal(null);
    expect(passwordWeakness('Пароль-2026')).to.equal(null);
    expect(passwordWeakness('密码密码密码12')).to.equal(null);
  });

  it('the commonest passwords are refused, in any letter case', () => {
    expect(passwordWeakness('passw0rd')).to.match(/most common/);
    expect(passwordWeakness('Password123')).to.match(/most common/);
  });

  it('client ids are WV and six unambiguous characters', () => {
    let n = 0;
    const id = newClientId(() => n++ * 37);
    expect(id).to.match(CLIENT_ID_PATTERN);
    expect(id.slice(2)).not.to.match(/[01ILOU]/);
  });
});

describe('profile changes', () => {
  const user = { firstName: 'Ann', lastName: 'Rao', phone: '+919800000001' } as User;

  it('absent or null fields change nothing', () => {
    expect(profileChanges(user, {})).to.deep.equal({});
    expect(profileChanges(user, { firstName: null, lastName: null, phone: null })).to.deep.equal({});
  });

  it('a value equal to the current one changes nothing', () => {
    expect(profileChanges(user, { firstName: 'Ann', lastName: 'Iyer' })).to.deep.equal({ lastName: 'Iyer' });
  });

  it('phone "" clears the phone number', () => {
    expect(profileChanges(user, { phone: '' })).to.deep.equal({ phone: null });
    expect(profileChanges({ ...user, phone: null }, { phone: '' })).to.deep.equal({});
  });
});

describe('refresh tokens', () => {
  it('carry their row id and a secret, and nothing else parses', () => {
    const id = '5f0c1c1e-0000-4000-8000-000000000000';
    const secret = 'A'.repeat(43);
    expect(parseRefreshToken(refreshTokenOf(id, secret))).to.deep.equal({ id, secret });
    expect(parseRefreshToken('x.y')).to.equal(null);
    expect(parseRefreshToken(`${id}.${secret}.extra`)).to.equal(null);
  });
});
