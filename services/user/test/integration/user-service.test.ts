import { expect } from 'chai';
import { eventually, InvokeClient, TEST_ADMIN as ADMIN, testPlatform, type TestApp, type TestPlatform } from '@winvestco/platform/testing';

describe('user service, called through its Dapr sidecar', function () {
  let platform: TestPlatform;
  let app: TestApp;
  let users: InvokeClient;

  before(async function () {
    platform = await testPlatform();
    app = await platform.launch('user-service');
    users = new InvokeClient(app.dapr, 'user-service');
  });

  after(async () => {
    if (app) await platform.stopApp(app);
  });

  beforeEach(async () => {
    // Clean data, but keep the first admin the service created from the secret store.
    await platform.adminDb('user').none("DELETE FROM users WHERE email <> $1; TRUNCATE login_attempts, outbox", [ADMIN.email]);
  });

  const ann = { email: 'ann@example.com', password: 'passw0rd!', firstName: 'Ann', lastName: 'Rao', phone: '+919800000001' };

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
      expect(reply.body).to.include({ tokenType: 'Bearer', expiresIn: 3600 });
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
});
