// `npm run bench` runs every benchmark; `npm run bench -- payments market` the named ones.
// Each runs in its own process, on its own test platform, one after the other, and prints
// its figures. Nothing here asserts anything.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ALL = ['user', 'payments', 'ledger', 'market', 'portfolio', 'matching', 'orders', 'sessions', 'notifications', 'reports'];
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !existsSync(path.join(here, `${name}.ts`)) || name === 'run' || name === 'lib');
if (unknown.length) {
  console.error(`no such benchmark: ${unknown.join(', ')} (there are: ${ALL.join(', ')})`);
  process.exit(2);
}
let failed = 0;
for (const name of asked.length ? asked : ALL) {
  console.log(`\n=== bench/${name}.ts`);
  const started = Date.now();
  const run = spawnSync('node', ['--conditions=source', '--import', 'tsx', path.join(here, `${name}.ts`)], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
  console.log(`=== ${name}: ${run.status === 0 ? 'done' : `failed (exit ${run.status})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
process.exitCode = failed ? 1 : 0;
