import { expect } from 'chai';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keyId } from '@winvestco/common';
import { eventually, InvokeClient, TEST_ADMIN as ADMIN, TEST_SECRETS, testPlatform, type TestApp, type TestPlatform } from '@winvestco/platform/testing';
import { SignJWT } from 'jose';

describe('user service, called through its Dapr sidecar', function () {
  let platform: TestPlatform;
  let app: TestApp;
  let users: InvokeClient;

  before(async function () {
    platform = await testPlatform('user');
    app = await platform.launch('user-service');
    users = new InvokeClient(app.dapr, 'user-service');
  });

  after(async () => {
    if (app) await platform.stopApp(app);
  });

  beforeEach(async () => {
    // Clean data, but keep the first admin the service created from the secret store.
    await platform.adminDb('user').none("DELETE FROM users WHERE email <> $1; TRUNCATE login_attempts, outbox, refresh_tokens", [ADMIN.email]);
    await platform.adminDb('user').none(
      `UPDATE users SET status = 'ACTIVE' WHERE email = $1;
       DELETE FROM user_roles WHERE user_id = (SELECT id FROM users WHERE email = $1);
       INSERT INTO user_roles (user_id, role) SELECT id, 'ADMIN' FROM users WHERE email = $1`, [ADMIN.email]);
  });

  const ann = { email: 'ann@example.com', password: 'passw0rd!', firstName: 'Ann', lastName: 'Rao', phone: '+919800000001' };
  const outboxCount = async () => Number((await platform.adminDb('user').one('SELECT count(*) AS n FROM outbox')).n);
  const accountRow = (email: string) => platform.adminDb('user').one('SELECT * FROM user_accounts WHERE email = $1', [email]);

  async function session(email: string, password: string): Promise<{ accessToken: string; refreshToken: string; expiresIn: number }> {
    const reply = await users.post('auth/login', { email, password });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    return reply.body;
  }

  async function register(body: Record<string, unknown> = ann) {
    return users.post('auth/register', body);
  }

  async function login(email: string, password: string): Promise<string> {
    const reply = await users.post('auth/login', { email, password });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    return reply.body.accessToken;
  }

  const userCount = async () => Number((await platform.adminDb('user').one('SELECT count(*) AS n FROM users')).n);

  describe('POST /auth/register', () => {
    it('creates an ACTIVE user with role USER and a client id, without the password', async () => {
      const reply = await register();
      expect(reply.status).to.equal(201);
      expect(reply.body).to.include({ email: ann.email, firstName: 'Ann', lastName: 'Rao', status: 'ACTIVE' });
      expect(reply.body.roles).to.deep.equal(['USER']);
      expect(reply.body.clientId).to.match(/^WV[0-9A-Z]{6}$/);
      expect(JSON.stringify(reply.body)).not.to.contain('passw0rd').and.not.to.contain('argon2');
    });

    it('stores the password as an argon2id hash', async () => {
      await register();
      const row = await platform.adminDb('user').one('SELECT password_hash FROM users WHERE email = $1', [ann.email]);
      expect(row.password_hash).to.match(/^\$argon2id\$/);
    });

    it('when the email is already registered in any letter case, then 409 and no second user', async () => {
      await register();
      const before = await userCount();
      const reply = await register({ ...ann, email: 'ANN@Example.com' });
      expect(reply.status).to.equal(409);
      expect(reply.headers.get('content-type')).to.contain('application/problem+json');
      expect(await userCount()).to.equal(before);
    });

    it('when fields are bad, then 400 problem+json naming each field, and nothing is stored', async () => {
      const before = await userCount();
      const reply = await register({ email: 'not-an-email', password: 'short', firstName: '', lastName: 'Rao', role: 'ADMIN' });
      expect(reply.status).to.equal(400);
      expect(reply.headers.get('content-type')).to.contain('application/problem+json');
      expect(reply.body).to.include({ status: 400, title: 'Your request is not valid' });
      const fields = reply.body.errors.map((e: { field: string }) => e.field);
      expect(fields).to.include.members(['email', 'password', 'firstName', 'role']);
      expect(await userCount()).to.equal(before);
    });

    it('when the password has no digit, then 400 says so', async () => {
      const reply = await register({ ...ann, password: 'onlyletters' });
      expect(reply.status).to.equal(400);
      expect(reply.body.errors).to.deep.include({ field: 'password', message: 'password must contain a digit' });
    });

    it('when the body is not JSON, then 400', async () => {
      const reply = await users.call('POST', 'auth/register', { headers: { 'content-type': 'application/json' }, body: undefined });
      expect(reply.status).to.equal(400);
    });

    it('writes user.registered to the outbox and the relay publishes it', async () => {
      const { body } = await register();
      const row = await eventually('user.registered to be published', async () => {
        const r = await platform.adminDb('user').oneOrNone("SELECT * FROM outbox WHERE type = 'user.registered' AND subject = $1", [body.id]);
        return r?.published_at ? r : undefined;
      });
      expect(row.topic).to.equal('users');
      expect(row.data).to.include({ userId: body.id, email: ann.email, clientId: body.clientId });
    });
  });

  describe('POST /auth/login', () => {
    it('answers a JWT for the right password', async () => {
      await register();
      const reply = await users.post('auth/login', { email: 'Ann@Example.com', password: ann.password });
      expect(reply.status).to.equal(200);
      expect(reply.body).to.include({ tokenType: 'Bearer', expiresIn: 900 });
      expect(reply.body.accessToken.split('.')).to.have.length(3);
    });

    it('when the password is wrong, then 401', async () => {
      await register();
      const reply = await users.post('auth/login', { email: ann.email, password: 'wrong-passw0rd' });
      expect(reply.status).to.equal(401);
      expect(reply.body.detail).to.equal('The email or password is wrong');
    });

    it('when the email is unknown, then the same 401', async () => {
      const reply = await users.post('auth/login', { email: 'nobody@example.com', password: 'passw0rd!' });
      expect(reply.status).to.equal(401);
      expect(reply.body.detail).to.equal('The email or password is wrong');
    });

    it('after 5 failures within 15 minutes, then even the right password gets 429 with Retry-After', async () => {
      await register();
      for (let i = 0; i < 5; i += 1) expect((await users.post('auth/login', { email: ann.email, password: 'wrong-passw0rd' })).status).to.equal(401);
      const reply = await users.post('auth/login', { email: ann.email, password: ann.password });
      expect(reply.status).to.equal(429);
      expect(Number(reply.headers.get('retry-after'))).to.be.within(1, 900);
    });

    it('when the account is SUSPENDED, then 403', async () => {
      const { body } = await register();
      const adminToken = await login(ADMIN.email, ADMIN.password);
      expect((await users.patch(`users/${body.id}/status`, { status: 'SUSPENDED', reason: 'KYC review' }, adminToken)).status).to.equal(200);
      const reply = await users.post('auth/login', { email: ann.email, password: ann.password });
      expect(reply.status).to.equal(403);
      expect(reply.body.detail).to.contain('SUSPENDED');
    });
  });

  describe('GET and PATCH /users/me', () => {
    it('with a token, answers the caller', async () => {
      await register();
      const token = await login(ann.email, ann.password);
      const reply = await users.get('users/me', token);
      expect(reply.status).to.equal(200);
      expect(reply.body).to.include({ email: ann.email, phone: ann.phone });
      expect(reply.body.lastLoginAt).to.be.a('string');
    });

    it('without a token, then 401 with WWW-Authenticate', async () => {
      const reply = await users.get('users/me');
      expect(reply.status).to.equal(401);
      expect(reply.headers.get('www-authenticate')).to.equal('Bearer');
    });

    it('with a forged token, then 401', async () => {
      const reply = await users.get('users/me', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
      expect(reply.status).to.equal(401);
    });

    it('updates the profile and publishes user.updated with what changed', async () => {
      await register();
      const token = await login(ann.email, ann.password);
      const reply = await users.patch('users/me', { lastName: 'Rao-Iyer' }, token);
      expect(reply.status).to.equal(200);
      expect(reply.body.lastName).to.equal('Rao-Iyer');
      const event = await platform.adminDb('user').one("SELECT data FROM outbox WHERE type = 'user.updated'");
      expect(event.data.changed).to.deep.equal({ lastName: 'Rao-Iyer' });
    });

    it('when email or status is sent, then 400 and nothing changes', async () => {
      await register();
      const token = await login(ann.email, ann.password);
      const reply = await users.patch('users/me', { email: 'x@example.com', status: 'ACTIVE' }, token);
      expect(reply.status).to.equal(400);
      expect((await users.get('users/me', token)).body.email).to.equal(ann.email);
    });
  });

  describe('POST /users/me/password', () => {
    it('changes the password: the new one logs in, the old one does not', async () => {
      await register();
      const token = await login(ann.email, ann.password);
      const reply = await users.post('users/me/password', { currentPassword: ann.password, newPassword: 'n3w-passphrase' }, token);
      expect(reply.status).to.equal(204);
      expect((await users.post('auth/login', { email: ann.email, password: ann.password })).status).to.equal(401);
      await login(ann.email, 'n3w-passphrase');
    });

    it('when the current password is wrong, then 400 naming currentPassword', async () => {
      await register();
      const token = await login(ann.email, ann.password);
      const reply = await users.post('users/me/password', { currentPassword: 'wrong-0ne', newPassword: 'n3w-passphrase' }, token);
      expect(reply.status).to.equal(400);
      expect(reply.body.errors[0].field).to.equal('currentPassword');
    });
  });

  describe('admin routes', () => {
    it('as a USER, then 403 on every admin route', async () => {
      const { body } = await register();
      const token = await login(ann.email, ann.password);
      expect((await users.get('users', token)).status).to.equal(403);
      expect((await users.patch(`users/${body.id}/status`, { status: 'BLOCKED' }, token)).status).to.equal(403);
      expect((await users.put(`users/${body.id}/roles`, { roles: ['ADMIN'] }, token)).status).to.equal(403);
    });

    it('as ADMIN, lists users page by page', async () => {
      for (const n of [1, 2, 3]) await register({ ...ann, email: `user${n}@example.com` });
      const token = await login(ADMIN.email, ADMIN.password);
      const first = await users.get('users?limit=2', token);
      expect(first.status).to.equal(200);
      expect(first.body.items).to.have.length(2);
      const second = await users.get(`users?limit=2&cursor=${first.body.nextCursor}`, token);
      expect(second.body.items).to.have.length(2);
      const emails = [...first.body.items, ...second.body.items].map((u: { email: string }) => u.email);
      expect(new Set(emails).size).to.equal(4);
    });

    it('as ADMIN, a bad limit or cursor is a 400 naming it', async () => {
      const token = await login(ADMIN.email, ADMIN.password);
      expect((await users.get('users?limit=0', token)).body.errors[0].field).to.equal('limit');
      expect((await users.get('users?cursor=bogus', token)).body.errors[0].field).to.equal('cursor');
    });

    it('as ADMIN, changes roles and publishes user.role-changed', async () => {
      const { body } = await register();
      const token = await login(ADMIN.email, ADMIN.password);
      const reply = await users.put(`users/${body.id}/roles`, { roles: ['VIEWER', 'USER'] }, token);
      expect(reply.status).to.equal(200);
      expect(reply.body.roles).to.deep.equal(['USER', 'VIEWER']);
      const event = await platform.adminDb('user').one("SELECT data FROM outbox WHERE type = 'user.role-changed'");
      expect(event.data).to.include({ userId: body.id });
    });

    it('a CLOSED account cannot be reopened (409)', async () => {
      const { body } = await register();
      const token = await login(ADMIN.email, ADMIN.password);
      expect((await users.patch(`users/${body.id}/status`, { status: 'CLOSED' }, token)).status).to.equal(200);
      expect((await users.patch(`users/${body.id}/status`, { status: 'ACTIVE' }, token)).status).to.equal(409);
    });

    it('an unknown user id is a 404', async () => {
      const token = await login(ADMIN.email, ADMIN.password);
      const reply = await users.patch('users/00000000-0000-4000-8000-000000000000/status', { status: 'BLOCKED' }, token);
      expect(reply.status).to.equal(404);
    });
  });

  describe('the app behind the sidecar', () => {
    it('refuses calls that do not come through its sidecar (no app token)', async () => {
      const response = await fetch(`http://127.0.0.1:${app.app.appPort}/users/me`);
      expect(response.status).to.equal(401);
    });

    it('when a body is larger than 256 KiB, then 413 problem+json and nothing is stored', async () => {
      const before = await userCount();
      const reply = await register({ ...ann, lastName: 'x'.repeat(300 * 1024) });
      expect(reply.status).to.equal(413);
      expect(reply.headers.get('content-type')).to.contain('application/problem+json');
      expect(await userCount()).to.equal(before);
    });

    it('echoes the request id the caller sent', async () => {
      const reply = await users.call('GET', 'users/me', { headers: { 'x-request-id': 'req-123' } });
      expect(reply.headers.get('x-request-id')).to.equal('req-123');
    });

    it('reports ready with its database and sidecar, and serves Prometheus metrics', async () => {
      const ready = await users.get('readyz');
      expect(ready.status).to.equal(200);
      expect(ready.body.checks).to.deep.equal({ database: true, sidecar: true });
      const metrics = await fetch(`http://127.0.0.1:${app.app.appPort}/metrics`);
      expect(await metrics.text()).to.contain('http_request_duration_seconds');
    });
  });

  describe('sessions', () => {
    it('when Ann logs in, then the access token lives minutes, and a refresh token gets the next one and is rotated', async () => {
      await register();
      const first = await session(ann.email, ann.password);
      expect(first.expiresIn).to.be.at.most(900);
      const refreshed = await users.post('auth/refresh', { refreshToken: first.refreshToken });
      expect(refreshed.status).to.equal(200);
      expect(refreshed.body.refreshToken).not.to.equal(first.refreshToken);
      expect((await users.get('users/me', refreshed.body.accessToken)).status).to.equal(200);
    });

    it('when a rotated refresh token is used again, then it is refused and the whole session ends (it was copied)', async () => {
      await register();
      const first = await session(ann.email, ann.password);
      const second = (await users.post('auth/refresh', { refreshToken: first.refreshToken })).body;
      expect((await users.post('auth/refresh', { refreshToken: first.refreshToken })).status).to.equal(401);
      expect((await users.post('auth/refresh', { refreshToken: second.refreshToken })).status).to.equal(401);
    });

    it('when Ann logs out, then neither her refresh token nor her access token works, and user.session-ended is published', async () => {
      await register();
      const first = await session(ann.email, ann.password);
      expect((await users.get('users/me', first.accessToken)).status).to.equal(200);
      expect((await users.post('auth/logout', { refreshToken: first.refreshToken })).status).to.equal(204);
      expect((await users.post('auth/refresh', { refreshToken: first.refreshToken })).status).to.equal(401);
      expect((await users.get('users/me', first.accessToken)).status).to.equal(401);
      const event = await platform.adminDb('user').one("SELECT data FROM outbox WHERE type = 'user.session-ended'");
      expect(event.data).to.include({ reason: 'LOGGED_OUT' });
    });

    it('when a refresh token is reused, then the access token already issued from its session is refused too', async () => {
      await register();
      const first = await session(ann.email, ann.password);
      const second = (await users.post('auth/refresh', { refreshToken: first.refreshToken })).body;
      expect((await users.get('users/me', second.accessToken)).status).to.equal(200);
      expect((await users.post('auth/refresh', { refreshToken: first.refreshToken })).status).to.equal(401);
      expect((await users.get('users/me', second.accessToken)).status).to.equal(401);
      const event = await platform.adminDb('user').one("SELECT data FROM outbox WHERE type = 'user.session-ended'");
      expect(event.data).to.include({ reason: 'REFRESH_REUSED' });
    });

    it('token answers are never cached, and no answer may be sniffed as another type', async () => {
      await register();
      const reply = await users.post('auth/login', { email: ann.email, password: ann.password });
      expect(reply.headers.get('cache-control')).to.equal('no-store');
      expect(reply.headers.get('x-content-type-options')).to.equal('nosniff');
    });

    it('when Ann changes her password, then every session she had ends', async () => {
      await register();
      const old = await session(ann.email, ann.password);
      expect((await users.post('users/me/password', { currentPassword: ann.password, newPassword: 'n3w-passphrase' }, old.accessToken)).status).to.equal(204);
      expect((await users.get('users/me', old.accessToken)).status).to.equal(401);
      expect((await users.post('auth/refresh', { refreshToken: old.refreshToken })).status).to.equal(401);
    });

    it('when an admin is demoted, then the token issued before no longer opens admin routes', async () => {
      const { body } = await register();
      const adminToken = (await session(ADMIN.email, ADMIN.password)).accessToken;
      expect((await users.put(`users/${body.id}/roles`, { roles: ['ADMIN', 'USER'] }, adminToken)).status).to.equal(200);
      const annAsAdmin = (await session(ann.email, ann.password)).accessToken;
      expect((await users.get('users', annAsAdmin)).status).to.equal(200);
      expect((await users.put(`users/${body.id}/roles`, { roles: ['USER'] }, adminToken)).status).to.equal(200);
      expect((await users.get('users', annAsAdmin)).status).to.equal(401);
      const admin = await accountRow(ADMIN.email);
      expect((await users.put(`users/${admin.id}/roles`, { roles: ['USER'] }, annAsAdmin)).status).to.equal(401);
      expect((await accountRow(ADMIN.email)).roles).to.deep.equal(['ADMIN']);
    });

    it('when an admin is suspended, then the token issued before is refused, and the real admin keeps their status', async () => {
      const { body } = await register();
      const adminToken = (await session(ADMIN.email, ADMIN.password)).accessToken;
      await users.put(`users/${body.id}/roles`, { roles: ['ADMIN', 'USER'] }, adminToken);
      const annAsAdmin = (await session(ann.email, ann.password)).accessToken;
      expect((await users.patch(`users/${body.id}/status`, { status: 'SUSPENDED' }, adminToken)).status).to.equal(200);
      const admin = await accountRow(ADMIN.email);
      expect((await users.patch(`users/${admin.id}/status`, { status: 'SUSPENDED' }, annAsAdmin)).status).to.equal(401);
      expect((await accountRow(ADMIN.email)).status).to.equal('ACTIVE');
    });

    it('when an account is CLOSED, then its token can change neither profile nor password', async () => {
      const { body } = await register();
      const token = (await session(ann.email, ann.password)).accessToken;
      const adminToken = (await session(ADMIN.email, ADMIN.password)).accessToken;
      expect((await users.patch(`users/${body.id}/status`, { status: 'CLOSED' }, adminToken)).status).to.equal(200);
      expect((await users.patch('users/me', { lastName: 'Gone' }, token)).status).to.be.oneOf([401, 403]);
      expect((await users.post('users/me/password', { currentPassword: ann.password, newPassword: 'n3w-passphrase' }, token)).status).to.be.oneOf([401, 403]);
      const row = await accountRow(ann.email);
      expect(row.last_name).to.equal('Rao');
      expect(row.password_hash).to.equal((await platform.adminDb('user').one('SELECT password_hash FROM users WHERE id = $1', [body.id])).password_hash);
    });
  });

  describe('throttling that holds under concurrency', () => {
    it('when 100 logins with a wrong password for one email arrive at once, then at most 5 are checked, and the right password is refused after', async () => {
      await register();
      const replies = await Promise.all(Array.from({ length: 100 }, () => users.post('auth/login', { email: ann.email, password: 'wrong-passw0rd' })));
      const statuses = replies.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).to.be.at.most(5);
      expect(statuses.every((s) => s === 401 || s === 429)).to.equal(true);
      const failures = await platform.adminDb('user').one('SELECT count(*)::int AS n FROM login_attempts WHERE NOT succeeded');
      expect(failures.n).to.be.at.most(5);
      // Concurrent attempts for one email are refused at once, unchecked; the rule still holds:
      // locked after five recorded failures, open before.
      const right = await users.post('auth/login', { email: ann.email, password: ann.password });
      expect(right.status).to.equal(failures.n === 5 ? 429 : 200);
    });

    it('when the current password is wrong five times on a password change, then the sixth try is throttled like a login', async () => {
      await register();
      const token = (await session(ann.email, ann.password)).accessToken;
      for (let i = 0; i < 5; i += 1) {
        expect((await users.post('users/me/password', { currentPassword: 'wrong-0ne', newPassword: 'n3w-passphrase' }, token)).status).to.equal(400);
      }
      const sixth = await users.post('users/me/password', { currentPassword: ann.password, newPassword: 'n3w-passphrase' }, token);
      expect(sixth.status).to.equal(429);
      expect((await users.post('auth/login', { email: ann.email, password: ann.password })).status).to.equal(429);
    });

    it('the failures lookup can use the email index, and attempts older than a day are pruned', async () => {
      const db = platform.adminDb('user');
      const plan = await db.tx(async (t) => {
        await t.none('SET LOCAL enable_seqscan = off');
        return t.map("EXPLAIN SELECT created_at FROM login_attempts WHERE lower(email) = lower('ann@example.com') AND NOT succeeded", [], (r: Record<string, string>) => Object.values(r)[0]);
      });
      expect(plan.join('\n')).to.contain('login_attempts_by_email');
      await db.none("INSERT INTO login_attempts (email, succeeded, created_at) VALUES ('old@example.com', false, now() - interval '2 days'), ('new@example.com', false, now())");
      await db.none(readFileSync(new URL('../../src/sql/login-attempts-prune.sql', import.meta.url), 'utf8'));
      const left = await db.map('SELECT email FROM login_attempts', [], (r: { email: string }) => r.email);
      expect(left).to.deep.equal(['new@example.com']);
    });
  });

  describe('admins cannot lock the platform out', () => {
    it('when an admin would block, suspend or close themself, then 409 and the account stays ACTIVE', async () => {
      const token = (await session(ADMIN.email, ADMIN.password)).accessToken;
      const admin = await accountRow(ADMIN.email);
      for (const status of ['SUSPENDED', 'BLOCKED', 'CLOSED']) {
        expect((await users.patch(`users/${admin.id}/status`, { status }, token)).status).to.equal(409);
      }
      expect((await accountRow(ADMIN.email)).status).to.equal('ACTIVE');
    });

    async function twoAdmins() {
      const { body } = await register();
      const adminToken = (await session(ADMIN.email, ADMIN.password)).accessToken;
      expect((await users.put(`users/${body.id}/roles`, { roles: ['ADMIN', 'USER'] }, adminToken)).status).to.equal(200);
      const annToken = (await session(ann.email, ann.password)).accessToken;
      const first = (await accountRow(ADMIN.email)).id as string;
      return { annId: body.id as string, firstId: first, adminToken, annToken };
    }
    const activeAdmins = async () => (await platform.adminDb('user').one("SELECT count(*)::int AS n FROM user_accounts WHERE status = 'ACTIVE' AND 'ADMIN' = ANY (roles)")).n;

    it('when two admins take ADMIN from each other at once, then one of them keeps it', async () => {
      const { annId, firstId, adminToken, annToken } = await twoAdmins();
      const replies = await Promise.all([
        users.put(`users/${annId}/roles`, { roles: ['USER'] }, adminToken),
        users.put(`users/${firstId}/roles`, { roles: ['USER'] }, annToken),
      ]);
      expect(replies.map((r) => r.status).filter((s) => s === 200)).to.have.length(1);
      expect(await activeAdmins()).to.equal(1);
    });

    it('when two admins suspend each other at once, then one of them stays active', async () => {
      const { annId, firstId, adminToken, annToken } = await twoAdmins();
      const replies = await Promise.all([
        users.patch(`users/${annId}/status`, { status: 'SUSPENDED' }, adminToken),
        users.patch(`users/${firstId}/status`, { status: 'SUSPENDED' }, annToken),
      ]);
      expect(replies.map((r) => r.status).filter((s) => s === 200)).to.have.length(1);
      expect(await activeAdmins()).to.equal(1);
    });
  });

  describe('profile updates', () => {
    it('when PATCH /users/me sends only nulls, then nothing changes and nothing is published', async () => {
      await register();
      const token = (await session(ann.email, ann.password)).accessToken;
      const before = await outboxCount();
      const reply = await users.patch('users/me', { firstName: null, lastName: null, phone: null }, token);
      expect(reply.status).to.equal(200);
      expect(reply.body).to.include({ firstName: 'Ann', lastName: 'Rao', phone: ann.phone });
      expect(await outboxCount()).to.equal(before);
    });

    it('when phone is "", then the phone number is cleared', async () => {
      await register();
      const token = (await session(ann.email, ann.password)).accessToken;
      const reply = await users.patch('users/me', { phone: '' }, token);
      expect(reply.status).to.equal(200);
      expect(reply.body.phone).to.equal(null);
      const event = await platform.adminDb('user').one("SELECT data FROM outbox WHERE type = 'user.updated'");
      expect(event.data.changed).to.deep.equal({ phone: null });
    });
  });

  describe('crafted input gets a 400 naming the field, never a 500', () => {
    it('a NUL byte in a name, and a NUL or a lone surrogate in a status reason', async () => {
      const before = await userCount();
      const nul = await register({ ...ann, firstName: 'An\u0000n' });
      expect(nul.status).to.equal(400);
      expect(nul.body.errors[0].field).to.equal('firstName');
      expect(await userCount()).to.equal(before);
      const { body } = await register();
      const token = (await session(ADMIN.email, ADMIN.password)).accessToken;
      for (const reason of ['a\u0000b', 'a\ud800b']) {
        const reply = await users.patch(`users/${body.id}/status`, { status: 'SUSPENDED', reason }, token);
        expect(reply.status).to.equal(400);
        expect(reply.body.errors[0].field).to.equal('reason');
      }
      expect((await accountRow(ann.email)).status).to.equal('ACTIVE');
    });

    it('a cursor that decodes to a bad uuid or an impossible date', async () => {
      const token = (await session(ADMIN.email, ADMIN.password)).accessToken;
      for (const key of [['2026-01-01T00:00:00.000Z', '------------------------------------'], ['2026-02-31T00:00:00.000Z', '5f0c1c1e-0000-4000-8000-000000000000'], ['99999-01-01T00:00:00.000Z', '5f0c1c1e-0000-4000-8000-000000000000']]) {
        const reply = await users.get(`users?cursor=${Buffer.from(JSON.stringify(key)).toString('base64url')}`, token);
        expect(reply.status).to.equal(400);
        expect(reply.body.errors[0].field).to.equal('cursor');
      }
    });

    it('a path id of 36 hex letters or dashes that is not a uuid', async () => {
      const token = (await session(ADMIN.email, ADMIN.password)).accessToken;
      for (const id of ['------------------------------------', 'abcdefabcdefabcdefabcdefabcdefabcdef']) {
        const reply = await users.patch(`users/${id}/status`, { status: 'BLOCKED' }, token);
        expect(reply.status).to.equal(400);
        expect(reply.body.errors[0].field).to.equal('id');
      }
    });

    it('about 10 KB of nested arrays', async () => {
      const reply = await users.call('POST', 'auth/register', { headers: { 'content-type': 'application/json' }, body: undefined, raw: `{"firstName":${'['.repeat(5000)}${']'.repeat(5000)}}` });
      expect(reply.status).to.equal(400);
    });

    it('a validly signed token whose subject is not a uuid is a 401', async () => {
      const forged = await new SignJWT({ roles: ['ADMIN'], email: 'x@example.com', ver: 1 })
        .setProtectedHeader({ alg: 'EdDSA', kid: keyId(TEST_SECRETS.JWT_PUBLIC_KEY) }).setSubject('not-a-uuid')
        .setIssuer('winvestco-user-service').setAudience('winvestco').setIssuedAt().setExpirationTime('5m')
        .sign(createPrivateKey(TEST_SECRETS.JWT_PRIVATE_KEY));
      expect((await users.get('users', forged)).status).to.equal(401);
    });

    it('a body that is not JSON on a JSON route is 415', async () => {
      const reply = await users.call('POST', 'auth/login', { headers: { 'content-type': 'text/plain' }, raw: 'email=a&password=b' });
      expect(reply.status).to.equal(415);
      expect(reply.headers.get('content-type')).to.contain('application/problem+json');
    });

    it('a request id with characters it should not have is replaced, not echoed', async () => {
      const reply = await users.call('GET', 'users/me', { headers: { 'x-request-id': 'evil id <script>' } });
      expect(reply.headers.get('x-request-id')).not.to.contain('<');
      expect(reply.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    });
  });

  describe('passwords', () => {
    it('one of the commonest passwords is refused, naming the field', async () => {
      const reply = await register({ ...ann, password: 'Password123' });
      expect(reply.status).to.equal(400);
      expect(reply.body.errors[0]).to.deep.include({ field: 'password' });
    });

    it('letters of any script count', async () => {
      const reply = await register({ ...ann, password: 'पासवर्ड२०२६' });
      expect(reply.status).to.equal(201);
      expect((await users.post('auth/login', { email: ann.email, password: 'पासवर्ड२०२६' })).status).to.equal(200);
    });
  });
});
