import { expect } from 'chai';
import { ConnectionCounter } from '../../src/connections.ts';
import { RateLimiter } from '../../src/rateLimit.ts';
import { forwardedRequestHeaders, targetOf } from '../../src/target.ts';

const routes = { 'user-service': ['auth', 'users', '.well-known'], 'funds-service': ['wallets'] };

describe('gateway: what it forwards', () => {
  it('a public route of a known service, with each path segment re-encoded', () => {
    expect(targetOf('/v1.0/invoke/user-service/method/auth/login', routes)).to.deep.equal({ appId: 'user-service', path: 'auth/login' });
    expect(targetOf('/v1.0/invoke/user-service/method/users//me', routes)).to.deep.equal({ appId: 'user-service', path: 'users/me' });
    expect(targetOf('/v1.0/invoke/user-service/method/users/a%20b', routes)).to.deep.equal({ appId: 'user-service', path: 'users/a%20b' });
  });

  it('never an internal route, an event route, Dapr\'s own routes, health or metrics', () => {
    for (const path of ['internal/users/x', 'Internal/users/x', 'events/users/user.registered', 'dapr/subscribe', 'metrics', 'healthz', 'readyz', '']) {
      expect(targetOf(`/v1.0/invoke/user-service/method/${path}`, routes), path).to.include({ status: 404 });
    }
  });

  it('never an unknown app id, an app id with a namespace, or a URL (which a sidecar would fetch for anyone)', () => {
    for (const app of ['payment-servicex', 'user-service.default', 'http%3A%2F%2F127.0.0.1%3A6100', 'http:', 'constructor', '__proto__']) {
      expect(targetOf(`/v1.0/invoke/${app}/method/auth/login`, routes), app).to.include({ status: 404 });
    }
  });

  it('never a dot segment or a smuggled separator, encoded or not', () => {
    for (const path of ['users/../internal/users/x', 'users/%2e%2e/internal/x', 'users%2F..%2Finternal', 'users/%2e', 'users/a%00b', 'users/%E0%A4%A']) {
      expect(targetOf(`/v1.0/invoke/user-service/method/${path}`, routes), path).to.include({ status: 400 });
    }
  });

  it('nothing that is not an invocation: secrets, publishing, metadata, workflows', () => {
    for (const path of ['/v1.0/secrets/secretstore/JWT_PRIVATE_KEY', '/v1.0/publish/pubsub/users', '/v1.0/metadata', '/v1.0/workflows/dapr/x/start', '/v1.0/invoke/user-service']) {
      expect(targetOf(path, routes), path).to.include({ status: 404 });
    }
  });

  it('drops the headers that would steer a sidecar or claim another address, and keeps the rest', () => {
    const kept = forwardedRequestHeaders({
      'dapr-app-id': 'http://evil', 'dapr-api-token': 't', 'dapr-caller-app-id': 'admin', 'x-forwarded-for': '10.0.0.1', forwarded: 'for=x',
      host: 'gw', connection: 'keep-alive', 'content-length': '10', authorization: 'Bearer a.b.c', 'content-type': 'application/json', 'x-request-id': 'r-1',
    });
    expect(kept).to.deep.equal({ authorization: 'Bearer a.b.c', 'content-type': 'application/json', 'x-request-id': 'r-1' });
  });
});

describe('gateway: rate limit per client address', () => {
  it('lets a burst through, then one request per refill, and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 3, () => now);
    expect([1, 2, 3].map(() => limiter.take('a'))).to.deep.equal([0, 0, 0]);
    expect(limiter.take('a')).to.equal(1);
    expect(limiter.take('b')).to.equal(0);
    now = 500;
    expect(limiter.take('a')).to.equal(0);
  });

  it('forgets clients whose bucket is full again', () => {
    let now = 0;
    const limiter = new RateLimiter(10, 5, () => now);
    limiter.take('a');
    now = 10_000;
    limiter.prune();
    expect(limiter.size).to.equal(0);
  });
});

describe('gateway: open connections per client address', () => {
  it('when an address holds its limit, then a new connection from it is refused while another address is admitted', () => {
    const counter = new ConnectionCounter(2);
    expect(counter.admit('10.0.0.1')).to.equal(true);
    expect(counter.admit('10.0.0.1')).to.equal(true);
    expect(counter.admit('10.0.0.1')).to.equal(false);
    expect(counter.admit('10.0.0.2')).to.equal(true);
    expect(counter.of('10.0.0.1')).to.equal(2);
  });

  it('when a connection closes, then its place is free again, and an address with none is forgotten', () => {
    const counter = new ConnectionCounter(1);
    counter.admit('a');
    counter.release('a');
    expect(counter.of('a')).to.equal(0);
    expect(counter.admit('a')).to.equal(true);
  });
});
