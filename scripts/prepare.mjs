// Runs before `npm start` and `npm test` (pre-scripts): installs what a fresh checkout lacks.
// Plain JavaScript with no dependencies, because it runs before node_modules exists.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => console.log(`[prepare] ${message}`);
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`[prepare] Node ${process.versions.node} is too old: Winvestco needs Node 20.19 or newer.`);
  process.exit(1);
}

// node_modules is reinstalled only when package-lock.json changed since the last install.
const lock = readFileSync(path.join(root, 'package-lock.json'));
const lockHash = createHash('sha256').update(lock).digest('hex');
const stamp = path.join(root, 'node_modules', '.winvestco-lock-hash');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
  say('installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, lockHash);
} else {
  say('npm dependencies are up to date');
}

run('bash', [path.join(root, 'dapr', 'install-runtime.sh')]);
