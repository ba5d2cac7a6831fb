// The console in a real browser (Debian's headless Chromium driven by playwright-core): what a
// developer does with it while the platform runs. Each page is saved as a screenshot in the
// folder the log names, to be looked at by a person.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TEST_ADMIN, testPlatform } from '@winvestco/platform/testing';
import { customer, deposit, fixPoison, poison, startWorld, stopWorld, WATCHED, type ConsoleWorld } from './console-world.ts';

const INSTALL = 'apt-get install -y chromium (as root)';

function chromiumPath(): string | null {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (candidate && existsSync(candidate)) return candidate;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Debian's Chromium, installed when missing and this process may (root, apt-get); null when it cannot be had. */
function chromiumOrInstall(): string | null {
  const found = chromiumPath();
  if (found || process.getuid?.() !== 0 || process.env.CONSOLE_TEST_INSTALL_CHROMIUM === 'false') return found;
  process.stderr.write('      [console] no Chromium here; installing Debian\'s (apt-get install -y chromium)\n');
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'ignore', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    return null;
  }
  return chromiumPath();
}

describe('developer console in a real browser (headless Chromium)', function () {
  this.timeout(300_000);
  let world: ConsoleWorld | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const shots = mkdtempSync(path.join(os.tmpdir(), 'winvestco-console-shots-'));
  const shot = async (name: string) => {
    const file = path.join(shots, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    process.stderr.write(`      [console] screenshot ${file}\n`);
  };

  const logRss = (when: string) => {
    const pid = world!.console.process.child.pid;
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    process.stderr.write(`      [console] the console's RSS ${when}: ${kb ? (Number(kb) / 1024).toFixed(1) : '?'} MB (pid ${pid})\n`);
  };

  before(async function () {
    this.timeout(900_000);
    const executablePath = chromiumOrInstall();
    if (!executablePath) {
      process.stderr.write(`      [console] no Chromium on this machine; install it with: ${INSTALL}\n`);
      this.skip();
    }
    world = await startWorld(await testPlatform('console-browser'));
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    process.stderr.write(`      [console] screenshots in ${shots}\n`);
  });

  after(async () => {
    await browser?.close();
    await stopWorld(world);
  });

  it('when the admin logs in, then the overview shows every app healthy', async () => {
    await page.goto(`${world!.url}/`);
    expect(page.url()).to.contain('/login');
    await shot('1-login');
    await page.fill('input[name=email]', TEST_ADMIN.email);
    await page.fill('input[name=password]', TEST_ADMIN.password);
    await Promise.all([page.waitForURL(`${world!.url}/`), page.click('button[type=submit]')]);
    const n = WATCHED.length;
    await page.waitForFunction(`document.querySelector('#apps-healthy')?.textContent?.trim() === '${n} of ${n}'`, undefined, { timeout: 30_000 });
    for (const app of WATCHED) expect(await page.textContent(`tr[data-app="${app}"] .badge`)).to.equal('HEALTHY');
    // Rates need two samples: the live refresh brings the second.
    await page.waitForTimeout(1500);
    await shot('2-overview');
    const started = Date.now();
    await page.reload();
    await page.waitForSelector('#apps');
    logRss('with the overview open');
    process.stderr.write(`      [console] the overview loaded in ${Date.now() - started} ms (read through Dapr in ${await page.textContent('#rendered-ms')} ms)\n`);
  });

  it('when the admin opens the ledger, then its components and subscriptions are shown', async () => {
    await page.click('a[href="/apps/ledger-service"]');
    await page.waitForSelector('#components');
    expect(await page.textContent('#components')).to.contain('pubsub.redis');
    expect(await page.textContent('#subscriptions')).to.contain('funds.deposited');
    await shot('3-app-ledger');
  });

  it('when a deposit is made through the gateway, then its saga appears and completes on the Sagas page, with its history', async () => {
    const c = await customer(world!);
    const paymentId = await deposit(world!, c, '1500.0000');
    await page.goto(`${world!.url}/sagas`);
    await page.fill('input[name=q]', paymentId);
    await Promise.all([page.waitForURL(/\/sagas\?/), page.click('form.filters button')]);
    await page.waitForSelector('tr[data-status="COMPLETED"]', { timeout: 60_000 });
    await page.goto(`${world!.url}/sagas`);
    await page.waitForSelector('#sagas');
    await shot('4-sagas');
    await page.goto(`${world!.url}/sagas?q=${paymentId}`);
    await Promise.all([page.waitForURL(/\/sagas\/payment-service\//), page.click('#sagas a')]);
    await page.waitForSelector('#history');
    expect(await page.textContent('#saga-status')).to.contain('COMPLETED');
    expect(await page.textContent('#history')).to.contain('Started on Dapr Workflow');
    await shot('5-saga');
  });

  it('when a message is poisoned, then it is in the dead letters, and once fixed the replay applies it', async () => {
    const { eventId } = await poison(world!);
    await page.goto(`${world!.url}/events`);
    await page.waitForSelector('#dead-letters tr[data-id]', { timeout: 30_000 });
    expect(await page.textContent('#dead-letters')).to.contain('invalid payload');
    await page.waitForSelector(`#tail tr[data-type="funds.deposited"]`, { timeout: 30_000 });
    await shot('6-events');
    await fixPoison(world!, eventId);
    await Promise.all([page.waitForURL(/done=/), page.click('#dead-letters button')]);
    expect(await page.textContent('.flash')).to.contain('applied');
    expect(await page.$(`#dead-letters`)).to.equal(null);
    await shot('7-replayed');
    logRss('after the whole walk-through');
  });
});
