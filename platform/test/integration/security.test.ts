import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { InvokeClient, testPlatform, type TestApp, type TestPlatform } from '../../src/testing/index.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const echoCommand = ['node', '--conditions=source', '--import', 'tsx', path.join(fixtures, 'echo-app.ts')];

interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A client's plain HTTP call to the gateway: no token of any sidecar. */
async function call(gateway: TestApp, method: string, path: string, options: { body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(`http://127.0.0.1:${gateway.app.appPort}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : text;
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

async function echoCalls(echo: TestApp, url: string): Promise<number> {
  const calls = (await (await fetch(`http://127.0.0.1:${echo.app.appPort}/calls`)).json()) as Record<string, number>;
  return calls[url] ?? 0;
}

describe('security: the gateway, mTLS identities, access control and scopes', function () {
  let platform: TestPlatform;
  let user: TestApp;
  let gateway: TestApp;
  let echo: TestApp;
  const ann = { email: `ann-${Date.now()}@example.com`, password: 'blue-k1te-sky', firstName: 'Ann', lastName: 'Rao' };

  before(async () => {
    platform = await testPlatform();
    [user, echo, gateway] = await Promise.all([
      platform.launch('user-service'),
      platform.launch('echo-service', { command: echoCommand, cwd: fixtures }),
      platform.launch('gateway', { env: { GATEWAY_EXTRA_ROUTES: 'echo-service=echo' } }),
    ]);
  });

  after(async () => {
    for (const app of [user, echo, gateway]) if (app) await platform.stopApp(app);
  });

  describe('the gateway, the one entry point for clients', () => {
    it('when a client registers, logs in and reads its profile through it, then it needs no sidecar token at all', async () => {
      expect((await call(gateway, 'POST', '/v1.0/invoke/user-service/method/auth/register', { body: ann })).status).to.equal(201);
      const login = await call(gateway, 'POST', '/v1.0/invoke/user-service/method/auth/login', { body: { email: ann.email, password: ann.password } });
      expect(login.status).to.equal(200);
      const me = await call(gateway, 'GET', '/v1.0/invoke/user-service/method/users/me', { headers: { authorization: `Bearer ${login.body.accessToken}` } });
      expect(me.status).to.equal(200);
      expect(me.body.email).to.equal(ann.email);
    });

    it('when a client asks for a secret, to publish, or any other sidecar API, then 404 problem+json', async () => {
      const attempts: [string, string][] = [
        ['GET', '/v1.0/secrets/secretstore/JWT_PRIVATE_KEY'], ['GET', '/v1.0/secrets/secretstore/ADMIN_PASSWORD'], ['GET', '/v1.0/secrets/secretstore/bulk'],
        ['POST', '/v1.0/publish/pubsub/users'], ['GET', '/v1.0/metadata'], ['GET', '/v1.0/state/statestore/x'],
        ['POST', '/v1.0/workflows/dapr/deposit/start'], ['POST', '/v1.0/shutdown'],
      ];
      for (const [method, path] of attempts) {
        const answer = await call(gateway, method, path, method === 'POST' ? { body: {} } : {});
        expect(answer.status, path).to.equal(404);
        expect(answer.headers.get('content-type'), path).to.contain('application/problem+json');
      }
    });

    it('when a client aims at an internal route, an event route, Dapr\'s own routes, health or metrics of a service, then it is refused', async () => {
      const { body } = await call(gateway, 'POST', '/v1.0/invoke/user-service/method/auth/login', { body: { email: ann.email, password: ann.password } });
      const { body: me } = await call(gateway, 'GET', '/v1.0/invoke/user-service/method/users/me', { headers: { authorization: `Bearer ${body.accessToken}` } });
      for (const path of [`internal/users/${me.id}`, `INTERNAL/users/${me.id}`, `users/../internal/users/${me.id}`, `users/%2e%2e/internal/users/${me.id}`,
        'events/users/user.registered', 'dapr/subscribe', 'metrics', 'readyz']) {
        const answer = await call(gateway, 'GET', `/v1.0/invoke/user-service/method/${path}`);
        expect(answer.status, path).to.be.oneOf([400, 404]);
        expect(JSON.stringify(answer.body), path).not.to.contain(ann.email);
      }
    });

    it('when the target is a URL or an unknown app id, in the path or in a dapr-app-id header, then nothing is called', async () => {
      const echoUrl = `http://127.0.0.1:${echo.app.appPort}`;
      for (const target of [encodeURIComponent(`${echoUrl}`), 'echo-service.default', 'nobody-service']) {
        expect((await call(gateway, 'GET', `/v1.0/invoke/${target}/method/echo/x`)).status, target).to.equal(404);
      }
      // The header would make a sidecar call that URL; the gateway drops it, so user-service answers.
      const answer = await call(gateway, 'GET', '/v1.0/invoke/user-service/method/users/me', { headers: { 'dapr-app-id': `${echoUrl}` } });
      expect(answer.status).to.equal(401);
      expect(await echoCalls(echo, '/users/me')).to.equal(0);
    });

    it('when a client sends dapr-* or x-forwarded-* headers, then the service never sees them', async () => {
      const answer = await call(gateway, 'GET', '/v1.0/invoke/echo-service/method/echo/headers', {
        headers: { 'dapr-caller-app-id': 'user-service', 'dapr-api-token': 'guess', 'x-forwarded-for': '10.9.9.9', 'x-request-id': 'req-1' },
      });
      expect(answer.status).to.equal(200);
      const seen = answer.body.headers as Record<string, string>;
      expect(seen['dapr-caller-app-id']).to.equal('gateway');
      expect(seen['dapr-api-token']).not.to.equal('guess');
      expect(seen['x-forwarded-for'] ?? '').not.to.contain('10.9.9.9');
      expect(seen['x-request-id']).to.equal('req-1');
    });

    it('when a body is above the limit, then 413 problem+json and the service is not called', async () => {
      const answer = await call(gateway, 'POST', '/v1.0/invoke/echo-service/method/echo/big', { raw: JSON.stringify({ x: 'x'.repeat(300 * 1024) }) });
      expect(answer.status).to.equal(413);
      expect(answer.headers.get('content-type')).to.contain('application/problem+json');
      expect(await echoCalls(echo, '/echo/big')).to.equal(0);
    });

    it('when a client asks faster than its rate, then 429 with Retry-After', async () => {
      const strict = await platform.launch('gateway', { env: { GATEWAY_RATE_BURST: '3', GATEWAY_RATE_PER_SECOND: '1' } });
      try {
        const statuses = [];
        for (let i = 0; i < 5; i += 1) statuses.push((await call(strict, 'GET', '/v1.0/invoke/user-service/method/.well-known/jwks.json')).status);
        expect(statuses.slice(0, 3)).to.deep.equal([200, 200, 200]);
        expect(statuses.slice(3)).to.deep.equal([429, 429]);
        const refused = await call(strict, 'GET', '/v1.0/invoke/user-service/method/.well-known/jwks.json');
        expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);
      } finally {
        await platform.stopApp(strict);
      }
    });

    it('when a service answers 503 or 429 to a client\'s POST, then the gateway does not send it again', async () => {
      for (const status of [503, 429, 504]) {
        const answer = await call(gateway, 'POST', `/v1.0/invoke/echo-service/method/echo/status/${status}/gateway`, { body: { n: 1 } });
        expect(answer.status).to.equal(status);
        expect(await echoCalls(echo, `/echo/status/${status}/gateway`)).to.equal(1);
      }
    });
  });

  describe('between sidecars', () => {
    it('when a sidecar without an mTLS identity invokes a service, then the call is refused', async () => {
      const intruder = await platform.launch('echo-service', { command: echoCommand, cwd: fixtures, withoutMtls: true });
      try {
        const answer = await new InvokeClient(intruder.dapr, 'user-service').get('.well-known/jwks.json');
        expect(answer.status).to.be.at.least(400);
      } finally {
        await platform.stopApp(intruder);
      }
    });

    it('when the gateway\'s own sidecar is used directly, then access control still keeps internal routes from it (403)', async () => {
      const { body } = await new InvokeClient(user.dapr, 'user-service').post('auth/login', { email: ann.email, password: ann.password });
      const me = await new InvokeClient(user.dapr, 'user-service').get('users/me', body.accessToken);
      const direct = new InvokeClient(gateway.dapr, 'user-service');
      expect((await direct.get(`internal/users/${me.body.id}`)).status).to.equal(403);
      expect((await direct.post('events/users/user.registered', { id: 'x', type: 'user.registered' })).status).to.equal(403);
      expect((await direct.get('.well-known/jwks.json')).status).to.equal(200);
    });

    it('when a service answers another with 429, then the caller\'s sidecar does not retry; a 503 it retries (the call carries an idempotency key)', async () => {
      const fromUser = new InvokeClient(user.dapr, 'echo-service');
      expect((await fromUser.call('POST', 'echo/status/429/between', { body: {}, headers: { 'idempotency-key': 'k-429' } })).status).to.equal(429);
      expect(await echoCalls(echo, '/echo/status/429/between')).to.equal(1);
      expect((await fromUser.call('POST', 'echo/status/503/between', { body: {}, headers: { 'idempotency-key': 'k-503' } })).status).to.equal(503);
      expect(await echoCalls(echo, '/echo/status/503/between')).to.equal(4);
    });
  });

  describe('scopes', () => {
    it('an app reads only the secrets its policy lists; the rest are 403, and bulk leaves them out', async () => {
      const secrets = (key: string) => fetch(`${echo.dapr.baseUrl}/v1.0/secrets/secretstore/${key}`, { headers: { 'dapr-api-token': echo.daprApiToken } });
      expect((await secrets('JWT_PUBLIC_KEY')).status).to.equal(200);
      for (const key of ['JWT_PRIVATE_KEY', 'ADMIN_PASSWORD', 'USER_DB_URL']) expect((await secrets(key)).status, key).to.equal(403);
      const bulk = (await (await secrets('bulk')).json()) as Record<string, unknown>;
      expect(Object.keys(bulk)).to.deep.equal(['JWT_PUBLIC_KEY']);
    });

    it('the gateway\'s sidecar serves neither secrets nor publishing, even with its own token', async () => {
      const headers = { 'dapr-api-token': gateway.daprApiToken, 'content-type': 'application/json' };
      expect((await fetch(`${gateway.dapr.baseUrl}/v1.0/secrets/secretstore/JWT_PUBLIC_KEY`, { headers })).status).to.equal(404);
      expect((await fetch(`${gateway.dapr.baseUrl}/v1.0/publish/pubsub/${platform.topicPrefix}users`, { method: 'POST', headers, body: '{}' })).status).to.equal(404);
    });

    it('a service publishes its own topic, and no other', async () => {
      const publish = (topic: string) => fetch(`${user.dapr.baseUrl}/v1.0/publish/pubsub/${platform.topicPrefix}${topic}`, {
        method: 'POST', headers: { 'dapr-api-token': user.daprApiToken, 'content-type': 'application/json' }, body: '{"probe":true}',
      });
      expect((await publish('payments')).status).to.equal(403);
      expect((await publish('funds')).status).to.equal(403);
      expect((await publish('users')).status).to.equal(204);
    });
  });
});
