/**
 * Runs `work` now, then again `intervalMs` after each run ends (never two at once), until
 * stopped; a run that throws is reported and the loop goes on. `stop` waits for the run in
 * progress. For pollers: the outbox relay, a provider's callbacks, a feed's writes.
 */
export function repeat(work: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const run = async () => {
    if (stopped) return;
    running = work().then(() => undefined, onError);
    await running;
    if (!stopped) timer = setTimeout(() => void run(), intervalMs);
  };
  timer = setTimeout(() => void run(), 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
