// The running market: asks the price source for the next step every MARKET_TICK_MS while the
// market is open, and writes what changed every MARKET_FLUSH_MS in one transaction. Ticks
// only touch memory, so however fast they come, the database sees one batch per flush.
import { repeat, type Logger } from '@winvestco/common';
import { marketStatus } from './domain/calendar.ts';
import { writeChanges, type Market } from './usecases.ts';

export interface FeedTiming {
  tickMs: number;
  flushMs: number;
}

export class MarketFeed {
  private ticking?: NodeJS.Timeout;
  private flushing?: { stop(): Promise<void> };

  constructor(
    private readonly market: Market,
    private readonly log: Logger,
    private readonly timing: FeedTiming,
  ) {}

  start(): void {
    if (this.timing.tickMs > 0) this.ticking = setInterval(() => this.tick(), this.timing.tickMs);
    // flush() keeps what it could not write for the next pass, so it never throws.
    this.flushing = repeat(() => this.flush(), this.timing.flushMs, () => undefined);
  }

  /** One step of the source for every instrument, when the market is open. */
  tick(): void {
    const { book, source, clock, calendar } = this.market;
    const at = clock.now();
    if (marketStatus(calendar, at).open) book.apply(source.next(), at);
  }

  /** Writes what changed since the last flush; on failure it is all kept for the next one. */
  async flush(): Promise<void> {
    const changes = this.market.book.drain(this.market.clock.now());
    if (changes.quotes.length + changes.candles.length + changes.quoteEvents.length === 0) return;
    try {
      await writeChanges(this.market.db, changes);
      this.market.book.written(changes);
    } catch (error) {
      this.market.book.unwritten(changes);
      this.log.warn({ err: error }, 'writing market changes failed; they go with the next batch');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.ticking);
    await this.flushing?.stop();
    await this.flush();
  }
}
