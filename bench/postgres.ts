// `npm run bench -- postgres`: how many commits the PostgreSQL the platform uses can make
// here, as pgbench measures it: transactions that insert one row each (what an outbox, an
// inbox or a saga step commits), at 1, 8 and 32 clients, for BENCH_SECONDS (15) each, in a
// scratch database that is dropped afterwards. The orders benchmark counts the commits one
// settled order makes across every database; together they give the order rate this
// ceiling would allow. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { record } from './results.ts';

const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,8,32').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const HOST = process.env.PGHOST ?? '127.0.0.1';
const USER = process.env.PGUSER ?? 'postgres';
const database = `winvestco_bench_pg_${process.pid}`;

const psql = (sql: string, db = 'postgres') => execFileSync('psql', ['-h', HOST, '-U', USER, '-d', db, '-Atqc', sql], { encoding: 'utf8' });

function main(): void {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'winvestco-pgbench-'));
  const script = path.join(folder, 'insert.sql');
  writeFileSync(script, "INSERT INTO commits (id, at, payload) VALUES (gen_random_uuid(), now(), '{\"kind\":\"bench\"}');\n");
  psql(`CREATE DATABASE ${database}`);
  try {
    psql('CREATE TABLE commits (id uuid PRIMARY KEY, at timestamptz NOT NULL, payload jsonb NOT NULL)', database);
    const settings = psql("SELECT current_setting('synchronous_commit') || ', fsync ' || current_setting('fsync')").trim();
    console.log(`\none-row insert transactions, pgbench (${os.cpus().length} cores; ${SECONDS} s per level; synchronous_commit ${settings})\n`);
    let best = 0;
    for (const clients of CLIENTS) {
      const out = execFileSync('pgbench', ['-h', HOST, '-U', USER, '-n', '-f', script, '-c', String(clients), '-j', String(Math.min(clients, os.cpus().length)), '-T', String(SECONDS), database], { encoding: 'utf8' });
      const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
      const latency = /latency average = ([\d.]+) ms/.exec(out)?.[1] ?? '?';
      best = Math.max(best, tps);
      console.log(`  ${String(clients).padStart(2)} clients  ${tps.toFixed(0).padStart(6)} commits/s  latency average ${latency} ms`);
      record('PostgreSQL commit ceiling', `${clients} clients`, `${tps.toFixed(0)} commits/s`);
    }
    record('PostgreSQL commit ceiling', 'best', `${best.toFixed(0)} commits/s`, 'the orders benchmark divides it by the commits per settled order');
  } finally {
    psql(`DROP DATABASE IF EXISTS ${database}`);
    rmSync(folder, { recursive: true, force: true });
  }
}

main();
