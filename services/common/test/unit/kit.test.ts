import { expect } from 'chai';
import { IsInt, IsString, Min } from 'class-validator';
import {
  ConfigError, decodeCursor, encodeCursor, EnvReader, parseBody, Problem, problems, subscribe, toCloudEvent, Tokens,
} from '../../src/index.ts';
import { readableLogLine } from '../../src/platform/processes.ts';

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
});

describe('kit: events', () => {
  it('wraps a domain event in a CloudEvent that keeps its id', () => {
    const event = { id: 'e-1', topic: 'users', type: 'user.registered', subject: 'u-1', data: { userId: 'u-1' }, time: '2026-01-01T00:00:00.000Z' };
    expect(toCloudEvent(event, 'user-service')).to.deep.equal({
      specversion: '1.0', id: 'e-1', source: 'user-service', type: 'user.registered', subject: 'u-1',
      time: '2026-01-01T00:00:00.000Z', datacontenttype: 'application/json', data: { userId: 'u-1' },
    });
  });

  it('declares a subscription routed by event type with a dead-letter topic', () => {
    const subscription = subscribe({ pubsubName: 'pubsub', topic: 'users', types: ['user.registered'], path: '/events/users', handle: async () => 'SUCCESS' });
    expect(subscription.declaration).to.deep.equal({
      pubsubname: 'pubsub',
      topic: 'users',
      routes: { rules: [{ match: 'event.type == "user.registered"', path: '/events/users' }] },
      deadLetterTopic: 'users.deadletter',
    });
  });
});

describe('kit: paging cursors', () => {
  it('round-trip, and a foreign cursor is refused', () => {
    const key = { createdAt: '2026-01-01T10:00:00.123456Z', id: '5f0c1c1e-0000-4000-8000-000000000000' };
    expect(decodeCursor(encodeCursor(key))).to.deep.equal(key);
    expect(decodeCursor('bogus')).to.equal(null);
    expect(decodeCursor(Buffer.from('["not a date","x"]').toString('base64url'))).to.equal(null);
  });
});

describe('kit: tokens', () => {
  const tokens = new Tokens('a-signing-secret-of-at-least-32-characters!');

  it('verify what they signed', async () => {
    const claims = await tokens.verify(await tokens.sign({ sub: 'u-1', roles: ['USER'], email: 'a@b.co' }));
    expect(claims).to.deep.equal({ sub: 'u-1', roles: ['USER'], email: 'a@b.co' });
  });

  it('refuse a token signed with another secret', async () => {
    const other = new Tokens('another-signing-secret-of-32-characters!!');
    const token = await other.sign({ sub: 'u-1', roles: ['ADMIN'], email: 'a@b.co' });
    await tokens.verify(token).then(() => expect.fail('accepted a forged token'), () => undefined);
  });

  it('refuse a short secret', () => {
    expect(() => new Tokens('short')).to.throw(/at least 32/);
  });
});

describe('kit: launcher log lines', () => {
  it('shows a JSON log line as time, level, message and details', () => {
    const line = JSON.stringify({ level: 40, time: '2026-11-24T15:12:26.575Z', service: 'user-service', msg: 'outbox publish failed', eventId: 'e-1', attempts: 2 });
    expect(readableLogLine(line)).to.equal('15:12:26.575 WARN  outbox publish failed  eventId=e-1 attempts=2');
  });

  it('leaves other lines as they are', () => {
    expect(readableLogLine('plain text {not json')).to.equal('plain text {not json');
  });
});
