import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect } from 'chai';
import { deadLetterTopicOf, formatMoney, money, type CloudEvent, type TradeExecuted } from '@winvestco/common';
import { REPO_ROOT } from '@winvestco/platform';
import { eventually, InvokeClient, testPlatform, type TestApp, type TestPlatform } from '@winvestco/platform/testing';

const tsx = (file: string) => ['node', '--conditions=source', '--import', 'tsx', file];
const platformFixtures = path.join(REPO_ROOT, 'platform/test/fixtures');

/** What the app's events_consumed_total says for one event type and outcome. */
async function consumed(app: TestApp, type: string, outcome: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${app.app.appPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('events_consumed_total{') && l.includes(`type="${type}"`) && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('portfolio service, through Dapr sidecars, a real broker and PostgreSQL', function () {
  let platform: TestPlatform;
  let portfolio: TestApp;
  let echo: TestApp;
  let market: TestApp;
  let reader: TestApp;
  /** Calls the portfolio service as another app does: through the caller's own sidecar. */
  let client: InvokeClient;
  const stopped = new Set<TestApp>();

  before(async function () {
    platform = await testPlatform('portfolio');
    [portfolio, echo, market, reader] = await Promise.all([
      platform.launch('portfolio-service'),
      platform.launch('echo-service', { command: tsx(path.join(platformFixtures, 'echo-app.ts')), cwd: platformFixtures }),
      // The real market service, its simulator held still (no ticks), so prices stay put while a test reads them.
      platform.launch('market-service', { env: { MARKET_TICK_MS: '0' } }),
      platform.launch('reader-service', {
        command: tsx(path.join(platformFixtures, 'dead-letter-reader.ts')), cwd: platformFixtures,
        env: { READ_TOPIC: platform.topicPrefix + deadLetterTopicOf('portfolio-service') },
      }),
    ]);
    client = new InvokeClient(echo.dapr, 'portfolio-service');
  });

  after(async () => {
    for (const app of [portfolio, echo, market, reader]) if (app && !stopped.has(app)) await platform.stopApp(app);
  });

  beforeEach(() => platform.resetData('portfolio'));

  const db = () => platform.adminDb('portfolio');

  /** A user's portfolio with holdings, arranged directly in the database. */
  async function seed(userId: string, holdings: { symbol: string; quantity: number; averageCost: string; realisedPnl?: string }[]): Promise<void> {
    const portfolioId = randomUUID();
    await db().none("INSERT INTO portfolios (id, user_id, currency) VALUES ($1, $2, 'INR')", [portfolioId, userId]);
    for (const h of holdings) {
      await db().none("INSERT INTO holdings (id, portfolio_id, symbol, currency, quantity, average_cost, realised_pnl) VALUES ($1, $2, $3, 'INR', $4, $5, $6)",
        [randomUUID(), portfolioId, h.symbol, h.quantity, h.averageCost, h.realisedPnl ?? '0']);
    }
  }

  async function holding(userId: string, symbol: string): Promise<{ quantity: number; reserved: number; average_cost: string; realised_pnl: string } | null> {
    return db().oneOrNone(
      `SELECT h.quantity::int, h.reserved_quantity::int AS reserved, h.average_cost::text, h.realised_pnl::text
         FROM holdings h JOIN portfolios p ON p.id = h.portfolio_id WHERE p.user_id = $1 AND h.symbol = $2`, [userId, symbol]);
  }

  const count = async (table: string) => (await db().one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n;

  function cloudEvent<T>(type: string, data: T, id = randomUUID()): CloudEvent<T> {
    return { specversion: '1.0', id, source: 'test', type, time: new Date().toISOString(), datacontenttype: 'application/json', data };
  }

  function fill(userId: string, fields: Partial<TradeExecuted> = {}): TradeExecuted {
    return {
      executionId: randomUUID(), orderId: randomUUID(), userId, symbol: 'INFY', side: 'BUY', quantity: 10, price: '100.0000', fees: '5.0000',
      currency: 'INR', liquidity: 'TAKER', executedAt: new Date().toISOString(), ...fields,
    };
  }

  /** What the market service quotes now, asked through its own sidecar. */
  async function quotes(...symbols: string[]): Promise<Record<string, { last: string; previousClose: string; updatedAt: string }>> {
    const reply = await market.dapr.invoke<{ quotes: { symbol: string; last: string; previousClose: string; updatedAt: string }[] }>(
      'market-service', `quotes?symbols=${symbols.map(encodeURIComponent).join(',')}`, { method: 'GET' });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    return Object.fromEntries(reply.body.quotes.map((q) => [q.symbol, q]));
  }

  const times = (quantity: number, amount: string) => money(amount).times(quantity);

  const publish = (topic: string, event: CloudEvent) => echo.dapr.publishCloudEvent('pubsub', platform.topicPrefix + topic, event);

  async function applied(executionId: string): Promise<void> {
    await eventually(`fill ${executionId} to be applied`, async () => ((await db().oneOrNone('SELECT 1 FROM holding_fills WHERE execution_id = $1', [executionId])) ? true : undefined));
  }

  function reserve(body: Record<string, unknown>, key: string = randomUUID()) {
    return client.call('POST', 'internal/holdings/reservations', { body, headers: { 'idempotency-key': key } });
  }

  function keyed(pathName: string, body: unknown = {}, key: string = randomUUID()) {
    return client.call('POST', pathName, { body, headers: { 'idempotency-key': key } });
  }

  describe('user.registered (topic users)', () => {
    it('when user.registered is delivered twice, then the user has one default portfolio', async () => {
      const userId = randomUUID();
      const event = cloudEvent('user.registered', { userId, email: 'ann@example.com', clientId: 'WV000001', firstName: 'Ann', lastName: 'Rao', roles: ['USER'] });
      const duplicatesBefore = await consumed(portfolio, 'user.registered', 'duplicate');
      await publish('users', event);
      await publish('users', event);
      await eventually('the second delivery', async () => ((await consumed(portfolio, 'user.registered', 'duplicate')) > duplicatesBefore ? true : undefined));
      const rows = await db().any('SELECT name, currency FROM portfolios WHERE user_id = $1', [userId]);
      expect(rows).to.deep.equal([{ name: 'Default', currency: 'INR' }]);
    });
  });

  describe('trade.executed (topic trades)', () => {
    it('when a BUY fill is delivered twice through the broker, then the holding moves once, its average cost including the fees', async () => {
      const userId = randomUUID();
      const event = cloudEvent('trade.executed', fill(userId, { quantity: 10, price: '100.0000', fees: '5.0000' }));
      const duplicatesBefore = await consumed(portfolio, 'trade.executed', 'duplicate');
      await publish('trades', event);
      await publish('trades', event);
      await eventually('the second delivery', async () => ((await consumed(portfolio, 'trade.executed', 'duplicate')) > duplicatesBefore ? true : undefined));
      // The fill came before user.registered: the portfolio opened with it.
      expect(await holding(userId, 'INFY')).to.deep.equal({ quantity: 10, reserved: 0, average_cost: '100.50000000', realised_pnl: '0.0000' });
      expect(await count('holding_fills')).to.equal(1);
    });

    it('when a second BUY follows, then avg = (old qty x old avg + qty x price + fees) / new qty', async () => {
      const userId = randomUUID();
      await seed(userId, [{ symbol: 'INFY', quantity: 10, averageCost: '100.5' }]);
      const second = fill(userId, { quantity: 10, price: '110.0000', fees: '5.0000' });
      await publish('trades', cloudEvent('trade.executed', second));
      await applied(second.executionId);
      expect(await holding(userId, 'INFY')).to.include({ quantity: 20, average_cost: '105.50000000' });
    });

    it('when a SELL fill of an order with a reservation arrives, then it sells out of the reservation, keeps the average and books realised P&L', async () => {
      const userId = randomUUID();
      const orderId = randomUUID();
      await seed(userId, [{ symbol: 'INFY', quantity: 10, averageCost: '100.5' }]);
      expect((await reserve({ userId, symbol: 'INFY', quantity: 4, orderId })).status).to.equal(201);
      const sell = fill(userId, { orderId, side: 'SELL', quantity: 4, price: '120.0000', fees: '2.0000' });
      await publish('trades', cloudEvent('trade.executed', sell));
      await applied(sell.executionId);
      // 4 x (120 - 100.5) - 2 = 76
      expect(await holding(userId, 'INFY')).to.deep.equal({ quantity: 6, reserved: 0, average_cost: '100.50000000', realised_pnl: '76.0000' });
      const reservation = await client.get(`internal/holdings/reservations/${orderId}`);
      expect(reservation.body).to.include({ status: 'CONSUMED', openQuantity: 0, consumedQuantity: 4, filledQuantity: 4 });
    });

    it('when a SELL exceeds the shares held, then it is dead-lettered with the reason and changes nothing', async () => {
      const userId = randomUUID();
      await seed(userId, [{ symbol: 'INFY', quantity: 3, averageCost: '100' }]);
      const event = cloudEvent('trade.executed', fill(userId, { side: 'SELL', quantity: 5, price: '120.0000' }));
      await publish('trades', event);
      const dead = await eventually('the fill on the dead-letter topic', async () => {
        const received = (await (await fetch(`http://127.0.0.1:${reader.app.appPort}/received`)).json()) as Array<Record<string, unknown>>;
        return received.find((e) => e.id === event.id);
      });
      expect(dead).to.include({ type: 'trade.executed', deadletterconsumer: 'portfolio-service', deadlettertopic: 'trades' });
      expect(dead.deadletterreason).to.match(/sells 5 INFY, 5 of them beyond any reservation, but only 3 are free/);
      expect(await holding(userId, 'INFY')).to.deep.equal({ quantity: 3, reserved: 0, average_cost: '100.00000000', realised_pnl: '0.0000' });
      expect(await count('holding_fills')).to.equal(0);
      expect(await db().one("SELECT count(*)::int AS n FROM inbox WHERE event_id = $1", [event.id])).to.deep.equal({ n: 0 });
    });
  });

  describe('reservations for SELL orders (internal API of the order saga)', () => {
    it('reserves shares for an order once per Idempotency-Key: a repeat gets the first answer', async () => {
      const userId = randomUUID();
      const orderId = randomUUID();
      await seed(userId, [{ symbol: 'INFY', quantity: 10, averageCost: '100' }]);
      const first = await reserve({ userId, symbol: 'INFY', quantity: 4, orderId }, 'saga-1:reserve');
      expect(first.status).to.equal(201);
      expect(first.body).to.include({ orderId, userId, symbol: 'INFY', quantity: 4, openQuantity: 4, status: 'ACTIVE' });
      const again = await reserve({ userId, symbol: 'INFY', quantity: 4, orderId }, 'saga-1:reserve');
      expect(again.status).to.equal(201);
      expect(again.headers.get('idempotent-replayed')).to.equal('true');
      expect(again.body).to.deep.equal(first.body);
      expect(await holding(userId, 'INFY')).to.include({ quantity: 10, reserved: 4 });
      expect(await count('holding_reservations')).to.equal(1);
      // Another key for the same order: a second reservation of it is refused.
      expect((await reserve({ userId, symbol: 'INFY', quantity: 1, orderId })).status).to.equal(409);
      expect(await holding(userId, 'INFY')).to.include({ reserved: 4 });
    });

    it('when more shares are asked than are free, then 409 and nothing is reserved', async () => {
      const userId = randomUUID();
      await seed(userId, [{ symbol: 'INFY', quantity: 10, averageCost: '100' }]);
      expect((await reserve({ userId, symbol: 'INFY', quantity: 8, orderId: randomUUID() })).status).to.equal(201);
      const short = await reserve({ userId, symbol: 'INFY', quantity: 3, orderId: randomUUID() });
      expect(short.status).to.equal(409);
      expect(short.headers.get('content-type')).to.contain('application/problem+json');
      expect(short.body.detail).to.equal('Only 2 INFY shares are free to reserve; asked for 3');
      const none = await reserve({ userId, symbol: 'TCS', quantity: 1, orderId: randomUUID() });
      expect(none.status).to.equal(409);
      expect(await holding(userId, 'INFY')).to.include({ quantity: 10, reserved: 8 });
      expect(await count('holding_reservations')).to.equal(1);
    });

    it('when 20 reservations race for 10 shares, then exactly 10 succeed and no more than is held is ever reserved', async () => {
      const userId = randomUUID();
      await seed(userId, [{ symbol: 'INFY', quantity: 10, averageCost: '100' }]);
      const replies = await Promise.all(Array.from({ length: 20 }, () => reserve({ userId, symbol: 'INFY', quantity: 1, orderId: randomUUID() })));
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses).to.deep.equal([...Array<number>(10).fill(201), ...Array<number>(10).fill(409)]);
      expect(await holding(userId, 'INFY')).to.include({ quantity: 10, reserved: 10 });
      expect(await db().one("SELECT sum(quantity)::int AS n FROM holding_reservations WHERE status = 'ACTIVE'")).to.deep.equal({ n: 10 });
    });

    it('the database itself refuses more reserved than held, and a reserved quantity no reservation accounts for', async () => {
      const userId = randomUUID();
      await seed(userId, [{ symbol: 'INFY', quantity: 5, averageCost: '100' }]);
      const error = async (statement: string) => db().none(statement, [userId]).then(() => null, (e: { constraint?: string }) => e.constraint);
      const holdingOf = "portfolio_id = (SELECT id FROM portfolios WHERE user_id = $1)";
      expect(await error(`UPDATE holdings SET reserved_quantity = 6 WHERE ${holdingOf}`)).to.equal('holdings_reserved_within_quantity');
      expect(await error(`UPDATE holdings SET quantity = -1 WHERE ${holdingOf}`)).to.equal('holdings_quantity_not_negative');
      expect(await error(`UPDATE holdings SET reserved_quantity = 2 WHERE ${holdingOf}`)).to.equal('holdings_reserved_matches_reservations');
      expect(await holding(userId, 'INFY')).to.include({ quantity: 5, reserved: 0 });
    });

    it('the order\'s fills shrink its reservation as they sell; release hands back the rest once; a fill after it comes out of the free shares', async () => {
      const userId = randomUUID();
      const orderId = randomUUID();
      await seed(userId, [{ symbol: 'INFY', quantity: 10, averageCost: '100' }]);
      expect((await reserve({ userId, symbol: 'INFY', quantity: 6, orderId })).status).to.equal(201);

      const first = fill(userId, { orderId, side: 'SELL', quantity: 2, price: '110.0000', fees: '1.0000' });
      await publish('trades', cloudEvent('trade.executed', first));
      await applied(first.executionId);
      expect(await holding(userId, 'INFY')).to.deep.equal({ quantity: 8, reserved: 4, average_cost: '100.00000000', realised_pnl: '19.0000' });
      expect((await client.get(`internal/holdings/reservations/${orderId}`)).body).to.include({ openQuantity: 4, consumedQuantity: 2, filledQuantity: 2, status: 'ACTIVE' });

      const released = await keyed(`internal/holdings/reservations/${orderId}/release`, { reason: 'order cancelled' });
      expect(released.status).to.equal(200);
      expect(released.body).to.include({ openQuantity: 0, releasedQuantity: 4, status: 'RELEASED', releaseReason: 'order cancelled' });
      expect(await holding(userId, 'INFY')).to.include({ quantity: 8, reserved: 0 });
      const releasedAgain = await keyed(`internal/holdings/reservations/${orderId}/release`);
      expect(releasedAgain.body).to.include({ releasedQuantity: 4, status: 'RELEASED' });
      expect(await holding(userId, 'INFY')).to.include({ quantity: 8, reserved: 0 });

      // A last fill the exchange made before the cancel reached it: out of the free shares.
      const late = fill(userId, { orderId, side: 'SELL', quantity: 1, price: '110.0000', fees: '0.0000' });
      await publish('trades', cloudEvent('trade.executed', late));
      await applied(late.executionId);
      expect(await holding(userId, 'INFY')).to.deep.equal({ quantity: 7, reserved: 0, average_cost: '100.00000000', realised_pnl: '29.0000' });
    });

    it('when one SELL fill arrives twice, under one event id or two, then the holding changes once', async () => {
      const userId = randomUUID();
      const orderId = randomUUID();
      await seed(userId, [{ symbol: 'INFY', quantity: 10, averageCost: '100' }]);
      await reserve({ userId, symbol: 'INFY', quantity: 5, orderId });
      const sell = fill(userId, { orderId, side: 'SELL', quantity: 3, price: '120.0000', fees: '1.0000' });
      const event = cloudEvent('trade.executed', sell);
      const duplicatesBefore = await consumed(portfolio, 'trade.executed', 'duplicate');
      await publish('trades', event);
      await publish('trades', event);
      const again = cloudEvent('trade.executed', sell);
      await publish('trades', again);
      await eventually('the redelivery recognised', async () => ((await consumed(portfolio, 'trade.executed', 'duplicate')) > duplicatesBefore ? true : undefined));
      await eventually('the second event id in the inbox', async () => (await db().oneOrNone('SELECT 1 FROM inbox WHERE event_id = $1', [again.id])) ?? undefined);
      // 3 x (120 - 100) - 1 = 59, once
      expect(await holding(userId, 'INFY')).to.deep.equal({ quantity: 7, reserved: 2, average_cost: '100.00000000', realised_pnl: '59.0000' });
      expect((await client.get(`internal/holdings/reservations/${orderId}`)).body).to.include({ openQuantity: 2, consumedQuantity: 3, filledQuantity: 3 });
      expect(await count('holding_fills')).to.equal(1);
    });

    it('a modified order adjusts its reservation: growth out of the free shares, refused with nothing changed when quantity − reserved is short; a shrink hands shares back', async () => {
      const userId = randomUUID();
      const orderId = randomUUID();
      await seed(userId, [{ symbol: 'INFY', quantity: 10, averageCost: '100' }]);
      await reserve({ userId, symbol: 'INFY', quantity: 3, orderId });
      await reserve({ userId, symbol: 'INFY', quantity: 5, orderId: randomUUID() });
      const refused = await keyed(`internal/holdings/reservations/${orderId}/adjustments`, { quantity: 6 });
      expect(refused.status).to.equal(409);
      expect(refused.body.detail).to.equal('Only 2 INFY shares are free to reserve; asked for 3');
      expect(await holding(userId, 'INFY')).to.include({ quantity: 10, reserved: 8 });
      expect((await client.get(`internal/holdings/reservations/${orderId}`)).body).to.include({ quantity: 3, openQuantity: 3 });

      const grown = await keyed(`internal/holdings/reservations/${orderId}/adjustments`, { quantity: 5 }, 'saga-3:adjust-1');
      expect(grown.status).to.equal(200);
      expect(grown.body).to.include({ quantity: 5, openQuantity: 5, status: 'ACTIVE' });
      expect((await keyed(`internal/holdings/reservations/${orderId}/adjustments`, { quantity: 5 }, 'saga-3:adjust-1')).headers.get('idempotent-replayed')).to.equal('true');
      expect(await holding(userId, 'INFY')).to.include({ quantity: 10, reserved: 10 });
      const shrunk = await keyed(`internal/holdings/reservations/${orderId}/adjustments`, { quantity: 1 });
      expect(shrunk.body).to.include({ quantity: 1, openQuantity: 1 });
      expect(await holding(userId, 'INFY')).to.include({ quantity: 10, reserved: 6 });
    });

    it('the saga reports no sales: there is no consume route', async () => {
      const orderId = randomUUID();
      expect((await keyed(`internal/holdings/reservations/${orderId}/consume`, { quantity: 1 })).status).to.equal(404);
    });

    it('when a request is malformed, then 400 naming each field (or the missing Idempotency-Key), and nothing is stored', async () => {
      const bad = await reserve({ userId: 'nobody', symbol: 'infy!', quantity: 1.5, orderId: 'x', price: '10' });
      expect(bad.status).to.equal(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include.members(['userId', 'symbol', 'quantity', 'orderId', 'price']);
      const noKey = await client.post('internal/holdings/reservations', { userId: randomUUID(), symbol: 'INFY', quantity: 1, orderId: randomUUID() });
      expect(noKey.status).to.equal(400);
      expect(noKey.body.errors).to.deep.equal([{ field: 'Idempotency-Key', message: 'the Idempotency-Key header must be 1 to 200 letters, digits or _.:-' }]);
      const floatQuantity = await keyed(`internal/holdings/reservations/${randomUUID()}/adjustments`, { quantity: '2' });
      expect(floatQuantity.status).to.equal(400);
      expect((await keyed('internal/holdings/reservations/not-an-id/release')).body.errors[0].field).to.equal('orderId');
      expect((await keyed(`internal/holdings/reservations/${randomUUID()}/release`)).status).to.equal(404);
      expect(await count('holding_reservations')).to.equal(0);
      expect(await count('portfolios')).to.equal(0);
    });
  });

  describe('GET /portfolio, /portfolio/holdings/{symbol}, /portfolio/performance (clients, with a bearer token)', () => {
    it('without a valid token, then 401', async () => {
      expect((await client.get('portfolio')).status).to.equal(401);
      expect((await client.get('portfolio', 'not.a.token')).status).to.equal(401);
    });

    it('a user sees only their own portfolio and holdings', async () => {
      const ann = randomUUID();
      const bob = randomUUID();
      await seed(ann, [{ symbol: 'INFY', quantity: 10, averageCost: '1500' }]);
      await seed(bob, [{ symbol: 'TCS', quantity: 5, averageCost: '3400' }]);
      const annToken = await platform.tokenFor(ann);
      const annView = await client.get('portfolio', annToken);
      expect(annView.status).to.equal(200);
      expect(annView.body.holdings.map((h: { symbol: string }) => h.symbol)).to.deep.equal(['INFY']);
      const bobView = await client.get('portfolio', await platform.tokenFor(bob));
      expect(bobView.body.holdings.map((h: { symbol: string }) => h.symbol)).to.deep.equal(['TCS']);
      expect(bobView.body.portfolioId).not.to.equal(annView.body.portfolioId);
      expect((await client.get('portfolio/holdings/TCS', annToken)).status).to.equal(404);
      expect((await client.get('portfolio/holdings/infy', annToken)).body).to.include({ symbol: 'INFY', quantity: 10 });
      expect((await client.get('portfolio/holdings/bad%20symbol', annToken)).body.errors[0].field).to.equal('symbol');
      expect((await client.get('portfolio', await platform.tokenFor(randomUUID()))).status).to.equal(404);
    });

    it('prices holdings with the market service\'s quotes: value, unrealised P&L, day change; performance adds realised P&L', async () => {
      const userId = randomUUID();
      await seed(userId, [
        { symbol: 'INFY', quantity: 10, averageCost: '1500.5', realisedPnl: '100' },
        { symbol: 'M&M', quantity: 2, averageCost: '3600' },
        { symbol: 'WIPRO', quantity: 0, averageCost: '400', realisedPnl: '-20' },
      ]);
      const token = await platform.tokenFor(userId);
      const quoted = await quotes('INFY', 'M&M');
      const reply = await client.get('portfolio', token);
      expect(reply.status).to.equal(200);
      expect(reply.body.holdings.map((h: { symbol: string }) => h.symbol)).to.deep.equal(['INFY', 'M&M']);
      const [infy, mm] = reply.body.holdings;
      const infyValue = times(10, quoted.INFY!.last);
      expect(infy).to.include({
        symbol: 'INFY', currency: 'INR', quantity: 10, availableQuantity: 10, averageCost: '1500.5000', invested: '15005.0000', realisedPnl: '100.0000',
        lastPrice: quoted.INFY!.last, previousClose: quoted.INFY!.previousClose, priceSource: 'MARKET', priceStale: false, priceAt: quoted.INFY!.updatedAt,
        currentValue: formatMoney(infyValue), unrealisedPnl: formatMoney(infyValue.minus('15005')),
        dayChange: formatMoney(times(10, quoted.INFY!.last).minus(times(10, quoted.INFY!.previousClose))),
      });
      const mmValue = times(2, quoted['M&M']!.last);
      expect(mm).to.include({ lastPrice: quoted['M&M']!.last, currentValue: formatMoney(mmValue), unrealisedPnl: formatMoney(mmValue.minus('7200')) });
      const current = infyValue.plus(mmValue);
      const unrealised = current.minus('22205');
      expect(reply.body.totals).to.include({ invested: '22205.0000', currentValue: formatMoney(current), unrealisedPnl: formatMoney(unrealised), realisedPnl: '80.0000' });
      expect(reply.body.pricesStale).to.equal(false);

      const performance = await client.get('portfolio/performance', token);
      expect(performance.body).to.include({
        currency: 'INR', holdings: 2, invested: '22205.0000', currentValue: formatMoney(current), unrealisedPnl: formatMoney(unrealised),
        realisedPnl: '80.0000', totalPnl: formatMoney(unrealised.plus(80)), dayChange: reply.body.totals.dayChange, pricesStale: false,
      });
    });

    it('when the market service is stopped, then GET /portfolio still answers: the last prices seen, or the average cost, marked stale', async () => {
      const userId = randomUUID();
      await seed(userId, [{ symbol: 'HDFCBANK', quantity: 4, averageCost: '1650' }, { symbol: 'NEWCO', quantity: 3, averageCost: '10.25' }]);
      const token = await platform.tokenFor(userId);
      const quoted = await quotes('HDFCBANK');
      const live = await client.get('portfolio', token);
      expect(live.body.holdings.map((h: { priceSource: string }) => h.priceSource)).to.deep.equal(['MARKET', 'AVERAGE_COST']);

      await platform.stopApp(market);
      stopped.add(market);
      const stale = await client.get('portfolio', token);
      expect(stale.status).to.equal(200);
      const [hdfc, newco] = stale.body.holdings;
      const hdfcValue = times(4, quoted.HDFCBANK!.last);
      expect(hdfc).to.include({
        priceSource: 'LAST_KNOWN', priceStale: true, lastPrice: quoted.HDFCBANK!.last, priceAt: quoted.HDFCBANK!.updatedAt,
        currentValue: formatMoney(hdfcValue), unrealisedPnl: formatMoney(hdfcValue.minus(6600)),
      });
      expect(newco).to.include({ priceSource: 'AVERAGE_COST', priceStale: true, lastPrice: '10.2500', priceAt: null, currentValue: '30.7500', unrealisedPnl: '0.0000' });
      expect(stale.body.pricesStale).to.equal(true);
      expect((await client.get('portfolio/performance', token)).body).to.include({ currentValue: formatMoney(hdfcValue.plus('30.75')), pricesStale: true });
    });
  });
});
