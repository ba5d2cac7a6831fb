// Shared by the benchmarks: percentiles, a pool of callers, one line of figures.
// Benchmarks print; they assert nothing.

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** "p50 12.3 ms  p95 …  p99 …" of samples in milliseconds (any order). */
export function latencySummary(samples: readonly number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return ['p50', 'p95', 'p99'].map((name) => `${name} ${percentile(sorted, Number(name.slice(1))).toFixed(1)} ms`).join('  ');
}

/** Runs `call(i)` for every i < total, `concurrency` callers at once; answers each call's milliseconds and the wall time. */
export async function drive(total: number, concurrency: number, call: (i: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await call(i);
      latencies.push(performance.now() - t0);
    }
  }));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/** Drives HTTP calls (each answering its status) and prints one line: rate, latency, errors. */
export async function measure(name: string, total: number, concurrency: number, call: (i: number) => Promise<number>, width = 52): Promise<void> {
  let failures = 0;
  const { latencies, seconds } = await drive(total, concurrency, async (i) => {
    if ((await call(i)) >= 400) failures += 1;
  });
  console.log(`${name.padEnd(width)} ${String(total).padStart(5)} req  c=${String(concurrency).padStart(2)}  ${(total / seconds).toFixed(0).padStart(5)} req/s  ${latencySummary(latencies)}  errors ${failures}`);
}

/**
 * The workflow SDK's client writes a console line for every instance it starts and sees end,
 * whatever log level it is given; those lines would bury the figures, so they are dropped.
 */
export function muteSdkClientLines(): void {
  for (const name of ['log', 'info'] as const) {
    const write = console[name].bind(console);
    console[name] = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('[DurableTask')) return;
      write(...args);
    };
  }
}

/** Runs `one(caller)` closed loop with `concurrency` callers for `seconds`; answers how many completed and the wall time. */
export async function closedLoop(concurrency: number, seconds: number, one: (caller: number) => Promise<void>): Promise<{ done: number; wall: number }> {
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async (_, caller) => {
    while (Date.now() < until) {
      await one(caller);
      done += 1;
    }
  }));
  return { done, wall: (Date.now() - started) / 1000 };
}
