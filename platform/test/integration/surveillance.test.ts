// Issue 17: a service in another language (Go, examples/surveillance) joins the platform by
// its contracts alone. It is built with the Go toolchain, runs with its own daprd, consumes
// real trade events of a real order flow and answers through the gateway; and the contract
// documents say what its sidecar and every other one actually subscribed to.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FOREIGN_APPS, TOPICS } from '@winvestco/common';
import { expect } from 'chai';
import { CONTRACTS_DIR } from '../../src/index.ts';
import { eventually, TEST_ADMIN, testPlatform, type TestApp, type TestPlatform } from '../../src/testing/index.ts';
import { TradingWorld } from '../../../services/order/test/integration/trading-world.ts';

const APP = 'surveillance-service';
const THRESHOLD = '100000.0000';

interface Alert {
  executionId: string;
  orderId: string;
  userId: string;
  symbol: string;
  instrumentName: string | null;
  side: string;
  quantity: number;
  price: string;
  notional: string;
  threshold: string;
}

/** The app ids, topics and event types a sidecar says its app subscribed to (Dapr's metadata API). */
async function subscribed(app: TestApp, topicPrefix: string): Promise<Record<string, string[]>> {
  const reply = await fetch(`http://127.0.0.1:${app.app.daprHTTPPort}/v1.0/metadata`, { headers: { 'dapr-api-token': app.daprApiToken } });
  const body = (await reply.json()) as { subscriptions?: { topic: string; rules?: { match: string }[] }[] };
  const topics: Record<string, string[]> = {};
  for (const s of body.subscriptions ?? []) {
    const types = (s.rules ?? []).map((r) => /event\.type == "([^"]+)"/.exec(r.match)?.[1]).filter((t): t is string => !!t);
    if (types.length) topics[s.topic.slice(topicPrefix.length)] = types.sort();
  }
  return topics;
}

describe('surveillance (Go): an app in another language consumes real trades through its sidecar and answers through the gateway', function () {
  let platform: TestPlatform;
  let world: TradingWorld;
  let surveillance: TestApp;
  let adminToken: string;
  const alerts = (query = '', token = adminToken) => world.through(APP).get<{ items: Alert[] }>(`surveillance/alerts${query}`, token);

  before(async function () {
    this.timeout(300_000);
    platform = await testPlatform('surveillance');
    world = new TradingWorld(platform);
    [surveillance] = await Promise.all([platform.launch(APP, { env: { SURVEILLANCE_THRESHOLD: THRESHOLD } }), world.launch()]);
    const login = await world.through('user-service').post('auth/login', { email: TEST_ADMIN.email, password: TEST_ADMIN.password });
    expect(login.status, JSON.stringify(login.body)).to.equal(200);
    adminToken = login.body.accessToken as string;
  });

  after(async () => {
    if (surveillance) await platform.stopApp(surveillance);
    await world?.stop();
  });

  beforeEach(async () => {
    await world.price('1500.00');
  });

  it('when Ann buys 100 INFY at market (a fill above the threshold) and 1 more (below it), then only the large fill is flagged, named by the market service, with its exact notional', async () => {
    const ann = await world.books.funded('400000.0000');
    const large = await world.until(ann, (await world.place(ann, { side: 'BUY', type: 'MARKET', quantity: 100 })).orderId);
    const small = await world.until(ann, (await world.place(ann, { side: 'BUY', type: 'MARKET', quantity: 1 })).orderId);
    expect([large.status, small.status]).to.deep.equal(['FILLED', 'FILLED']);

    const flagged = await eventually('the large fill to be flagged', async () => {
      const reply = await alerts('?symbol=INFY');
      return reply.status === 200 && reply.body.items.some((a) => a.orderId === large.orderId) ? reply.body.items : undefined;
    });
    const instrument = (await world.through('market-service').get('instruments/INFY')).body as { name: string };
    const fills = large.fills as { executionId: string; quantity: number; price: string }[];
    for (const fill of fills) {
      const alert = flagged.find((a) => a.executionId === fill.executionId);
      expect(alert, `fill ${fill.executionId}`).to.include({
        orderId: large.orderId, userId: ann.id, symbol: 'INFY', instrumentName: instrument.name, side: 'BUY', quantity: fill.quantity, price: fill.price, threshold: THRESHOLD,
      });
      // Exact decimal arithmetic in Go (math/big): quantity × price, four decimals, no float on the way.
      const [units, fraction] = fill.price.split('.') as [string, string];
      const cents = BigInt(units + fraction.padEnd(4, '0')) * BigInt(fill.quantity);
      expect(alert!.notional).to.equal(`${cents / 10000n}.${(cents % 10000n).toString().padStart(4, '0')}`);
    }
    expect(flagged.filter((a) => a.orderId === small.orderId)).to.deep.equal([]);
  });

  it('when a client asks without a token, with a customer\'s token or with a bad limit, then it is refused through the gateway (401, 403, 400 naming the field)', async () => {
    const ann = await world.books.customer();
    expect((await alerts('', '')).status).to.equal(401);
    const customer = await alerts('', ann.token);
    expect(customer.status, JSON.stringify(customer.body)).to.equal(403);
    const bad = await alerts('?limit=lots');
    expect(bad.status).to.equal(400);
    expect((bad.body as unknown as { errors: { field: string }[] }).errors[0]!.field).to.equal('limit');
  });

  it('when anyone asks the Go app for something that is not its public route, then the gateway refuses it (its event routes stay between sidecars)', async () => {
    const reply = await world.through(APP).post('events/trades/trade.executed', { id: 'forged', type: 'trade.executed', data: {} });
    expect(reply.status).to.equal(404);
  });

  it('then its sidecar subscribed to exactly what FOREIGN_APPS declares, and every running app\'s sidecar to what docs/contracts/asyncapi.json says it consumes', async () => {
    expect(await subscribed(surveillance, platform.topicPrefix)).to.deep.equal(FOREIGN_APPS[APP]!.consumes);
    const doc = JSON.parse(readFileSync(path.join(CONTRACTS_DIR, 'asyncapi.json'), 'utf8')) as { operations: Record<string, { messages: { $ref: string }[] }> };
    const running: TestApp[] = [surveillance, ...Object.values(world.apps)];
    for (const app of running) {
      const documented: Record<string, string[]> = {};
      for (const topic of TOPICS) {
        const op = doc.operations[`${app.app.appID}.receives.${topic.name}`];
        if (op) documented[topic.name] = op.messages.map((m) => m.$ref.split('/').pop()!).sort();
      }
      expect(await subscribed(app, platform.topicPrefix), app.app.appID).to.deep.equal(documented);
    }
  });

  it('then every event the flow published matched its published contract (the relays\' check, on in test runs)', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${world.app('trade').app.appPort}/metrics`)).text();
    expect(metrics, 'the trade service checks what it publishes').to.match(/^# HELP contract_violations_total/m);
    expect(metrics).not.to.match(/^contract_violations_total\{[^}]*\} [1-9]/m);
    expect(platform.contractViolations()).to.deep.equal([]);
  });
});
