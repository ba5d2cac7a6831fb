import { expect } from 'chai';
import fc from 'fast-check';
import { authenticate, judgeToken, mergeSubscriptions, repeatedKey, subscribe, TokenVerifier, usersTopic, type Standing } from '../../src/index.ts';
import { generateKeyPairSync } from 'node:crypto';

const ann = { sub: '5f0c1c1e-0000-4000-8000-000000000000', ver: 3 };
const active = (over: Partial<NonNullable<Standing['account']>> = {}): Standing => ({
  account: { status: 'ACTIVE', roles: ['USER'], tokenVersion: 3, ...over }, sessionEnded: false,
});

describe('kit: the one rule a token is judged by (judgeToken)', () => {
  it('when the session stands and the account is ACTIVE at the token\'s version, then the caller acts with the account\'s current roles', () => {
    const verdict = judgeToken({ ...ann }, active({ roles: ['VIEWER'] }));
    expect(verdict).to.deep.equal({ ok: true, caller: { id: ann.sub, roles: ['VIEWER'] } });
  });

  it('when the session ended (logout, refresh reuse), then 401 whatever the account', () => {
    expect(judgeToken(ann, { ...active(), sessionEnded: true })).to.include({ ok: false, status: 401 });
    expect(judgeToken(ann, { account: null, sessionEnded: true })).to.include({ ok: false, status: 401 });
  });

  it('when the account moved on since the token (password, status or roles changed), then 401', () => {
    expect(judgeToken(ann, active({ tokenVersion: 4 }))).to.include({ ok: false, status: 401 });
  });

  it('when the account is not ACTIVE, then 403 naming its status', () => {
    const verdict = judgeToken(ann, active({ status: 'SUSPENDED' }));
    expect(verdict).to.include({ ok: false, status: 403 });
    expect((verdict as { detail: string }).detail).to.contain('SUSPENDED');
  });

  it('when the projection has not seen the user or this version yet, then it must ask, never accept', () => {
    expect(judgeToken(ann, { account: null, sessionEnded: false })).to.deep.equal({ ok: false, behind: true });
    expect(judgeToken(ann, active({ tokenVersion: 2 }))).to.deep.equal({ ok: false, behind: true });
  });

  it('never trusts the roles of the token: only ACTIVE at the same version passes, with the projection\'s roles', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom('ACTIVE', 'SUSPENDED', 'BLOCKED', 'CLOSED' as const), fc.boolean(),
      (ver, known, status, ended) => {
        const verdict = judgeToken({ sub: ann.sub, ver }, { account: { status, roles: ['USER'], tokenVersion: known }, sessionEnded: ended });
        expect(verdict.ok).to.equal(ver === known && status === 'ACTIVE' && !ended);
      },
    ));
  });
});

describe('kit: authenticate() needs a session check', () => {
  it('when a verifier has no session check and none is given, then it refuses to build the middleware', async () => {
    const { publicKey } = generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const bare = await TokenVerifier.fromPublicKey(publicKey);
    expect(() => authenticate(bare)).to.throw(/session check/);
    expect(() => authenticate(bare.withSessions(async (c) => ({ id: c.sub, roles: [] })))).not.to.throw();
  });
});

describe('kit: a body that repeats a key (repeatedKey)', () => {
  it('when a key is repeated at the top, then it is named', () => {
    expect(repeatedKey('{"amount":"100.00","amount":"1000000.00"}')).to.equal('amount');
  });

  it('when a key is repeated inside a nested object or an array of objects, then its path is named', () => {
    expect(repeatedKey('{"a":{"b":1,"b":2}}')).to.equal('a.b');
    expect(repeatedKey('{"items":[{"id":1},{"id":2,"id":3}]}')).to.equal('items[].id');
  });

  it('when two keys differ only in their escapes, then they are the same key', () => {
    expect(repeatedKey('{"amount":"1","\\u0061mount":"2"}')).to.equal('amount');
  });

  it('when equal keys are in different objects, or a value looks like a key, then nothing is refused', () => {
    expect(repeatedKey('{"a":{"id":1},"b":{"id":1},"c":["a","a"],"d":"a\\"}"}')).to.equal(null);
    expect(repeatedKey('[1,2,"x"]')).to.equal(null);
    expect(repeatedKey('"just a string"')).to.equal(null);
  });

  it('finds a repeat exactly when the parsed object has fewer keys than the text', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'é', 'a"b'), { maxLength: 6 }), (keys) => {
      const text = `{${keys.map((k, i) => `${JSON.stringify(k)}:${i}`).join(',')}}`;
      expect(repeatedKey(text) !== null).to.equal(new Set(keys).size !== keys.length);
    }));
  });
});

describe('kit: the kit\'s and a service\'s handlers of one topic (mergeSubscriptions)', () => {
  it('when both handle a type, then one subscription runs both, the kit\'s first', async () => {
    const ran: string[] = [];
    const merged = mergeSubscriptions([
      subscribe(usersTopic, { 'user.registered': async () => void ran.push('kit'), 'user.session-ended': async () => void ran.push('kit-only') }),
      subscribe(usersTopic, { 'user.registered': async () => void ran.push('service') }),
    ]);
    expect(merged).to.have.length(1);
    await merged[0]!.handlers['user.registered']!({} as never, {}, {} as never);
    expect(ran).to.deep.equal(['kit', 'service']);
    expect(Object.keys(merged[0]!.handlers)).to.have.members(['user.registered', 'user.session-ended']);
  });
});
