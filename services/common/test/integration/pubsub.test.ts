import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { eventually, InvokeClient, testPlatform, type Broker, type TestApp, type TestPlatform } from '../../src/testing/index.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

// The same code on every broker: only the component YAML under components/brokers/ differs.
for (const broker of ['redis', 'rabbitmq', 'mqtt'] as Broker[]) {
  describe(`pub/sub round trip through a real broker (${broker})`, function () {
    let platform: TestPlatform;
    let user: TestApp;
    let probe: TestApp;

    before(async function () {
      platform = await testPlatform();
      const missing = await platform.brokerMissing(broker);
      if (missing) {
        console.log(`      skipped: ${missing}`);
        this.skip();
      }
      await platform.resetData('probe');
      probe = await platform.launch('probe-service', { command: ['node', '--import', 'tsx', path.join(fixtures, 'probe-subscriber.ts')], cwd: fixtures, broker });
      user = await platform.launch('user-service', { broker });
    });

    after(async () => {
      for (const app of [user, probe]) if (app) await platform.stopApp(app);
    });

    it('user.registered from the outbox reaches a subscriber once, and a second delivery changes nothing', async () => {
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
      await userDb.none('UPDATE outbox SET published_at = NULL WHERE id = $1', [outboxRow.id]);

      await eventually('the second delivery of the same event', async () => {
        const { n } = await probeDb.one('SELECT count(*)::int AS n FROM deliveries WHERE event_id = $1', [outboxRow.id]);
        return n >= 2 ? n : undefined;
      });
      expect((await probeDb.one('SELECT count(*)::int AS n FROM registered_users WHERE user_id = $1', [userId])).n).to.equal(1);
      expect((await probeDb.one("SELECT count(*)::int AS n FROM inbox WHERE consumer = 'probe' AND event_id = $1", [outboxRow.id])).n).to.equal(1);
    });
  });
}
