import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { eventually, InvokeClient, testPlatform, type Reply, type TestApp, type TestPlatform } from '@winvestco/platform/testing';

const MONEY = /^\d+\.\d{4}$/;
const INSTRUMENT_KEYS = ['symbol', 'name', 'isin', 'exchange', 'tickSize', 'lotSize', 'status', 'currency'];
const QUOTE_KEYS = ['symbol', 'last', 'bid', 'ask', 'open', 'high', 'low', 'previousClose', 'volume', 'updatedAt'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface InstrumentJson { symbol: string; status: string; tickSize: string }
interface QuoteJson { symbol: string }
interface CandleJson { start: string; open: string; high: string; low: string; close: string; volume: number; closed: boolean }

function expectProblem(reply: Reply, status: number, field?: string) {
  expect(reply.status, JSON.stringify(reply.body)).to.equal(status);
  expect(reply.headers.get('content-type')).to.contain('application/problem+json');
  if (field) expect(reply.body.errors.map((e: { field: string }) => e.field)).to.include(field);
}

describe('market service, called through its Dapr sidecar', function () {
  let platform: TestPlatform;
  const db = () => platform.adminDb('market');
  const outboxCount = async () => Number((await db().one('SELECT count(*) AS n FROM outbox')).n);

  before(async () => {
    platform = await testPlatform('market');
  });

  describe('with the simulator ticking every 20 ms', () => {
    let app: TestApp;
    let market: InvokeClient;

    before(async () => {
      app = await platform.launch('market-service', { env: { MARKET_TICK_MS: '20', MARKET_FLUSH_MS: '100', MARKET_SEED: '7' } });
      market = new InvokeClient(app.dapr, 'market-service');
    });

    after(async () => {
      if (app) await platform.stopApp(app);
    });

    it('GET /instruments pages through the whole catalogue in symbol order, each instrument once, in the shape other services rely on', async () => {
      const seen: InstrumentJson[] = [];
      let cursor: string | null = null;
      do {
        const reply: Reply = await market.get(`instruments?limit=20${cursor ? `&cursor=${cursor}` : ''}`);
        expect(reply.status).to.equal(200);
        seen.push(...reply.body.items);
        cursor = reply.body.nextCursor;
      } while (cursor);
      const symbols = seen.map((i) => i.symbol);
      expect(symbols).to.have.length.within(45, 60);
      expect(symbols).to.deep.equal([...new Set(symbols)].sort());
      expect(symbols).to.include.members(['INFY', 'TCS', 'RELIANCE', 'HDFCBANK', 'ICICIBANK', 'SBIN', 'ITC', 'LT', 'WIPRO', 'HCLTECH']);
      const infy = seen.find((i) => i.symbol === 'INFY');
      expect(infy).to.have.all.keys(INSTRUMENT_KEYS);
      expect(infy).to.include({ exchange: 'NSE', status: 'ACTIVE', currency: 'INR', lotSize: 1, isin: 'INE009A01021' });
      expect(infy?.tickSize).to.match(MONEY);
    });

    it('GET /instruments filters by text in the symbol or name (any case), by status and by exchange', async () => {
      const byName = await market.get('instruments?q=tata');
      expect(byName.body.items.map((i: InstrumentJson) => i.symbol)).to.include.members(['TCS', 'TATAMOTORS', 'TATASTEEL']);
      const suspended = await market.get('instruments?status=SUSPENDED');
      expect(suspended.body.items.length).to.be.at.least(1);
      expect(suspended.body.items.every((i: InstrumentJson) => i.status === 'SUSPENDED')).to.equal(true);
      expect((await market.get('instruments?exchange=BSE')).body.items).to.deep.equal([]);
      expect((await market.get('instruments?q=%25')).body.items).to.deep.equal([]); // a literal %, not a wildcard
    });

    it('when the page size, cursor or a filter is bad, then 400 naming the field', async () => {
      expectProblem(await market.get('instruments?limit=0'), 400, 'limit');
      expectProblem(await market.get('instruments?limit=abc'), 400, 'limit');
      expectProblem(await market.get('instruments?cursor=bm90LWEtY3Vyc29y'), 400, 'cursor');
      expectProblem(await market.get('instruments?status=DELISTED'), 400, 'status');
      expectProblem(await market.get('instruments?sort=name'), 400, 'sort');
    });

    it('GET /instruments/{symbol} answers one instrument, symbols with & included; an unknown symbol is a 404 problem', async () => {
      const reply = await market.get('instruments/INFY');
      expect(reply.status).to.equal(200);
      expect(reply.body).to.have.all.keys(INSTRUMENT_KEYS);
      expect((await market.get('instruments/M%26M')).body).to.include({ symbol: 'M&M', name: 'Mahindra & Mahindra Ltd' });
      expectProblem(await market.get('instruments/NOPE'), 404);
      expectProblem(await market.get('instruments/infy'), 404);
      expectProblem(await market.get('instruments/A%20SYMBOL%3BDROP'), 404);
    });

    it('GET /quotes/{symbol} answers the live quote: decimal strings on the tick, bid <= last < ask, and it moves with the ticks', async () => {
      const first = await market.get('quotes/INFY');
      expect(first.status).to.equal(200);
      expect(first.body).to.have.all.keys(QUOTE_KEYS);
      for (const key of ['last', 'bid', 'ask', 'open', 'high', 'low', 'previousClose']) expect(first.body[key], key).to.match(MONEY);
      expect(Number(first.body.last) * 10 % 1).to.be.closeTo(0, 1e-9); // INFY's tick is 0.10
      expect(Number(first.body.bid)).to.be.at.most(Number(first.body.last));
      expect(Number(first.body.ask)).to.be.greaterThan(Number(first.body.last));
      const later = await eventually('the quote to move on', async () => {
        const reply = await market.get('quotes/INFY');
        return reply.body.updatedAt > first.body.updatedAt && reply.body.volume > first.body.volume ? reply.body : undefined;
      });
      expect(Number(later.high)).to.be.at.least(Number(later.last));
      expect(Number(later.low)).to.be.at.most(Number(later.last));
      expectProblem(await market.get('quotes/NOPE'), 404);
    });

    it('GET /quotes?symbols=INFY,TCS,NOPE answers the known quotes in order and names the unknown', async () => {
      const reply = await market.get('quotes?symbols=INFY,TCS,NOPE,INFY');
      expect(reply.status).to.equal(200);
      expect(reply.body.quotes.map((q: QuoteJson) => q.symbol)).to.deep.equal(['INFY', 'TCS']);
      expect(reply.body.quotes[1]).to.have.all.keys(QUOTE_KEYS);
      expect(reply.body.unknown).to.deep.equal(['NOPE']);
    });

    it('when symbols is missing, empty, malformed or given twice, then 400 naming symbols', async () => {
      for (const query of ['', '?symbols=', '?symbols=INFY,,TCS', '?symbols=infy', '?symbols=INFY&symbols=TCS', `?symbols=${Array.from({ length: 101 }, (_, i) => `S${i}`).join(',')}`]) {
        expectProblem(await market.get(`quotes${query}`), 400, 'symbols');
      }
    });

    it('GET /candles/{symbol}?interval=1m serves the candle being built, live, from the ticks', async () => {
      const reply = await eventually('an open 1m candle with trades', async () => {
        const r = await market.get('candles/INFY?interval=1m');
        return r.body.candles?.some((c: CandleJson) => !c.closed && c.volume > 0) ? r : undefined;
      });
      expect(reply.body).to.include({ symbol: 'INFY', interval: '1m', currency: 'INR' });
      const open = reply.body.candles.at(-1);
      expect(open.closed).to.equal(false);
      expect(Date.parse(open.end) - Date.parse(open.start)).to.equal(60_000);
      for (const key of ['open', 'high', 'low', 'close']) expect(open[key]).to.match(MONEY);
      expect(Number(open.high)).to.be.at.least(Math.max(Number(open.open), Number(open.close)));
      expect(Number(open.low)).to.be.at.most(Math.min(Number(open.open), Number(open.close)));
    });

    it('when the interval or the range is bad, then 400 naming the field; an unknown symbol is 404', async () => {
      expectProblem(await market.get('candles/INFY'), 400, 'interval');
      expectProblem(await market.get('candles/INFY?interval=2m'), 400, 'interval');
      expectProblem(await market.get('candles/INFY?interval=1m&from=yesterday'), 400, 'from');
      expectProblem(await market.get('candles/INFY?interval=1m&from=2026-01-05T10:00:00'), 400, 'from'); // no time zone
      expectProblem(await market.get('candles/INFY?interval=1m&from=0000-01-01T00:00:00Z'), 400, 'from');
      expectProblem(await market.get('candles/INFY?interval=1m&from=2026-01-05T10:00:00Z&to=2026-01-05T09:00:00Z'), 400, 'to');
      expectProblem(await market.get('candles/INFY?interval=1m&from=2026-01-01T00:00:00Z&to=2026-01-05T00:00:00Z'), 400, 'from');
      expectProblem(await market.get('candles/NOPE?interval=1m'), 404);
    });

    it('GET /market/status: open, and always open by default (nothing depends on the wall clock)', async () => {
      const reply = await market.get('market/status');
      expect(reply.status).to.equal(200);
      expect(reply.body).to.include({ open: true, alwaysOpen: true });
      expect(Math.abs(Date.parse(reply.body.now) - Date.now())).to.be.below(5000);
    });

    it("quotes and open candles are written in batches: one stored quote per instrument, following the ticks, and each symbol's five open candles", async () => {
      const stored = await eventually('INFY stored after many ticks', async () => {
        const row = await db().oneOrNone("SELECT * FROM quotes WHERE symbol = 'INFY'");
        return row && row.version > 20 ? row : undefined;
      });
      expect(stored).to.include({ currency: 'INR' });
      const open = await db().any("SELECT candle_interval FROM candles WHERE symbol = 'INFY' AND NOT closed ORDER BY candle_interval");
      expect(open.map((r) => r.candle_interval)).to.have.members(['1m', '5m', '15m', '1h', '1d']);
      const quoted = Number((await db().one('SELECT count(*) AS n FROM quotes')).n);
      expect(quoted).to.equal(Number((await db().one('SELECT count(*) AS n FROM instruments')).n));
    });

    it('when every symbol ticks 50 times a second, then each gets at most one market.quote-updated per second, and the relay publishes them', async () => {
      const window = await db().one('SELECT now() AS start');
      const ticksBefore = Number((await db().one('SELECT sum(version) AS n FROM quotes')).n);
      await sleep(3000);
      const end = (await db().one('SELECT now() AS at')).at as Date;
      const seconds = (end.getTime() - (window.start as Date).getTime()) / 1000;
      const perSymbol = await db().any(
        `SELECT subject, count(*)::int AS n FROM outbox WHERE type = 'market.quote-updated' AND created_at >= $1 AND created_at < $2 GROUP BY subject`,
        [window.start, end],
      );
      const ticks = Number((await db().one('SELECT sum(version) AS n FROM quotes')).n) - ticksBefore;
      expect(perSymbol.length).to.be.at.least(40);
      for (const row of perSymbol) expect(row.n, row.subject).to.be.at.most(Math.ceil(seconds) + 1);
      const events = perSymbol.reduce((sum, r) => sum + r.n, 0);
      expect(ticks, `${ticks} ticks, ${events} events`).to.be.greaterThan(events * 10);
      const sample = await db().one("SELECT * FROM outbox WHERE type = 'market.quote-updated' AND subject = 'INFY' ORDER BY created_at DESC LIMIT 1");
      expect(sample.topic).to.equal('market');
      expect(sample.data).to.have.all.keys(['symbol', 'last', 'bid', 'ask', 'open', 'high', 'low', 'close', 'volume', 'at']);
      await eventually('quote events to be published', async () => {
        const row = await db().one("SELECT count(*)::int AS n FROM outbox WHERE type = 'market.quote-updated' AND published_at IS NOT NULL");
        return row.n > 0 ? true : undefined;
      });
    });

    it('when MARKET_TEST_CONTROLS is not set, then the test controls do not exist (404)', async () => {
      const reply = await market.call('POST', 'internal/market/prices/INFY', { body: { price: '1500.00' }, headers: { 'idempotency-key': 'no-controls' } });
      expectProblem(reply, 404);
    });
  });

  describe('with MARKET_SOURCE=csv: historical candles replayed instead of the simulator', () => {
    let app: TestApp;
    let market: InvokeClient;
    const sample = readFileSync(new URL('../../data/sample-candles.csv', import.meta.url), 'utf8').split('\n').filter((l) => l.includes(',INFY,'));
    const infyPrices = sample.flatMap((l) => l.split(',').slice(2, 6).map(Number));

    before(async () => {
      app = await platform.launch('market-service', { env: { MARKET_SOURCE: 'csv', MARKET_TICK_MS: '20', MARKET_FLUSH_MS: '100' } });
      market = new InvokeClient(app.dapr, 'market-service');
    });

    after(async () => {
      if (app) await platform.stopApp(app);
    });

    it("when the file's symbols tick, then their quotes take the file's prices; instruments not in the file stay where they were", async () => {
      const bel = (await market.get('quotes/BEL')).body;
      const seen = new Set<string>();
      await eventually('INFY to trade at several prices from the file', async () => {
        const last: string = (await market.get('quotes/INFY')).body.last;
        // Before the first replayed trade the quote is still the simulator's from before.
        if (seen.size > 0 || infyPrices.includes(Number(last))) {
          expect(infyPrices, last).to.include(Number(last));
          seen.add(last);
        }
        return seen.size >= 4 ? true : undefined;
      });
      await sleep(200);
      expect((await market.get('quotes/BEL')).body).to.deep.equal(bel);
    });
  });

  describe('with the test controls on and the simulator stopped (MARKET_TICK_MS=0)', () => {
    let app: TestApp;
    let market: InvokeClient;
    let keys = 0;
    const control = (path: string, body: unknown, key = `k-${process.pid}-${(keys += 1)}`) =>
      market.call('POST', `internal/market/${path}`, { body, headers: { 'idempotency-key': key } });
    const quoteEvents = (last: string) =>
      db().any("SELECT * FROM outbox WHERE type = 'market.quote-updated' AND subject = 'INFY' AND data->>'last' = $1", [last]);

    before(async () => {
      await db().none('TRUNCATE outbox');
      app = await platform.launch('market-service', { env: { MARKET_TICK_MS: '0', MARKET_FLUSH_MS: '50', MARKET_TEST_CONTROLS: 'true' } });
      market = new InvokeClient(app.dapr, 'market-service');
    });

    after(async () => {
      if (app) await platform.stopApp(app);
    });

    it('when a price is set, then the quote and the open candle move to it, are stored, and market.quote-updated is published at once', async () => {
      const reply = await control('prices/INFY', { price: '1500.0000' });
      expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
      expect(reply.body).to.include({ symbol: 'INFY', last: '1500.0000', bid: '1499.9000', ask: '1500.1000' });
      expect((await market.get('quotes/INFY')).body).to.deep.equal(reply.body);
      const candle = (await market.get('candles/INFY?interval=1m')).body.candles.at(-1);
      expect(candle).to.include({ close: '1500.0000', closed: false });
      expect((await db().one("SELECT last FROM quotes WHERE symbol = 'INFY'")).last).to.equal('1500.0000');
      const [event] = await quoteEvents('1500.0000');
      expect(event.data).to.include({ symbol: 'INFY', last: '1500.0000', bid: '1499.9000', ask: '1500.1000', at: reply.body.updatedAt });
      await eventually('the quote event to be published', async () => ((await db().one('SELECT published_at FROM outbox WHERE id = $1', [event.id])).published_at ? true : undefined));
    });

    it('when the price is off the tick, not a decimal string or not positive, then 400 naming price, and nothing changed', async () => {
      const before = (await market.get('quotes/INFY')).body;
      const events = await outboxCount();
      for (const price of ['1500.05', 1500, '-1500.00', '0', '1500.00001']) expectProblem(await control('prices/INFY', { price }), 400, 'price');
      expectProblem(await control('prices/INFY', { price: '1500.00', volume: 3 }), 400, 'volume');
      expect((await market.get('quotes/INFY')).body).to.deep.equal(before);
      expect(await outboxCount()).to.equal(events);
    });

    it('when the symbol is unknown, then 404 and nothing changed', async () => {
      const events = await outboxCount();
      expectProblem(await control('prices/NOPE', { price: '10.00' }), 404);
      expect(await outboxCount()).to.equal(events);
    });

    it('without an Idempotency-Key, 400 naming it; the same key twice sets the price once and answers the same', async () => {
      const reply = await market.call('POST', 'internal/market/prices/INFY', { body: { price: '1234.50' } });
      expectProblem(reply, 400, 'Idempotency-Key');
      const first = await control('prices/INFY', { price: '1234.50' }, 'same-key');
      const again = await control('prices/INFY', { price: '1234.50' }, 'same-key');
      expect(again.body).to.deep.equal(first.body);
      expect(again.headers.get('idempotent-replayed')).to.equal('true');
      expect(await quoteEvents('1234.5000')).to.have.length(1);
    });

    it('when the clock passes the end of a minute, then its 1m candle closes with the prices traded in it, is stored, and market.candle-closed is published', async () => {
      // Monday 7 January 2030, 09:30:05 IST: a fixed minute, whatever the wall clock says.
      expect((await control('clock', { now: '2030-01-07T04:00:05Z' })).status).to.equal(200);
      for (const price of ['1500.00', '1510.00', '1490.00', '1505.00']) expect((await control('prices/INFY', { price })).status).to.equal(200);
      const quote = (await market.get('quotes/INFY')).body;
      expect(quote).to.include({ open: '1500.0000', high: '1510.0000', low: '1490.0000', last: '1505.0000', previousClose: '1234.5000' });
      expect((await control('clock', { now: '2030-01-07T04:01:00Z' })).status).to.equal(200);
      const start = new Date('2030-01-07T04:00:00Z');
      const row = await eventually('the 1m candle to be stored closed', () =>
        db().oneOrNone("SELECT * FROM candles WHERE symbol = 'INFY' AND candle_interval = '1m' AND start_at = $1 AND closed", [start]).then((r) => r ?? undefined));
      expect(row).to.include({ open: '1500.0000', high: '1510.0000', low: '1490.0000', close: '1505.0000', currency: 'INR' });
      const event = await eventually('market.candle-closed in the outbox', () =>
        db().oneOrNone("SELECT * FROM outbox WHERE type = 'market.candle-closed' AND subject = 'INFY' AND data->>'start' = $1", [start.toISOString()]).then((r) => r ?? undefined));
      expect(event.data).to.deep.equal({ symbol: 'INFY', interval: '1m', start: start.toISOString(), open: '1500.0000', high: '1510.0000', low: '1490.0000', close: '1505.0000', volume: 0, currency: 'INR' });
      const candles = (await market.get('candles/INFY?interval=1m&from=2030-01-07T03:55:00Z&to=2030-01-07T04:05:00Z')).body.candles;
      expect(candles.map((c: CandleJson) => [c.start, c.closed])).to.deep.equal([['2030-01-07T04:00:00.000Z', true]]);
      const fiveMinutes = (await market.get('candles/INFY?interval=5m&from=2030-01-07T04:00:00Z&to=2030-01-07T04:05:00Z')).body.candles;
      expect(fiveMinutes.map((c: CandleJson) => [c.open, c.high, c.low, c.close, c.closed])).to.deep.equal([['1500.0000', '1510.0000', '1490.0000', '1505.0000', false]]);
    });

    it('when the clock is asked to move back, then 400 naming now, and it stays', async () => {
      expectProblem(await control('clock', { now: '2026-01-05T04:00:00Z' }), 400, 'now');
      expectProblem(await control('clock', { now: 'tomorrow' }), 400, 'now');
      const reply = await control('prices/INFY', { price: '1500.00' });
      expect(reply.body.updatedAt >= '2030-01-07T04:01:00.000Z').to.equal(true);
    });
  });
});
