export interface Repeating {
  /** Runs the next pass now instead of after the interval (after the current one, if one runs). */
  wake(): void;
  /** Stops the loop; waits for the pass in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `work` now, then again `intervalMs` after each run ends (never two at once), until
 * stopped; a run that throws is reported and the loop goes on. `wake` brings the next run
 * forward (a producer that just wrote something for the loop). The one way this platform
 * runs periodic work: pollers, relays, sweeps, pruning.
 */
export function repeat(work: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void): Repeating {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let wokenMeanwhile = false;
  const schedule = (delay: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), delay);
  };
  const run = async () => {
    if (stopped) return;
    wokenMeanwhile = false;
    running = work().then(() => undefined, onError);
    await running;
    running = undefined;
    if (!stopped) schedule(wokenMeanwhile ? 0 : intervalMs);
  };
  schedule(0);
  return {
    wake() {
      if (stopped) return;
      if (running) wokenMeanwhile = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
