import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { IsInt, IsString, Min } from 'class-validator';
import { WorkflowRuntime } from '@dapr/dapr';
import { SignJWT } from 'jose';
import {
  checkWorkflows, ConfigError, defineActivity, defineWorkflow, workerOf, createLogger, declareSubscriptions, decodeCursor, encodeCursor, EnvReader, keyId, nextPageKey, pageStart, parseBody, Problem, problems, repeat,
  subscribe, toCloudEvent, TokenSigner, TokenVerifier, unsafeJson, usersTopic, type Workflow,
} from '../../src/index.ts';

class Order {
  @IsString() symbol!: string;
  @IsInt() @Min(1) quantity!: number;
}

describe('kit: configuration', () => {
  it('reads values with defaults and reports every problem at once', () => {
    const reader = new EnvReader({ APP_PORT: 'eighty', FLAG: 'maybe' });
    reader.port('APP_PORT');
    reader.string('DB_NAME');
    reader.boolean('FLAG', false);
    expect(reader.port('PGPORT', 5432)).to.equal(5432);
    expect(() => reader.done()).to.throw(ConfigError).with.property('problems').that.deep.equals([
      'APP_PORT must be a TCP port (1-65535), got "eighty"',
      'DB_NAME is required',
      'FLAG must be true or false, got "maybe"',
    ]);
  });
});

describe('kit: problem details (RFC 9457)', () => {
  it('renders type, title, status, detail, instance and field errors', () => {
    const body = problems.validation([{ field: 'quantity', message: 'quantity must be a positive number' }]).body('/orders');
    expect(body).to.deep.equal({
      type: 'https://winvestco.example/problems/validation',
      title: 'Your request is not valid',
      status: 400,
      detail: 'quantity: quantity must be a positive number',
      instance: '/orders',
      errors: [{ field: 'quantity', message: 'quantity must be a positive number' }],
    });
  });

  it('carries headers such as Retry-After', () => {
    expect(problems.tooManyRequests('slow down', 30).headers).to.deep.equal({ 'Retry-After': '30' });
  });
});

describe('kit: DTO validation', () => {
  it('answers the typed DTO for a good body', async () => {
    const order = await parseBody(Order, { symbol: 'INFY', quantity: 10 });
    expect(order).to.be.instanceOf(Order).and.include({ symbol: 'INFY', quantity: 10 });
  });

  it('names every bad field, and unknown fields too', async () => {
    const error = await parseBody(Order, { quantity: 0, price: '1' }).catch((e: Problem) => e);
    expect(error).to.be.instanceOf(Problem).and.have.property('status', 400);
    expect((error as Problem).errors!.map((e) => e.field)).to.have.members(['symbol', 'quantity', 'price']);
  });

  it('refuses a body that is not an object', async () => {
    for (const body of [null, [], 'text', 3]) {
      const error = (await parseBody(Order, body).catch((e: Problem) => e)) as Problem;
      expect(error.errors).to.deep.equal([{ field: '(body)', message: 'the request body must be a JSON object' }]);
    }
  });

  it('when a string holds a NUL byte or a lone surrogate, then the field is named (PostgreSQL would refuse it)', async () => {
    expect(unsafeJson({ symbol: 'IN\u0000FY' })).to.deep.equal({ field: 'symbol', message: 'symbol must not contain NUL characters' });
    expect(unsafeJson({ note: { text: 'a\ud800b' } })).to.deep.equal({ field: 'note.text', message: 'note.text must be valid Unicode text' });
    const error = (await parseBody(Order, { symbol: 'IN\u0000FY', quantity: 1 }).catch((e: Problem) => e)) as Problem;
    expect(error.status).to.equal(400);
  });

  it('when a body is nested deeper than any request needs, then 400 instead of a stack overflow', async () => {
    let deep: unknown = [];
    for (let i = 0; i < 5000; i += 1) deep = [deep];
    const error = (await parseBody(Order, { symbol: deep, quantity: 1 }).catch((e: Problem) => e)) as Problem;
    expect(error.status).to.equal(400);
    expect(error.errors![0]!.message).to.match(/nested too deeply/);
  });
});

