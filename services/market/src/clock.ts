/**
 * The market's time: the wall clock, unless the test control moved it forward (to close a
 * candle or start a session without waiting). It only ever moves forward, so candles and
 * sessions never run backwards.
 */
export class MarketClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Runs on from `to`; false (and nothing changes) when `to` is before the current time. */
  moveTo(to: Date): boolean {
    const ahead = to.getTime() - this.now().getTime();
    if (ahead < 0) return false;
    this.offsetMs += ahead;
    return true;
  }
}
