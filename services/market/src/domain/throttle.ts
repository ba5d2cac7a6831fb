// At most one quote event per symbol per period, whatever the tick rate: between two events
// the quote is coalesced, and the event carries the latest.

export class QuoteThrottle {
  private readonly lastSent = new Map<string, number>();

  constructor(readonly periodMs: number) {}

  /** Whether an event for `symbol` may go out at `now`; when it may, the period starts again. */
  take(symbol: string, now: Date): boolean {
    const last = this.lastSent.get(symbol);
    if (last !== undefined && now.getTime() - last < this.periodMs) return false;
    this.lastSent.set(symbol, now.getTime());
    return true;
  }

  /** An event went out regardless (the test control): the period starts again. */
  sent(symbol: string, now: Date): void {
    this.lastSent.set(symbol, now.getTime());
  }
}
