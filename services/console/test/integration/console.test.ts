// The developer console against a real platform: its routes with a cookie-keeping client,
// and the kit's ops routes it reads, through real sidecars.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually, TEST_ADMIN, testPlatform, throughGateway } from '@winvestco/platform/testing';
import { CookieClient, customer, deposit, fixPoison, poison, startWorld, stopWorld, WATCHED, type ConsoleWorld } from './console-world.ts';

describe('developer console (real sidecars, databases and broker)', function () {
  this.timeout(180_000);
  let world: ConsoleWorld;
  let admin: CookieClient;

  before(async () => {
    world = await startWorld(await testPlatform('console'));
    admin = new CookieClient(world.url);
    const login = await admin.post('/login', { email: TEST_ADMIN.email, password: TEST_ADMIN.password, next: '/' });
    expect(login.status, login.text).to.equal(303);
  });

  after(async () => {
    await stopWorld(world);
  });

  it('when nobody has logged in, then only the console\'s health answers: every page sends to the login, every action and the event route are refused', async () => {
    const anonymous = new CookieClient(world.url);
    expect((await anonymous.get('/healthz')).status).to.equal(200);
    expect((await anonymous.get('/readyz')).status).to.equal(200);
    for (const path of ['/', '/apps/ledger-service', '/sagas', '/events', '/sagas/payment-service/x']) {
      const reply = await anonymous.get(path);
      expect(reply.status, path).to.equal(302);
      expect(reply.location, path).to.match(/^\/login\?next=/);
    }
    expect((await anonymous.get('/', { 'x-console-fragment': '1' })).status).to.equal(401);
    expect((await anonymous.post(`/dead-letters/ledger-service/${randomUUID()}/replay`)).status).to.equal(401);
    expect((await anonymous.post('/sagas/payment-service/x/terminate')).status).to.equal(401);
    const forged = await fetch(`${world.url}/events/tail`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'x', type: 'funds.deposited' }) });
    expect(forged.status).to.equal(401);
  });

  it('when a customer without role ADMIN logs in, then the console refuses and sets no session', async () => {
    const c = await customer(world);
    const client = new CookieClient(world.url);
    const reply = await client.post('/login', { email: c.email, password: 'blue-k1te-sky', next: '/' });
    expect(reply.status).to.equal(401);
    expect(reply.text).to.contain('not an ADMIN');
    expect(client.cookieNames).to.deep.equal([]);
    expect((await client.get('/')).status).to.equal(302);
  });

  it('when the admin opens the overview, then every watched app is HEALTHY with its Dapr version, and the control plane and broker are shown', async () => {
    const page = await admin.get('/');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(`${WATCHED.length} of ${WATCHED.length}`);
    for (const app of WATCHED) expect(page.text).to.match(new RegExp(`data-app="${app}"><td class="nw"><a href="/apps/${app}">${app}</a></td><td><span class="badge ok">HEALTHY`));
    expect(page.text).to.match(/1\.18\.\d/);
    expect(page.text).to.contain('placement').and.to.contain('scheduler');
    expect(page.text).to.match(/<div class="value">redis v1<\/div>/);
  });

  it('when the admin opens the ledger\'s page, then its sidecar\'s components and subscriptions (routes, dead-letter topic) and its migration version are shown', async () => {
    const page = await admin.get('/apps/ledger-service');
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/<td>pubsub<\/td><td class="mono">pubsub\.redis<\/td>/);
    expect(page.text).to.contain('secretstores.local.file');
    expect(page.text).to.contain(`${world.platform.topicPrefix}funds`);
    expect(page.text).to.contain('/events/funds/funds.deposited');
    expect(page.text).to.contain(`${world.platform.topicPrefix}ledger-service.deadletter`);
    expect(page.text).to.match(/Migration version<\/div><div class="value">\d+/);
  });

  it('when a deposit is made through the gateway, then its saga is on the Sagas page and reaches COMPLETED, with its history on its own page', async () => {
    const c = await customer(world);
    const paymentId = await deposit(world, c, '2500.0000');
    const row = await eventually('the deposit saga to complete on the Sagas page', async () => {
      const page = await admin.get(`/sagas?q=${paymentId}`);
      const match = /<tr data-instance="([^"]+)" data-status="([A-Z ]+)">/.exec(page.text);
      return match && match[2] === 'COMPLETED' ? { instanceId: match[1]!, text: page.text } : undefined;
    }, 60_000);
    expect(row.text).to.contain('deposit');
    const detail = await admin.get(`/sagas/payment-service/${row.instanceId}`);
    expect(detail.status).to.equal(200);
    expect(detail.text).to.contain('Asked for').and.to.contain('Started on Dapr Workflow').and.to.contain(paymentId);
    // A finished instance can be purged, and is then gone from Dapr Workflow.
    const purged = await admin.post(`/sagas/payment-service/${row.instanceId}/purge`);
    expect(purged.status).to.equal(303);
    expect(decodeURIComponent(purged.location ?? '').replace(/\+/g, ' ')).to.contain('purge asked');
  });

  it('when a message is poisoned, then it is in the dead letters with its reason; a replay that still fails says why, and once fixed it is applied once', async () => {
    const { userId, eventId } = await poison(world);
    const id = await eventually('the ledger to keep the poisoned message', async () => {
      const page = await admin.get(`/events?q=${userId}`);
      return /<tr data-id="([0-9a-f-]{36})">/.exec(page.text)?.[1];
    });
    const events = await admin.get(`/events?q=${userId}`);
    expect(events.text).to.contain('invalid payload');
    const refused = await admin.post(`/dead-letters/ledger-service/${id}/replay`);
    expect(decodeURIComponent(refused.location ?? '').replace(/\+/g, ' ')).to.contain('still cannot be applied');
    await fixPoison(world, eventId);
    const replayed = await admin.post(`/dead-letters/ledger-service/${id}/replay`);
    expect(decodeURIComponent(replayed.location ?? '').replace(/\+/g, ' ')).to.contain(': applied');
    const open = await throughGateway(world.gateway.app.appPort, 'ledger-service').get(`admin/dead-letters?subject=${userId}`, (await world.platform.tokenFor(randomUUID(), ['ADMIN'])));
    expect(open.body.items).to.deep.equal([]);
  });

  it('the kit\'s ops route answers ADMIN tokens only, through the gateway too', async () => {
    const ops = throughGateway(world.gateway.app.appPort, 'ledger-service');
    expect((await ops.get('admin/runtime')).status).to.equal(401);
    expect((await ops.get('admin/runtime', (await customer(world)).token)).status).to.equal(403);
    const reply = await ops.get('admin/runtime', await world.platform.tokenFor(randomUUID(), ['ADMIN']));
    expect(reply.status).to.equal(200);
    expect(reply.body.sidecar.metadata.id).to.equal('ledger-service');
    expect(reply.body.outbox).to.have.keys('pending', 'oldestPendingAt');
    expect(reply.body.migrations.kit).to.be.a('number');
  });
});
