// `npm run bench` runs every benchmark; `npm run bench -- payments market` the named ones.
// Each runs in its own process, on its own test platform, one after the other, and prints
// its figures; at the end the figures they recorded (results.ts) are printed as one table
// and written to bench/results/<time>.json. Nothing here asserts anything.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure } from './results.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const ALL = ['sidecar', 'postgres', 'user', 'payments', 'ledger', 'market', 'portfolio', 'matching', 'orders', 'sessions', 'notifications', 'reports'];
const HELPERS = ['run', 'lib', 'cpu', 'results', 'trading', 'ceiling', '_micro'];
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !existsSync(path.join(here, `${name}.ts`)) || HELPERS.includes(name));
if (unknown.length) {
  console.error(`no such benchmark: ${unknown.join(', ')} (there are: ${ALL.join(', ')})`);
  process.exit(2);
}
const resultsFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'winvestco-bench-')), 'figures.jsonl');
writeFileSync(resultsFile, '');
let failed = 0;
for (const name of asked.length ? asked : ALL) {
  console.log(`\n=== bench/${name}.ts`);
  const started = Date.now();
  const run = spawnSync('node', ['--conditions=source', '--import', 'tsx', path.join(here, `${name}.ts`)], { stdio: 'inherit', env: { ...process.env, BENCH_RESULTS_FILE: resultsFile } });
  if (run.status !== 0) failed += 1;
  console.log(`=== ${name}: ${run.status === 0 ? 'done' : `failed (exit ${run.status})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const figures = readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Figure);
if (figures.length > 0) {
  const width = (pick: (f: Figure) => string) => Math.max(...figures.map((f) => pick(f).length));
  const [row, name, value] = [width((f) => f.row), width((f) => f.name), width((f) => f.value)];
  console.log(`\n=== the table (${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; methods in bench/README.md)\n`);
  for (const f of figures) console.log(`  ${f.row.padEnd(row)}  ${f.name.padEnd(name)}  ${f.value.padEnd(value)}  ${f.beside ?? ''}`.trimEnd());
  const folder = path.join(here, 'results');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), cores: os.cpus().length, benchmarks: asked.length ? asked : ALL, figures }, null, 2)}\n`);
  console.log(`\n  written to ${path.relative(process.cwd(), file)}`);
}
process.exitCode = failed ? 1 : 0;