describe('kit: events', () => {
  it('wraps a domain event in a CloudEvent that keeps its id', () => {
    const event = { id: 'e-1', topic: 'users', type: 'user.registered', subject: 'u-1', data: { userId: 'u-1' }, time: '2026-01-01T00:00:00.000Z' };
    expect(toCloudEvent(event, 'user-service')).to.deep.equal({
      specversion: '1.0', id: 'e-1', source: 'user-service', type: 'user.registered', subject: 'u-1',
      time: '2026-01-01T00:00:00.000Z', datacontenttype: 'application/json', data: { userId: 'u-1' },
    });
  });

  const context = { appId: 'funds-service', pubsubName: 'pubsub', topicPrefix: '' };
  const noop = async () => undefined;

  it('declares one subscription per topic, a route per handled type, a default route, and the app\'s dead-letter topic', () => {
    const declarations = declareSubscriptions([subscribe(usersTopic, { 'user.registered': noop, 'user.status-changed': noop })], context);
    expect(declarations).to.deep.equal([{
      pubsubname: 'pubsub',
      topic: 'users',
      routes: {
        rules: [
          { match: 'event.type == "user.registered"', path: '/events/users/user.registered' },
          { match: 'event.type == "user.status-changed"', path: '/events/users/user.status-changed' },
        ],
        default: '/events/users',
      },
      deadLetterTopic: 'funds-service.deadletter',
    }, {
      // its own dead letters, kept for an operator
      pubsubname: 'pubsub', topic: 'funds-service.deadletter', routes: { rules: [], default: '/events/dead-letters' },
    }]);
  });

  it('when an app subscribes to one topic twice, then it fails at start', () => {
    const twice = [subscribe(usersTopic, { 'user.registered': noop }), subscribe(usersTopic, { 'user.updated': noop })];
    expect(() => declareSubscriptions(twice, context)).to.throw(/subscribes to topic "users" twice/);
  });

  it('a test run\'s topic prefix goes on the topic and the dead-letter topic', () => {
    const [declaration] = declareSubscriptions([subscribe(usersTopic, { 'user.registered': noop })], { ...context, topicPrefix: 't1.' });
    expect(declaration).to.include({ topic: 't1.users', deadLetterTopic: 't1.funds-service.deadletter' });
  });
});

describe('kit: workflows', () => {
  it('when a workflow is a plain function*, then registration refuses it (the SDK would complete it at once with {})', () => {
    // eslint-disable-next-line require-yield
    function* plain(): Generator<never, unknown> {
      return {};
    }
    expect(() => defineWorkflow('plain', plain as unknown as () => Workflow)).to.throw(/must be an async function\*/);
  });

  it('accepts an async function*', () => {
    // eslint-disable-next-line require-yield
    async function* saga(): Workflow {
      return {};
    }
    expect(() => checkWorkflows({ workflows: [defineWorkflow('saga', saga)], activities: [] })).not.to.throw();
  });

  it('when two activities share a name, then registration refuses them (the SDK would keep the last)', () => {
    const step = defineActivity('step', async () => null);
    expect(() => checkWorkflows({ workflows: [], activities: [step, defineActivity('step', async () => 1)] })).to.throw(/two workflows or activities are named "step"/);
  });

  it('the SDK worker still has the fields the kit watches to see it lost its sidecar (@dapr/dapr upgrades must keep them)', () => {
    const runtime = new WorkflowRuntime({ daprHost: '127.0.0.1', daprPort: '1' });
    const worker = workerOf(runtime);
    expect(worker).to.have.property('_isRunning', false);
    expect(worker).to.have.property('_responseStream', null);
  });
});

describe('kit: paging cursors', () => {
  it('round-trip, and a foreign cursor is refused', () => {
    const key = { createdAt: '2026-01-01T10:00:00.123456Z', id: '5f0c1c1e-0000-4000-8000-000000000000' };
    expect(decodeCursor(encodeCursor(key))).to.deep.equal(key);
    expect(decodeCursor('bogus')).to.equal(null);
    expect(decodeCursor(Buffer.from('["not a date","x"]').toString('base64url'))).to.equal(null);
  });

  it('a cursor with a bad uuid or an impossible date is refused before it reaches the database', () => {
    const cursor = (createdAt: string, id: string) => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
    expect(decodeCursor(cursor('2026-01-01T10:00:00.000Z', '------------------------------------'))).to.equal(null);
    expect(decodeCursor(cursor('2026-02-31T10:00:00.000Z', '5f0c1c1e-0000-4000-8000-000000000000'))).to.equal(null);
    expect(decodeCursor(cursor('275760-09-13T00:00:00.000Z', '5f0c1c1e-0000-4000-8000-000000000000'))).to.equal(null);
  });
});

