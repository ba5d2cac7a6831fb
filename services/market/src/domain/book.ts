// The live market in memory: every symbol's quote and open candles, kept up to date tick by
// tick, and what has changed since it was last written. The feed writes those changes in
// batches, so the database sees one write per symbol and interval per batch however fast the
// ticks come (the latest state wins; intermediate states are coalesced away).
import { CANDLE_INTERVALS, candleEnd, tradeInto, type Candle, type CandleInterval } from './candles.ts';
import { withTick, type Quote } from './quote.ts';
import type { Tick } from './source.ts';
import type { QuoteThrottle } from './throttle.ts';

/** What a batch writes: quotes and candles as they are now, and the events due. */
export interface BookChanges {
  quotes: Quote[];
  /** Open candles that changed, and candles that closed. */
  candles: Candle[];
  closed: Candle[];
  /** Quotes whose market.quote-updated event is due (throttled). */
  quoteEvents: Quote[];
}

const key = (symbol: string, interval: CandleInterval) => `${symbol}|${interval}`;

export class MarketBook {
  private readonly quotes = new Map<string, Quote>();
  private readonly open = new Map<string, Candle>();
  private readonly dirtyQuotes = new Set<string>();
  private readonly dirtyCandles = new Set<string>();
  /** Closed candles not yet written, then being written: still served from here meanwhile. */
  private closedPending: Candle[] = [];
  private closedInFlight: Candle[] = [];
  /** Symbols whose quote changed since their last event. */
  private readonly unpublished = new Set<string>();

  constructor(
    quotes: readonly Quote[],
    openCandles: readonly Candle[],
    private readonly throttle: QuoteThrottle,
    private readonly sessionDateOf: (at: Date) => string,
  ) {
    for (const quote of quotes) this.quotes.set(quote.symbol, quote);
    for (const candle of openCandles) {
      // Two open candles of one symbol and interval (a crash between two writers): the later
      // one is open, the earlier one closes with the first batch.
      const k = key(candle.symbol, candle.interval);
      const other = this.open.get(k);
      const [earlier, later] = other && other.start > candle.start ? [candle, other] : [other, candle];
      this.open.set(k, later);
      if (earlier) this.closedPending.push({ ...earlier, closed: true });
    }
  }

  quote(symbol: string): Quote | undefined {
    return this.quotes.get(symbol);
  }

  /** The candles of `symbol` at `interval` that only the book holds yet: the open one and any closed but unwritten. */
  liveCandles(symbol: string, interval: CandleInterval): Candle[] {
    const mine = (c: Candle) => c.symbol === symbol && c.interval === interval;
    const open = this.open.get(key(symbol, interval));
    return [...this.closedInFlight.filter(mine), ...this.closedPending.filter(mine), ...(open ? [open] : [])];
  }

  openCandles(symbol: string): Candle[] {
    return CANDLE_INTERVALS.flatMap((interval) => this.open.get(key(symbol, interval)) ?? []);
  }

  /** A new quote the book did not know (an instrument without one): written with the next batch. */
  add(quote: Quote): void {
    this.quotes.set(quote.symbol, quote);
    this.dirtyQuotes.add(quote.symbol);
  }

  /** Applies ticks stamped `at`; ticks of symbols without a quote are ignored. */
  apply(ticks: readonly Tick[], at: Date): void {
    const sessionDate = this.sessionDateOf(at);
    for (const tick of ticks) {
      const quote = this.quotes.get(tick.symbol);
      if (!quote) continue;
      this.quotes.set(tick.symbol, withTick(quote, tick, at, sessionDate));
      this.dirtyQuotes.add(tick.symbol);
      this.unpublished.add(tick.symbol);
      for (const interval of CANDLE_INTERVALS) {
        const k = key(tick.symbol, interval);
        const { candle, closed } = tradeInto(this.open.get(k), quote, interval, at, tick.last, tick.volume);
        this.open.set(k, candle);
        this.dirtyCandles.add(k);
        if (closed) this.closedPending.push(closed);
      }
    }
  }

  /** The quote's event went out by another way (the test control): nothing is pending for it. */
  published(symbol: string, at: Date): void {
    this.unpublished.delete(symbol);
    this.throttle.sent(symbol, at);
  }

  /**
   * Closes the candles whose interval ended by `at` and hands over everything to write.
   * Call `written` after the write commits, or `unwritten` when it failed.
   */
  drain(at: Date): BookChanges {
    for (const [k, candle] of this.open) {
      if (candleEnd(candle).getTime() <= at.getTime()) {
        this.open.delete(k);
        this.dirtyCandles.delete(k);
        this.closedPending.push({ ...candle, closed: true });
      }
    }
    const quotes = [...this.dirtyQuotes].map((s) => this.quotes.get(s)!);
    const open = [...this.dirtyCandles].map((k) => this.open.get(k)!);
    this.dirtyQuotes.clear();
    this.dirtyCandles.clear();
    const closed = this.closedPending;
    this.closedInFlight.push(...closed);
    this.closedPending = [];
    const quoteEvents: Quote[] = [];
    for (const symbol of this.unpublished) {
      if (this.throttle.take(symbol, at)) {
        quoteEvents.push(this.quotes.get(symbol)!);
        this.unpublished.delete(symbol);
      }
    }
    return { quotes, candles: [...open, ...closed], closed, quoteEvents };
  }

  written(changes: BookChanges): void {
    this.closedInFlight = this.closedInFlight.filter((c) => !changes.closed.includes(c));
  }

  /** The batch was not written: everything in it is written (and published) with the next one. */
  unwritten(changes: BookChanges): void {
    this.written(changes);
    for (const quote of changes.quotes) this.dirtyQuotes.add(quote.symbol);
    for (const candle of changes.candles) {
      const k = key(candle.symbol, candle.interval);
      if (!candle.closed && this.open.has(k)) this.dirtyCandles.add(k);
    }
    this.closedPending.unshift(...changes.closed);
    for (const quote of changes.quoteEvents) this.unpublished.add(quote.symbol);
  }
}
