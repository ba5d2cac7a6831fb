// The figures a benchmark hands to `npm run bench`'s table. A benchmark records each figure
// it measured (with what it is compared against); bench/run.ts gives every benchmark process
// one file to append them to, then prints them as one table and keeps them as JSON under
// bench/results/. Run on its own, a benchmark only prints.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export interface Figure {
  /** The row of the table this belongs to (bench/README.md names them). */
  row: string;
  /** What was measured, e.g. "direct, 1000 req/s". */
  name: string;
  value: string;
  /** Printed beside it: a published figure, the ceiling, a ratio. */
  beside?: string;
}

export function record(row: string, name: string, value: string, beside?: string): void {
  const file = process.env.BENCH_RESULTS_FILE;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ row, name, value, ...(beside ? { beside } : {}) } satisfies Figure)}\n`);
}

/** A figure an earlier benchmark of the same `npm run bench` recorded, or undefined. */
export function recorded(row: string, name: string): Figure | undefined {
  const file = process.env.BENCH_RESULTS_FILE;
  if (!file || !existsSync(file)) return undefined;
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Figure).find((f) => f.row === row && f.name === name);
}