describe('kit: logs', () => {
  it('never write the query text or parameters of a database error', () => {
    let written = '';
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => { written += chunk.toString(); done(); } });
    const error = Object.assign(new Error('duplicate key'), { query: "INSERT INTO users VALUES ('ann@example.com', '$argon2id$v=19$...')", params: ['ann@example.com'] });
    createLogger('test', 'info', sink).error({ err: error }, 'insert failed');
    expect(written).to.contain('duplicate key').and.not.contain('ann@example.com').and.not.contain('argon2id');
  });
});

describe('kit: tokens', () => {
  const pair = () => generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const keys = pair();
  const claims = { sub: '5f0c1c1e-0000-4000-8000-000000000000', roles: ['USER' as const], email: 'a@b.co', ver: 3, sid: '6a1d2d2f-0000-4000-8000-000000000000' };

  it('a verifier holding only the public key accepts what the private key signed', async () => {
    const signer = await TokenSigner.fromKeys(keys.privateKey, keys.publicKey, 900);
    const verifier = await TokenVerifier.fromPublicKey(keys.publicKey);
    expect(await verifier.verify(await signer.sign(claims))).to.deep.equal(claims);
  });

  it('refuse a token signed with another key', async () => {
    const other = pair();
    const forged = await (await TokenSigner.fromKeys(other.privateKey, other.publicKey, 900)).sign({ ...claims, roles: ['ADMIN'] });
    const verifier = await TokenVerifier.fromPublicKey(keys.publicKey);
    await verifier.verify(forged).then(() => expect.fail('accepted a forged token'), () => undefined);
  });

  it('refuse a token without exp, and one whose subject is not a user id', async () => {
    const key = createPrivateKey(keys.privateKey);
    const kid = keyId(keys.publicKey);
    const base = { roles: ['USER'], email: 'a@b.co', ver: 1 };
    const noExp = await new SignJWT(base).setProtectedHeader({ alg: 'EdDSA', kid }).setSubject(claims.sub)
      .setIssuer('winvestco-user-service').setAudience('winvestco').setIssuedAt().sign(key);
    const badSub = await new SignJWT(base).setProtectedHeader({ alg: 'EdDSA', kid }).setSubject('not-a-uuid')
      .setIssuer('winvestco-user-service').setAudience('winvestco').setIssuedAt().setExpirationTime('5m').sign(key);
    const verifier = await TokenVerifier.fromPublicKey(keys.publicKey);
    await verifier.verify(noExp).then(() => expect.fail('accepted a token without exp'), (e: Error) => expect(e.message).to.match(/exp/));
    await verifier.verify(badSub).then(() => expect.fail('accepted a non-uuid subject'), (e: Error) => expect(e.message).to.match(/subject/));
  });

  it('refuse an HS256 token, whatever its claims', async () => {
    const hs = await new SignJWT({ roles: ['ADMIN'], ver: 1 }).setProtectedHeader({ alg: 'HS256' }).setSubject(claims.sub)
      .setIssuer('winvestco-user-service').setAudience('winvestco').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode('x'.repeat(32)));
    await (await TokenVerifier.fromPublicKey(keys.publicKey)).verify(hs).then(() => expect.fail('accepted HS256'), () => undefined);
  });
});

describe('kit: pages and loops', () => {
  it('a full page gives the key of its last row; a short one ends the list', () => {
    const rows = [{ id: 'a', page_at: '2026-01-01T00:00:00.000001Z' }, { id: 'b', page_at: '2026-01-01T00:00:00.000002Z' }];
    expect(nextPageKey(rows, 2)).to.deep.equal({ createdAt: '2026-01-01T00:00:00.000002Z', id: 'b' });
    expect(nextPageKey(rows, 3)).to.equal(null);
  });

  it('a page starts at the cursor this service issued; another cursor is a 400 naming it', () => {
    const key = { createdAt: '2026-01-01T10:00:00.123456Z', id: '5f0c1c1e-0000-4000-8000-000000000000' };
    expect(pageStart({ cursor: encodeCursor(key) })).to.deep.equal(key);
    expect(pageStart({})).to.equal(null);
    expect(() => pageStart({ cursor: 'bogus' })).to.throw(Problem).with.property('errors').that.deep.equals([{ field: 'cursor', message: 'cursor is not one this service issued' }]);
  });

  it('a repeated job runs again after each run, survives a failing run, and stops after the run in progress', async () => {
    let runs = 0;
    const failures: unknown[] = [];
    const loop = repeat(async () => {
      runs += 1;
      if (runs === 2) throw new Error('once');
    }, 5, (error) => failures.push(error));
    while (runs < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    await loop.stop();
    const stoppedAt = runs;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs).to.equal(stoppedAt);
    expect(failures).to.have.length(1);
  });
});
