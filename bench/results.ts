// The figures a benchmark hands to `npm run bench`'s table. A benchmark records each figure
// it measured (with what it is compared against); bench/run.ts gives every benchmark process
// one file to append them to, then prints them as one table and keeps them as JSON under
// bench/results/. Run on its own, a benchmark only prints.
import { appendFileSync } from 'node:fs';

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

/** "p50 1.23 ms  p90 …  p99 …" of a latency summary given in milliseconds. */
export function percentiles(values: { p50: number; p90?: number; p95?: number; p99: number }): string {
  return Object.entries(values).map(([name, ms]) => `${name} ${ms.toFixed(ms < 10 ? 2 : 0)} ms`).join('  ');
}
