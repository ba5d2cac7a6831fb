import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { contractCheckFromEnv, createLogger, createMetrics, moneyProblem, TOPICS, type ContractViolation } from '@winvestco/common';
import { expect } from 'chai';
import fc from 'fast-check';
import { contractDocuments, CONTRACTS_DIR, coverage } from '../../src/contracts/documents.ts';
import { contractAjv } from '../../src/contracts/ajv.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('contract: the event and route contracts are published as data, generated from the code', function () {
  this.timeout(60_000);
  let generated: Map<string, string>;
  const committed = (file: string) => JSON.parse(readFileSync(path.join(CONTRACTS_DIR, file), 'utf8')) as Json;
  const schemaOf = (type: string) => JSON.parse(generated.get(`schemas/${type}.json`)!) as Json;

  before(async () => {
    generated = await contractDocuments();
  });

  it('the committed docs/contracts/ is exactly what `npm run contracts` generates from the code (a changed contract without regenerated documents fails here)', () => {
    const onDisk = ['README.md', 'asyncapi.json', 'routes.openapi.json', ...readdirSync(path.join(CONTRACTS_DIR, 'schemas')).map((f) => `schemas/${f}`)].sort();
    expect(onDisk, 'files in docs/contracts (run npm run contracts)').to.deep.equal([...generated.keys()].sort());
    for (const [file, text] of generated) expect(readFileSync(path.join(CONTRACTS_DIR, file), 'utf8'), `docs/contracts/${file} is stale: run npm run contracts`).to.equal(text);
  });

  it('the AsyncAPI document is valid AsyncAPI 3.0 for @asyncapi/parser, with a channel per topic and a message per event type', async () => {
    const { document, diagnostics } = await new Parser().parse(generated.get('asyncapi.json')!);
    const errors = diagnostics.filter((d) => Number(d.severity) === 0) // DiagnosticSeverity.Error.map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).to.deep.equal([]);
    expect(document?.version()).to.equal('3.0.0');
    expect(document!.channels().all().map((c) => c.id()).sort()).to.deep.equal(TOPICS.map((t) => t.name).sort());
    expect(document!.messages().all().length).to.equal(coverage().eventTypes);
  });

  it('each topic is sent by its owner alone, and consumers come from the apps\' subscription declarations (the Go surveillance app among them)', () => {
    const doc = committed('asyncapi.json');
    const ops = Object.values(doc.operations as Record<string, Json>);
    for (const topic of TOPICS) {
      const senders = ops.filter((o) => o.action === 'send' && o.channel.$ref === `#/channels/${topic.name}`).map((o) => o['x-app-id']);
      expect(senders, topic.name).to.deep.equal([topic.owner]);
    }
    const receives = (app: string, topic: string) => (doc.operations[`${app}.receives.${topic}`]?.messages as { $ref: string }[] | undefined)?.map((m) => m.$ref.split('/').pop());
    expect(receives('surveillance-service', 'trades')).to.deep.equal(['trade.executed']);
    expect(receives('portfolio-service', 'trades')).to.deep.equal(['trade.executed']);
    // The kit's session projection: every service but the user service consumes the account events.
    expect(receives('market-service', 'users')).to.include.members(['user.registered', 'user.session-ended']);
    expect(receives('user-service', 'users')).to.equal(undefined);
  });

  it('every schema compiles under ajv strict mode, and a real-looking trade.executed validates while a float amount, a missing field or an extra one does not', () => {
    const ajv = contractAjv();
    for (const [file, text] of generated) if (file.startsWith('schemas/')) ajv.compile(JSON.parse(text) as Json);
    const validate = contractAjv().compile(schemaOf('trade.executed'));
    const fill = {
      executionId: '8a6e0804-2bd0-4672-b79c-d62d2a9bba12', orderId: '9b6e0804-2bd0-4672-b79c-d62d2a9bba12', userId: '7c6e0804-2bd0-4672-b79c-d62d2a9bba12',
      symbol: 'INFY', side: 'BUY', quantity: 10, price: '1500.1000', fees: '23.5000', currency: 'INR', liquidity: 'TAKER', executedAt: '2026-12-03T10:00:00.000Z',
    };
    expect(validate(fill), JSON.stringify(validate.errors)).to.equal(true);
    expect(validate({ ...fill, price: 1500.1 })).to.equal(false);
    expect(validate({ ...fill, price: '0.0000' })).to.equal(false);
    expect(validate({ ...fill, quantity: 1.5 })).to.equal(false);
    expect(validate({ ...fill, fees: undefined })).to.equal(false);
    expect(validate({ ...fill, venue: 'NSE' })).to.equal(false);
    expect(validate({ ...fill, charges: null })).to.equal(true);
  });

  it('money schemas accept exactly the decimal strings the kit accepts (IsMoney and IsMoney({ positive }) alike)', () => {
    const ajv = contractAjv();
    const fills = schemaOf('trade.executed');
    const any = ajv.compile(fills.properties.fees as Json);
    const positive = ajv.compile(fills.properties.price as Json);
    const decimal = fc.oneof(
      fc.stringMatching(/^-?\d{1,18}(\.\d{0,6})?$/),
      fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 9999 })).map(([i, f]) => `${i}.${String(f).padStart(4, '0')}`),
      fc.constantFrom('0', '0.0', '0.0000', '0.0001', '00.1', '1e3', ' 1', '1.', '.5', '9999999999999999.9999', '10000000000000000'),
    );
    fc.assert(fc.property(decimal, (text) => {
      expect(any(text), `"${text}"`).to.equal(moneyProblem(text) === null);
      expect(positive(text), `"${text}" (positive)`).to.equal(moneyProblem(text, { positive: true }) === null);
    }), { numRuns: 2000 });
  });

  it('the postings of ledger.entry-posted are at least two {account, debit, credit} with money amounts, as the ledger contract checks', () => {
    const validate = contractAjv().compile(schemaOf('ledger.entry-posted'));
    const entry = { entryId: '8a6e0804-2bd0-4672-b79c-d62d2a9bba12', kind: 'DEPOSIT', referenceType: 'PAYMENT', referenceId: 'p-1', currency: 'INR' };
    const line = (account: string, debit: string, credit: string) => ({ account, debit, credit });
    expect(validate({ ...entry, postings: [line('cash', '10.0000', '0.0000'), line('wallet', '0.0000', '10.0000')] }), JSON.stringify(validate.errors)).to.equal(true);
    expect(validate({ ...entry, postings: [line('cash', '10.0000', '0.0000')] })).to.equal(false);
    expect(validate({ ...entry, postings: [line('', '10.0000', '0.0000'), line('wallet', '0', '10')] })).to.equal(false);
    expect(validate({ ...entry, postings: [line('cash', '10.00001', '0'), line('wallet', '0', '10')] })).to.equal(false);
  });

  it('when a producer publishes an event its contract does not allow, then the relay\'s check (on in test runs) counts it and records it for the suite, and passes a valid one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'winvestco-check-'));
    try {
      const file = path.join(dir, 'violations.jsonl');
      const metrics = createMetrics('trade-service');
      const check = await contractCheckFromEnv('trade-service', createLogger('trade-service', 'silent'), metrics, { CONTRACT_SCHEMAS: path.join(CONTRACTS_DIR, 'schemas'), CONTRACT_VIOLATIONS: file });
      const fill = {
        executionId: '8a6e0804-2bd0-4672-b79c-d62d2a9bba12', orderId: '9b6e0804-2bd0-4672-b79c-d62d2a9bba12', userId: '7c6e0804-2bd0-4672-b79c-d62d2a9bba12',
        symbol: 'INFY', side: 'BUY', quantity: 10, price: '1500.1000', fees: '23.5000', currency: 'INR', liquidity: 'TAKER', executedAt: '2026-12-03T10:00:00.000Z',
      };
      check!({ id: 'e1', topic: 'trades', type: 'trade.executed', data: fill });
      check!({ id: 'e2', topic: 'trades', type: 'trade.executed', data: { ...fill, price: 1500.1 } });
      check!({ id: 'e3', topic: 'trades', type: 'trade.renamed', data: fill });
      const recorded = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ContractViolation);
      expect(recorded.map((v) => v.eventId)).to.deep.equal(['e2', 'e3']);
      expect(recorded[0]!.errors.join()).to.contain('/price must be string');
      expect(await metrics.registry.getSingleMetricAsString('contract_violations_total')).to.match(/contract_violations_total\{[^}]*type="trade.executed"[^}]*\} 1/);
      expect(await contractCheckFromEnv('trade-service', createLogger('trade-service', 'silent'), createMetrics('trade-service'), {})).to.equal(undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the routes document lists every declared internal route with its request and answer schemas', () => {
    const doc = committed('routes.openapi.json');
    const instrument = doc.paths['/v1.0/invoke/market-service/method/instruments/{symbol}'].get;
    expect(instrument.responses['200'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/InstrumentView' });
    const operations = Object.values(doc.paths as Record<string, Json>).flatMap((p) => Object.values(p));
    expect(operations).to.have.length(coverage().routes);
    expect(doc.components.schemas.InstrumentView.required).to.include.members(['symbol', 'name']);
  });
});
