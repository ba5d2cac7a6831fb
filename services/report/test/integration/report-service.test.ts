import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { money, toCloudEvent } from '@winvestco/common';
import { eventually, TEST_ADMIN, type TestApp, type TestPlatform, testPlatform } from '@winvestco/platform/testing';
import type { Customer } from '../../../payment/test/integration/payments-world.ts';
import { TradingWorld } from '../../../order/test/integration/trading-world.ts';

const TYPES = ['TRANSACTION_HISTORY', 'PNL', 'HOLDINGS_SUMMARY', 'CONTRACT_NOTE', 'TAX'] as const;
type Totals = Record<string, string | number>;

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function consumed(app: TestApp, type: string, outcome: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${app.app.appPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('events_consumed_total{') && l.includes(`type="${type}"`) && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('report service: projections from real flows only, reports in CSV and PDF whose totals equal the ledger and the portfolio', function () {
  let platform: TestPlatform;
  let world: TradingWorld;
  let report: TestApp;
  let admin: string;
  let asha: Customer;
  const orderIds: string[] = [];
  const completed = new Map<string, { id: string; totals: Totals }>();
  const gatewayPort = () => world.app('gateway').app.appPort;
  const api = () => world.through('report-service');
  const ledger = () => world.through('ledger-service');

  const download = async (token: string, id: string, format: string) => {
    const reply = await fetch(`http://127.0.0.1:${gatewayPort()}/v1.0/invoke/report-service/method/reports/${id}/download?format=${format}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: reply.status, type: reply.headers.get('content-type') ?? '', disposition: reply.headers.get('content-disposition') ?? '', body: Buffer.from(await reply.arrayBuffer()) };
  };
  const ask = async (c: Customer, body: Record<string, unknown>) => {
    const reply = await api().post('reports', body, c.token);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(202);
    expect(reply.body.status).to.equal('PENDING');
    return reply.body.id as string;
  };
  const until = (c: Customer, id: string, statuses = ['COMPLETED', 'FAILED']) => eventually(`report ${id} to be ${statuses.join(' or ')}`, async () => {
    const reply = await api().get(`reports/${id}`, c.token);
    return reply.status === 200 && statuses.includes(reply.body.status) ? reply.body : undefined;
  }, 30_000);
  const totals = async () => (await api().get('admin/reports/totals?currency=INR', admin)).body as { debits: string; credits: string; entries: number };
  const trialInr = async () => ((await ledger().get('ledger/trial-balance', admin)).body.currencies as { currency: string; debits: string; credits: string }[]).find((c) => c.currency === 'INR');
  // The run's databases are shared by its files, and the report service sees only what is
  // posted after it starts: its totals are compared with what the ledger posted since then.
  let ledgerAtStart = { debits: money(0), credits: money(0) };
  const caughtUpWithLedger = () => eventually('the report totals to equal what the ledger posted since the report service started', async () => {
    const [mine, theirs] = [await totals(), await trialInr()];
    if (!theirs) return undefined;
    const since = { debits: money(theirs.debits).minus(ledgerAtStart.debits).toFixed(4), credits: money(theirs.credits).minus(ledgerAtStart.credits).toFixed(4) };
    return mine.debits === since.debits && mine.credits === since.credits ? mine : undefined;
  }, 30_000);

  before(async () => {
    platform = await testPlatform('report');
    world = new TradingWorld(platform);
    await world.launch();
    report = await platform.launch('report-service', { env: { REPORT_POLL_MS: '200', REPORT_LEASE_MS: '3000' } });
    admin = await platform.tokenFor(randomUUID(), ['ADMIN']);
    const start = await trialInr();
    if (start) ledgerAtStart = { debits: money(start.debits), credits: money(start.credits) };
    await world.price('1500.00');
  });

  after(async () => {
    if (report) await platform.stopApp(report);
    await world?.stop();
  });

  it('when Asha deposits, buys 10 INFY and sells 4, then the projections catch up from events alone and their lag is visible', async () => {
    asha = await world.books.funded('200000.00');
    const buy = await world.place(asha, { side: 'BUY', type: 'MARKET', quantity: 10 });
    await world.until(asha, buy.orderId, ['FILLED']);
    // She sells what she holds: the portfolio applies the fills from their events.
    await eventually('her 10 shares', async () => ((await world.holding(asha))?.quantity === 10 ? true : undefined));
    await world.price('1600.00');
    const sell = await world.place(asha, { side: 'SELL', type: 'MARKET', quantity: 4 });
    await world.until(asha, sell.orderId, ['FILLED']);
    orderIds.push(buy.orderId, sell.orderId);

    const fills = await eventually('her two fills in the report API', async () => {
      const reply = await api().get('reports/fills', asha.token);
      return reply.status === 200 && reply.body.items.length === 2 ? reply.body.items : undefined;
    });
    expect(fills.map((f: { side: string }) => f.side)).to.deep.equal(['SELL', 'BUY']);
    expect(fills[0].charges).to.have.keys('brokerage', 'stt', 'exchangeCharge', 'sebiFee', 'stampDuty', 'gst');
    await caughtUpWithLedger();
    await world.books.checkBooks([asha]);

    const status = await api().get('admin/reports/projections', admin);
    expect(status.status).to.equal(200);
    type Projection = { name: string; events: number; lastEventAt: string; lastEventAgeSeconds: number; lastEventType: string };
    const byName = Object.fromEntries((status.body.projections as Projection[]).map((p) => [p.name, p]));
    for (const name of ['orders', 'fills', 'ledger', 'wallets']) {
      expect(byName[name]!.events, name).to.be.greaterThan(0);
      expect(Date.parse(byName[name]!.lastEventAt), name).to.be.greaterThan(Date.now() - 120_000);
      expect(byName[name]!.lastEventAgeSeconds, name).to.be.a('number').and.be.at.least(0);
    }
    expect(byName.fills!.events).to.be.at.least(2);
    expect(status.body.archive.events).to.be.at.least(byName.fills!.events + byName.ledger!.events);
    // Users cannot see the operators' views.
    expect((await api().get('admin/reports/projections', asha.token)).status).to.equal(403);
    expect((await api().get('admin/reports/totals', asha.token)).status).to.equal(403);
  });

  it('when she asks for each report, then it goes PENDING → COMPLETED and downloads as CSV and PDF with totals equal to the ledger, wallet and portfolio', async function () {
    this.timeout(180_000);
    const ids = new Map<string, string>();
    for (const type of TYPES) ids.set(type, await ask(asha, { type }));
    for (const type of TYPES) {
      const done = await until(asha, ids.get(type)!);
      expect(done.status, `${type}: ${done.error}`).to.equal('COMPLETED');
      completed.set(type, { id: done.id, totals: done.totals });
      for (const format of ['csv', 'pdf']) {
        const file = await download(asha.token, done.id, format);
        expect(file.status, `${type} ${format}`).to.equal(200);
        expect(file.type).to.match(format === 'csv' ? /^text\/csv/ : /^application\/pdf/);
        expect(file.disposition).to.match(new RegExp(`attachment; filename=".+\\.${format}"`));
        if (format === 'pdf') expect(file.body.subarray(0, 5).toString()).to.equal('%PDF-');
      }
    }
    const csvOf = async (type: string) => parse((await download(asha.token, completed.get(type)!.id, 'csv')).body.toString('utf8').replace(/^\uFEFF/, ''), { relaxColumnCount: true });
    const summaryLine = (rows: string[][], label: string) => rows.find((r) => r[0] === label)?.[1];

    // The statement: her balance is what the wallet and the ledger hold.
    const wallet = await world.books.wallet(asha);
    const cash = (await ledger().get(`ledger/accounts/cash:${asha.id}/balance`, asha.token)).body.balance as string;
    const blocked = (await ledger().get(`ledger/accounts/cash-locked:${asha.id}/balance`, asha.token)).body.balance as string;
    const statement = completed.get('TRANSACTION_HISTORY')!.totals;
    expect(statement.closingBalance).to.equal(money(wallet.available).plus(wallet.locked).toFixed(4));
    expect(statement.closingBalance).to.equal(money(cash).plus(blocked).toFixed(4));
    expect(statement).to.include({ available: cash, locked: blocked, openingBalance: '0.0000', walletAvailable: wallet.available, walletLocked: wallet.locked, orders: 2 });
    expect(summaryLine(await csvOf('TRANSACTION_HISTORY'), 'Closing balance')).to.equal(statement.closingBalance);

    // P&L and holdings: the portfolio's figures.
    const holding = await world.holding(asha);
    expect(completed.get('PNL')!.totals.realised).to.equal(holding.realisedPnl);
    expect(completed.get('HOLDINGS_SUMMARY')!.totals).to.include({ 'quantity:INFY': 6, invested: holding.invested, realised: holding.realisedPnl });
    expect(summaryLine(await csvOf('PNL'), 'Realised profit/loss')).to.equal(holding.realisedPnl);

    // The contract note: each fill's charges as the trade service computed them, summing to the orders' fees.
    const orders = await Promise.all(orderIds.map((id) => world.order(asha, id)));
    const note = completed.get('CONTRACT_NOTE')!.totals;
    expect(note.fills).to.equal(2);
    expect(note.charges).to.equal(money(orders[0].fees).plus(orders[1].fees).toFixed(4));
    const fills = (await api().get('reports/fills', asha.token)).body.items as { charges: Record<string, string>; fees: string }[];
    for (const kind of ['brokerage', 'stt', 'exchangeCharge', 'sebiFee', 'stampDuty', 'gst']) {
      expect(note[kind], kind).to.equal(fills.reduce((s, f) => s.plus(f.charges[kind]!), money(0)).toFixed(4));
    }
    const noteCsv = await csvOf('CONTRACT_NOTE');
    expect(noteCsv.find((r) => r[0] === 'Day total')).to.include(note.charges);

    // Tax: both fills today, so the gain is short-term, and with one lot FIFO equals the average cost.
    const tax = completed.get('TAX')!.totals;
    expect(tax).to.include({ shortTermGain: holding.realisedPnl, longTermGain: '0.0000', lots: 1 });
    expect(tax.shortTermTax).to.equal(money(holding.realisedPnl).times('0.2').toDecimalPlaces(4).toFixed(4));

    // Look at the first page of the statement and the contract note.
    const dir = path.join(platform.workDir, 'reports');
    mkdirSync(dir, { recursive: true });
    for (const type of ['TRANSACTION_HISTORY', 'CONTRACT_NOTE', 'TAX']) {
      const file = path.join(dir, `${type.toLowerCase()}.pdf`);
      writeFileSync(file, (await download(asha.token, completed.get(type)!.id, 'pdf')).body);
      const png = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, file.replace(/\.pdf$/, '')]);
      if (png.error) console.log(`      (skipped rendering ${file} to PNG: pdftoppm is missing; sudo apt-get install -y poppler-utils, then pdftoppm -png -r 80 -f 1 -l 1 -singlefile ${file} out)`);
      else console.log(`      first page of ${type}: ${file.replace(/\.pdf$/, '.png')}`);
    }
  });

  it('when another user looks, then her reports are not in his list and her ids are 404, to read and to download', async () => {
    const ravi = await world.books.customer();
    const hers = completed.get('PNL')!.id;
    const list = await api().get('reports', ravi.token);
    expect(list.status).to.equal(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).to.not.include(hers);
    expect((await api().get(`reports/${hers}`, ravi.token)).status).to.equal(404);
    const file = await download(ravi.token, hers, 'pdf');
    expect(file.status).to.equal(404);
    expect(file.type).to.match(/problem\+json/);
    expect((await api().get('reports/fills', ravi.token)).body.items).to.have.length(0);
    // Her own list has all five, newest first.
    const mine = (await api().get('reports', asha.token)).body.items as { id: string; type: string }[];
    expect(mine.map((r) => r.type).sort()).to.deep.equal([...TYPES].sort());
  });

  it('when the projections are rebuilt from the archive, by the admin route and by npm run report:rebuild, then the totals are the same', async function () {
    this.timeout(180_000);
    const before = await caughtUpWithLedger();
    const asked = await api().post('admin/reports/rebuild', {}, admin);
    expect(asked.status, JSON.stringify(asked.body)).to.equal(202);
    expect((await api().post('admin/reports/rebuild', {}, asha.token)).status).to.equal(403);
    await eventually('the rebuild to complete', async () => {
      const r = (await api().get('admin/reports/projections', admin)).body.rebuild;
      return r.status === 'COMPLETED' ? r : undefined;
    }, 60_000);
    expect(await totals()).to.deep.include({ debits: before.debits, credits: before.credits, entries: before.entries });
    // The same reports again give the same figures.
    for (const type of ['TRANSACTION_HISTORY', 'PNL', 'CONTRACT_NOTE', 'TAX']) {
      const again = await until(asha, await ask(asha, { type }));
      expect(again.totals, type).to.deep.equal(completed.get(type)!.totals);
    }

    // Run beside the test, not blocking it (a blocked event loop would miss the gateway closing idle connections).
    const cli = await run('npm', ['run', '--silent', 'report:rebuild'], {
      cwd: path.resolve(import.meta.dirname, '../../../..'),
      env: { ...process.env, WINVESTCO_GATEWAY_URL: `http://127.0.0.1:${gatewayPort()}`, ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password },
    });
    expect(cli.status, `${cli.stdout}\n${cli.stderr}`).to.equal(0);
    expect(cli.stdout).to.contain('the same totals after the rebuild');
    expect(await totals()).to.deep.include({ debits: before.debits, credits: before.credits });
  });

  it('when the same fill is delivered again, then the projection and the archive change nothing', async () => {
    const userId = randomUUID();
    const token = await platform.tokenFor(userId);
    const event = toCloudEvent({
      id: randomUUID(), topic: 'trades', type: 'trade.executed', subject: userId, time: new Date().toISOString(),
      data: {
        executionId: randomUUID(), orderId: randomUUID(), userId, symbol: 'INFY', side: 'BUY', quantity: 3, price: '1500.0000', fees: '2.0000', currency: 'INR',
        liquidity: 'TAKER', executedAt: new Date().toISOString(), charges: { brokerage: '2.0000', stt: '0.0000', exchangeCharge: '0.0000', sebiFee: '0.0000', stampDuty: '0.0000', gst: '0.0000' },
      },
    }, 'trade-service');
    const trade = world.app('trade').dapr;
    const publish = () => trade.publishCloudEvent('pubsub', `${platform.topicPrefix}trades`, event);
    const archived = async () => (await api().get('admin/reports/projections', admin)).body.archive.events as number;
    await publish();
    await eventually('the fill', async () => ((await api().get('reports/fills', token)).body.items.length === 1 ? true : undefined));
    const before = { archive: await archived(), duplicates: await consumed(report, 'trade.executed', 'duplicate') };
    await publish();
    await publish();
    await eventually('both redeliveries recognised', async () => ((await consumed(report, 'trade.executed', 'duplicate')) >= before.duplicates + 2 ? true : undefined));
    expect((await api().get('reports/fills', token)).body.items).to.have.length(1);
    expect(await archived()).to.equal(before.archive);
    const holdings = await until({ id: userId, token }, await ask({ id: userId, token }, { type: 'HOLDINGS_SUMMARY' }));
    expect(holdings.totals).to.include({ 'quantity:INFY': 3, invested: '4502.0000' });
  });

  it('when a generator dies mid-report, then its lease runs out and the report is generated again', async () => {
    const id = completed.get('HOLDINGS_SUMMARY')!.id;
    // What a generator that crashed leaves behind: RUNNING, its lease over, no output.
    await platform.adminDb('report').none("UPDATE reports SET status = 'RUNNING', lease_until = now() - interval '1 second', csv = NULL, pdf = NULL, completed_at = NULL WHERE id = $1", [id]);
    const again = await until(asha, id, ['COMPLETED']);
    expect(again.attempts).to.equal(2);
    expect(again.totals).to.include({ 'quantity:INFY': 6 });
    expect((await download(asha.token, id, 'csv')).status).to.equal(200);
  });

  it('when a report is past its retention, then it is EXPIRED and its download is a 410 problem', async () => {
    const id = completed.get('TAX')!.id;
    await platform.adminDb('report').none("UPDATE reports SET expires_at = now() - interval '1 second' WHERE id = $1", [id]);
    const file = await download(asha.token, id, 'pdf');
    expect(file.status).to.equal(410);
    expect(file.type).to.match(/problem\+json/);
    expect(JSON.parse(file.body.toString()).detail).to.match(/expired/);
    expect((await api().get(`reports/${id}`, asha.token)).body.status).to.equal('EXPIRED');
  });

  it('when the input is bad, then the answer is a 400 or 422 problem naming the field, and no report is made', async () => {
    const count = async () => ((await api().get('reports?limit=200', asha.token)).body.items as unknown[]).length;
    const before = await count();
    const cases: [string, string, unknown, number, string][] = [
      ['POST', 'reports', { type: 'PORTFOLIO' }, 400, 'type'],
      ['POST', 'reports', {}, 400, 'type'],
      ['POST', 'reports', { type: 'PNL', from: '2026-02-30' }, 400, 'from'],
      ['POST', 'reports', { type: 'PNL', to: '03/12/2026' }, 400, 'to'],
      ['POST', 'reports', { type: 'PNL', from: '2026-06-01', to: '2026-05-01' }, 422, 'from'],
      ['POST', 'reports', { type: 'TAX', from: '2025-06-01', to: '2026-06-01' }, 422, 'to'],
      ['POST', 'reports', { type: 'PNL', colour: 'blue' }, 400, 'colour'],
      ['GET', 'reports/not-a-uuid', undefined, 400, 'id'],
      ['GET', `reports/${completed.get('PNL')!.id}/download?format=xls`, undefined, 400, 'format'],
      ['GET', 'reports?cursor=nonsense', undefined, 400, 'cursor'],
    ];
    for (const [method, route, body, status, field] of cases) {
      const reply = await api().call(method, route, { token: asha.token, ...(body !== undefined ? { body } : {}) });
      expect(reply.status, `${method} ${route} ${JSON.stringify(body)}: ${JSON.stringify(reply.body)}`).to.equal(status);
      expect(reply.headers.get('content-type')).to.match(/problem\+json/);
      expect((reply.body.errors as { field: string }[]).map((e) => e.field), route).to.include(field);
    }
    expect((await api().get('admin/reports/totals?currency=rupees', admin)).status).to.equal(400);
    expect((await api().get('reports', undefined)).status).to.equal(401);
    expect(await count()).to.equal(before);
  });
});
