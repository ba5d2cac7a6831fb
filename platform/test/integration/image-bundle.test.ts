import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { databaseNames } from '@winvestco/common';
import { expect } from 'chai';
import { REPO_ROOT } from '../../src/index.ts';
import { InvokeClient, testPlatform, type TestApp, type TestPlatform } from '../../src/testing/index.ts';

const run = promisify(execFile);
const SERVICE = 'funds';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

// No container engine runs here: the test builds what the Dockerfile's last stage copies
// (k8s/image/bundle.sh, which the Dockerfile runs too) and starts the service from it, as
// the image would, against a real sidecar, database and broker.
describe('the production image\'s bundle, started against a real sidecar', function () {
  let platform: TestPlatform;
  let bundle: string;
  let app: TestApp | undefined;

  before(async function () {
    this.timeout(10 * 60_000);
    if (!existsSync(path.join(REPO_ROOT, 'services', SERVICE, 'dist', 'main.js'))) await run('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT });
    bundle = mkdtempSync(path.join(os.tmpdir(), 'winvestco-bundle-'));
    const started = Date.now();
    await run('sh', [path.join(REPO_ROOT, 'k8s', 'image', 'bundle.sh'), SERVICE, bundle], { maxBuffer: 16 * 1024 * 1024 });
    process.stderr.write(`      [image] bundle of ${SERVICE} built in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    platform = await testPlatform('image');
  });

  after(async () => {
    if (app) await platform.stopApp(app);
    if (bundle) rmSync(bundle, { recursive: true, force: true });
  });

  it('holds production dependencies only and compiled JavaScript only: no compiler, no test tools, no TypeScript sources', () => {
    const modules = path.join(bundle, 'node_modules');
    for (const dev of ['typescript', 'mocha', 'chai', 'eslint', 'fast-check', 'typescript-eslint', '@types/mocha']) expect(existsSync(path.join(modules, dev)), dev).to.equal(false);
    for (const dep of ['koa', 'pg-promise', '@dapr/dapr', 'postgrator']) expect(existsSync(path.join(modules, dep)), dep).to.equal(true);
    for (const app of ['common', SERVICE]) {
      const files = filesUnder(path.join(bundle, 'services', app));
      expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts')), app).to.deep.equal([]);
      expect(files).to.include(path.join('dist', app === 'common' ? 'index.js' : 'main.js'));
    }
    expect(existsSync(path.join(bundle, 'services', 'user', 'dist')), 'another service').to.equal(false);
    expect(existsSync(path.join(bundle, 'platform', 'src')), 'the platform').to.equal(false);
  });

  it('the Dockerfile builds its image from this bundle, runs it as a non-root user and checks its health', () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).to.include('RUN sh k8s/image/bundle.sh "${SERVICE}" /bundle');
    expect(dockerfile).to.include('COPY --from=bundle /bundle /app');
    expect(dockerfile).to.match(/^USER 10001:10001$/m);
    expect(dockerfile).to.match(/^HEALTHCHECK /m);
    expect(dockerfile).to.match(/^CMD \["node", "dist\/main\.js"\]$/m);
  });

  it('when the migration Job\'s command runs from the bundle, then the service\'s database is migrated', async () => {
    const { database, role } = databaseNames(SERVICE, platform.dbPrefix);
    const { stderr } = await run('node', ['services/common/dist/migrate-main.js'], {
      cwd: bundle,
      env: { PATH: process.env.PATH, WINVESTCO_SERVICE: SERVICE, PGHOST: platform.postgres.host, PGPORT: String(platform.postgres.port), DB_NAME: database, DB_USER: role, LOG_LEVEL: 'warn' },
    });
    expect(stderr).to.equal('');
    const tables = await platform.adminDb(SERVICE).map("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", [], (r: { tablename: string }) => r.tablename);
    expect(tables).to.include.members(['kit_schemaversion', 'schemaversion', 'outbox', 'inbox', 'wallets']);
  });

  it('when the service starts from the bundle with its sidecar, then it serves through Dapr: health, a refusal, and a wallet', async () => {
    app = await platform.launch(`${SERVICE}-service`, { command: ['node', 'dist/main.js'], cwd: path.join(bundle, 'services', SERVICE) });
    const funds = new InvokeClient(app.dapr, `${SERVICE}-service`);
    expect((await funds.call('GET', 'readyz')).status).to.equal(200);
    const anonymous = await funds.call('GET', 'wallets/me');
    expect(anonymous.status).to.equal(401);
    const userId = randomUUID();
    const credit = await funds.call('POST', 'internal/funds/credits', { body: { userId, amount: '10.00', reference: `image-${userId}`, kind: 'DEPOSIT' }, headers: { 'idempotency-key': randomUUID() } });
    expect(credit.status, JSON.stringify(credit.body)).to.equal(201);
    const token = await platform.tokenFor(userId);
    const wallet = await funds.call('GET', 'wallets/me', { headers: { authorization: `Bearer ${token}` } });
    expect(wallet.status, JSON.stringify(wallet.body)).to.equal(200);
    expect(JSON.stringify(wallet.body)).to.include('10.00');
  });
});
