import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { eventually, InvokeClient, testPlatform, type Broker, type TestApp, type TestPlatform } from '../../src/testing/index.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const probeCommand = ['node', '--conditions=source', '--import', 'tsx', path.join(fixtures, 'probe-subscriber.ts')];
const MISSED = 5;

/**
 * What this test found and YAML cannot fix (run it anyway with WINVESTCO_TEST_KNOWN_GAPS=1).
 * pubsub.mqtt3 (1.18.3) connects with its persistent session when the component loads, and
 * the broker hands it the queued messages at once, but it subscribes its handlers only once
 * the app is healthy (seconds later): what arrived in between stays unacknowledged in the
 * session until the next reconnect, so nothing published while the consumer was down arrives.
 */
const KNOWN_GAPS: Partial<Record<Broker, string>> = {
  mqtt: 'pubsub.mqtt3 takes the session\'s queued messages before it subscribes its handlers, and strands them (docs/decisions.md)',
};

// The broker as production configures it (components/brokers/<broker>/): what is published
// while every consumer of a topic is down waits for it, on every broker variant.
for (const broker of ['redis', 'rabbitmq', 'mqtt', 'nats'] as Broker[]) {
  describe(`when every consumer of a topic is down, nothing published meanwhile is lost (${broker})`, function () {
    let platform: TestPlatform;
    let user: TestApp | undefined;
    let probe: TestApp | undefined;

    const launchProbe = () => platform.launch('probe-service', { command: probeCommand, cwd: fixtures, broker, durableBroker: true });
    const register = async (email: string): Promise<string> => {
      const reply = await new InvokeClient(user!.dapr, 'user-service').post('auth/register', { email, password: 'passw0rd!', firstName: 'Out', lastName: 'Age' });
      expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
      return reply.body.id as string;
    };
    const received = (ids: string[]) => platform.adminDb('probe').map('SELECT user_id FROM registered_users WHERE user_id = ANY($1::uuid[])', [ids], (r: { user_id: string }) => r.user_id);

    before(async function () {
      const gap = KNOWN_GAPS[broker];
      if (gap && !process.env.WINVESTCO_TEST_KNOWN_GAPS) {
        console.log(`      skipped, a known gap: ${gap}`);
        this.skip();
      }
      platform = await testPlatform(`outage-${broker}`);
      const missing = await platform.brokerMissing(broker);
      if (missing) {
        console.log(`      skipped: ${missing}`);
        this.skip();
      }
      await platform.resetData('probe');
      [probe, user] = await Promise.all([launchProbe(), platform.launch('user-service', { broker, durableBroker: true })]);
    });

    after(async () => {
      for (const app of [user, probe]) if (app) await platform?.stopApp(app);
    });

    it('when the only consumer stops, events are published, and it starts again, then it receives every one of them', async () => {
      const started = Date.now();
      const stamp = `${broker}-${Date.now()}`;
      // Its subscription exists on the broker: one event arrives while it runs.
      const first = await register(`outage-first-${stamp}@example.com`);
      await eventually('the running consumer to receive the first event', async () => ((await received([first])).length === 1 ? true : undefined));

      await platform.stopApp(probe!);
      probe = undefined;
      const ids: string[] = [];
      for (let n = 0; n < MISSED; n += 1) ids.push(await register(`outage-${n}-${stamp}@example.com`));
      await eventually('the user service to publish them all', async () => {
        const { n } = await platform.adminDb('user').one<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE type = 'user.registered' AND subject = ANY($1) AND published_at IS NOT NULL", [ids]);
        return n === MISSED ? true : undefined;
      });
      expect(await received(ids), 'nothing can have arrived while the consumer was down').to.deep.equal([]);

      probe = await launchProbe();
      const got = await eventually(`all ${MISSED} events after the consumer's restart`, async () => {
        const rows = await received(ids);
        return rows.length === MISSED ? rows : undefined;
      }, 60_000);
      expect([...got].sort()).to.deep.equal([...ids].sort());
      console.log(`      ${broker}: consumer down, ${MISSED} published, consumer up, all received: ${((Date.now() - started) / 1000).toFixed(1)}s`);
    });
  });
}
