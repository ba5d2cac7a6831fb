import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deadLetterTopicOf, type CloudEvent } from '@winvestco/common';
import { expect } from 'chai';
import { eventually, InvokeClient, testPlatform, type Broker, type TestApp, type TestPlatform } from '../../src/testing/index.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const tsx = (file: string) => ['node', '--conditions=source', '--import', 'tsx', path.join(fixtures, file)];

/** What an app's events_consumed_total says for one event type and outcome. */
async function consumed(app: TestApp, type: string, outcome: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${app.app.appPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('events_consumed_total{') && l.includes(`type="${type}"`) && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

// The same code on every broker: only the component YAML under components/brokers/ differs.
for (const broker of ['redis', 'rabbitmq', 'mqtt'] as Broker[]) {
  describe(`pub/sub round trip through a real broker (${broker})`, function () {
    let platform: TestPlatform;
    let user: TestApp;
    let probe: TestApp;

    before(async function () {
      platform = await testPlatform('pubsub');
      const missing = await platform.brokerMissing(broker);
      if (missing) {
        console.log(`      skipped: ${missing}`);
        this.skip();
      }
      await platform.resetData('probe');
      [probe, user] = await Promise.all([
        platform.launch('probe-service', { command: tsx('probe-subscriber.ts'), cwd: fixtures, broker }),
        platform.launch('user-service', { broker }),
      ]);
    });

    after(async () => {
      for (const app of [user, probe]) if (app) await platform.stopApp(app);
    });

    it('when user.registered leaves the outbox, then the subscriber applies it once, and a second delivery changes nothing', async () => {
      const email = `pubsub-${broker}-${Date.now()}@example.com`;
      const reply = await new InvokeClient(user.dapr, 'user-service').post('auth/register', { email, password: 'passw0rd!', firstName: 'Pub', lastName: 'Sub' });
      expect(reply.status).to.equal(201);
      const userId: string = reply.body.id;
      const probeDb = platform.adminDb('probe');

      const received = await eventually('the subscriber to record the user', () =>
        probeDb.oneOrNone('SELECT * FROM registered_users WHERE user_id = $1', [userId]).then((r) => r ?? undefined),
      );
      expect(received.email).to.equal(email);

      // The relay crashed after publishing but before marking the row sent: it publishes again.
      const userDb = platform.adminDb('user');
      const outboxRow = await userDb.one("SELECT id FROM outbox WHERE type = 'user.registered' AND subject = $1", [userId]);
      expect(received.event_id).to.equal(outboxRow.id);
      const duplicatesBefore = await consumed(probe, 'user.registered', 'duplicate');
      await userDb.none('UPDATE outbox SET published_at = NULL WHERE id = $1', [outboxRow.id]);

      await eventually('the second delivery of the same event', async () =>
        (await consumed(probe, 'user.registered', 'duplicate')) > duplicatesBefore ? true : undefined,
      );
      expect((await probeDb.one('SELECT count(*)::int AS n FROM registered_users WHERE user_id = $1', [userId])).n).to.equal(1);
      expect((await probeDb.one("SELECT count(*)::int AS n FROM inbox WHERE consumer = 'probe-service' AND event_id = $1", [outboxRow.id])).n).to.equal(1);
    });
  });
}

describe('a malformed event', function () {
  let platform: TestPlatform;
  let probe: TestApp;
  let reader: TestApp;

  before(async function () {
    platform = await testPlatform('pubsub');
    await platform.resetData('probe');
    [probe, reader] = await Promise.all([
      platform.launch('probe-service', { command: tsx('probe-subscriber.ts'), cwd: fixtures }),
      platform.launch('reader-service', {
        command: tsx('dead-letter-reader.ts'), cwd: fixtures, env: { READ_TOPIC: platform.topicPrefix + deadLetterTopicOf('probe-service') },
      }),
    ]);
  });

  after(async () => {
    for (const app of [probe, reader]) if (app) await platform.stopApp(app);
  });

  it('when a payload breaks its contract, then it lands on the consumer\'s dead-letter topic with the reason, once, and changes nothing', async () => {
    const event: CloudEvent = {
      specversion: '1.0', id: `malformed-${Date.now()}`, source: 'test', type: 'user.registered', time: new Date().toISOString(),
      datacontenttype: 'application/json', data: { userId: 'not-a-uuid', email: 'x@example.com', clientId: 'WV000000', firstName: 'X', lastName: 'Y', roles: ['USER'] },
    };
    await probe.dapr.publishCloudEvent('pubsub', platform.topicPrefix + 'users', event);

    const dead = await eventually('the event on the dead-letter topic', async () => {
      const received = (await (await fetch(`http://127.0.0.1:${reader.app.appPort}/received`)).json()) as Array<Record<string, unknown>>;
      return received.find((e) => e.id === event.id);
    });
    expect(dead).to.include({ type: 'user.registered', deadletterconsumer: 'probe-service', deadlettertopic: 'users' });
    expect(dead.deadletterreason).to.match(/userId must be a UUID/);
    expect(dead.data).to.deep.equal(event.data);
    expect(await consumed(probe, 'user.registered', 'deadlettered')).to.equal(1);
    expect((await platform.adminDb('probe').one('SELECT count(*)::int AS n FROM registered_users')).n).to.equal(0);
    expect((await platform.adminDb('probe').one('SELECT count(*)::int AS n FROM inbox')).n).to.equal(0);
  });
});

describe('the outbox relay', function () {
  let platform: TestPlatform;
  let probe: TestApp;

  before(async () => {
    platform = await testPlatform('pubsub-order');
    await platform.resetData('probe');
    probe = await platform.launch('probe-service', { command: tsx('probe-subscriber.ts'), cwd: fixtures });
  });

  after(async () => {
    if (probe) await platform.stopApp(probe);
  });

  it('when one transaction writes twenty events, then they reach the broker in the order they were written', async () => {
    const reply = await new InvokeClient(probe.dapr, 'probe-service').post('burst', {});
    expect(reply.status).to.equal(200);
    const userId = reply.body.userId as string;
    const probeDb = platform.adminDb('probe');
    await eventually('the relay to publish all twenty', async () =>
      (await probeDb.one('SELECT count(*)::int AS n FROM outbox WHERE subject = $1 AND published_at IS NOT NULL', [userId])).n === 20 ? true : undefined);
    // What Redis holds, in stream order: each entry carries the CloudEvent as published.
    const stream = execFileSync('redis-cli', ['-h', platform.redis.host, '-p', String(platform.redis.port), 'XRANGE', `${platform.topicPrefix}users`, '-', '+'], { encoding: 'utf8' });
    const order = stream.split('\n').filter((line) => line.startsWith('{') && line.includes(userId))
      .map((line) => Number((JSON.parse(line) as CloudEvent<{ changed: { n: string } }>).data.changed.n));
    expect(order).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
