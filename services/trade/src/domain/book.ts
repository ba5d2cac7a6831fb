// One symbol's limit order book: price-time priority, pure and fast. No I/O and no clock:
// every operation answers the events it caused (acceptances, fills with both sides,
// restings, cancellations, triggers), which the caller persists and publishes. The rules
// are docs/services/trade.md, "Matching"; the reasons for the data structures are there too.
//
// Prices are integers in paise and quantities whole shares (see price.ts), so the hot path
// compares and adds plain numbers. Each side keeps its price levels in an array sorted worst
// → best (the best level is the last element: reading, taking and removing it is O(1), and a
// new level near the touch is inserted near the end), a Map from price to level, and at each
// level a FIFO queue as a doubly linked list through the orders, so a cancel unlinks its
// order in O(1) after one Map lookup by order id.
import type { Side } from '@winvestco/common';
import { derivedId, idBase, isUuid, type IdBase } from './ids.ts';

export type { Side };
export const ORDER_TYPES = ['MARKET', 'LIMIT', 'STOP_LOSS', 'STOP_LIMIT'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export const VALIDITIES = ['DAY', 'GTC', 'IOC'] as const;
export type Validity = (typeof VALIDITIES)[number];
export type Liquidity = 'MAKER' | 'TAKER';
/** Who was on the other side: another order in this book, or the simulated exchange at its quote. */
export type Venue = 'BOOK' | 'EXCHANGE';
export type CancelReason =
  | 'REQUESTED' // the owner (or the order saga) cancelled it
  | 'EXPIRED' // its validity ended (DAY at the session's close)
  | 'IOC_REMAINDER' // what an IOC order could not fill at once
  | 'SELF_TRADE' // the next match was the same user's own resting order: the newer order goes
  | 'NO_LIQUIDITY' // a MARKET order with nothing to trade against (empty side and no quote)
  | 'PRICE_PROTECTION'; // what a MARKET order could trade only beyond its protection price

/** An order as the book takes it. Prices in paise (integers), quantity in whole shares. */
export interface OrderRequest {
  orderId: string;
  userId: string;
  side: Side;
  type: OrderType;
  validity: Validity;
  quantity: number;
  /** LIMIT and STOP_LIMIT. */
  limitPrice?: number;
  /** STOP_LOSS and STOP_LIMIT. */
  triggerPrice?: number;
  /**
   * MARKET and STOP_LOSS: the worst price it may trade at (a buy's ceiling, a sell's floor);
   * without one it takes any price.
   */
  protectionPrice?: number;
}

/** The market service's quote, in paise: the simulated exchange trades at it. */
export interface BookQuote {
  last: number;
  bid: number;
  ask: number;
}

/** One order's side of a fill: what becomes one row of `executions` and one `trade.executed`. */
export interface Execution {
  /** Derived from (orderId, ordinal): the same on every replay (ids.ts). */
  executionId: string;
  orderId: string;
  userId: string;
  side: Side;
  liquidity: Liquidity;
  /** 1 for the order's first execution, 2 for its second, … */
  ordinal: number;
  /** The order's filled quantity including this execution. */
  filled: number;
  /** What is still open of the order after it; 0 when the order is done. */
  remaining: number;
}

/**
 * A trade at `price` for `quantity`. A fill between two orders of the book has both
 * executions; against the exchange only the book's order has one (the other is null):
 * an incoming order takes the exchange's quote as TAKER, a resting order that a new quote
 * crosses is filled at its own price as MAKER.
 */
export interface Fill {
  type: 'FILL';
  /** The taker's execution id (the maker's when the exchange took a resting order). */
  fillId: string;
  venue: Venue;
  price: number;
  quantity: number;
  taker: Execution | null;
  maker: Execution | null;
}
export interface Accepted { type: 'ACCEPTED'; orderId: string; userId: string; side: Side; orderType: OrderType; quantity: number }
/** The order (or its remainder) now waits in the book at `price`, with time priority `seq`. */
export interface Rested { type: 'RESTED'; orderId: string; userId: string; side: Side; price: number; remaining: number; seq: number }
/** A stop order set aside until the last price reaches its trigger. */
export interface StopHeld { type: 'STOP_HELD'; orderId: string; userId: string; side: Side; triggerPrice: number; seq: number }
/** The last price reached the stop's trigger: it now executes as a MARKET (STOP_LOSS) or LIMIT (STOP_LIMIT) order. */
export interface Triggered { type: 'TRIGGERED'; orderId: string; userId: string; last: number; becomes: 'MARKET' | 'LIMIT' }
/** `cancelled` shares of the order will never trade; `filled` did. The order is done. */
export interface Cancelled { type: 'CANCELLED'; orderId: string; userId: string; cancelled: number; filled: number; reason: CancelReason }
/** A resting order's new quantity (its total, fills included) and price; LOST: it re-entered as a new order would. */
export interface Modified { type: 'MODIFIED'; orderId: string; userId: string; quantity: number; price: number; remaining: number; priority: 'KEPT' | 'LOST' }
/** The operation was refused and changed nothing. */
export interface Refused { type: 'REFUSED'; orderId: string; reason: string }
export type BookEvent = Accepted | Rested | StopHeld | Triggered | Fill | Cancelled | Modified | Refused;

/** A live order as stored for a restart: `restore` rebuilds the same book from a list of them. */
export interface LiveOrder {
  orderId: string;
  userId: string;
  side: Side;
  type: OrderType;
  validity: Validity;
  /** The order's quantity now (after modifications), fills included. */
  quantity: number;
  filled: number;
  limitPrice?: number;
  triggerPrice?: number;
  protectionPrice?: number;
  /** Time priority within its price level (BOOK) or among stops (STOP). */
  seq: number;
  /** How many executions the order has had: the next one's ordinal is this + 1. */
  executions: number;
  /** Resting in the book, or a stop not yet triggered. */
  held: 'BOOK' | 'STOP';
}

export interface DepthLevel { price: number; quantity: number; orders: number }
/** Aggregated depth, best first; no order or user is named. */
export interface Depth { bids: DepthLevel[]; asks: DepthLevel[] }

const NOWHERE = 0;
const IN_BOOK = 1;
const IN_STOPS = 2;

class Order {
  seq = 0;
  held = NOWHERE;
  level: Level | null = null;
  prev: Order | null = null;
  next: Order | null = null;
  /** Executes as a MARKET order: MARKET, and a triggered STOP_LOSS. */
  market: boolean;
  /** Worked out at the order's first execution (most orders never trade). */
  ids: IdBase | null = null;

  constructor(
    readonly id: string,
    readonly userId: string,
    readonly side: Side,
    readonly buy: boolean,
    readonly type: OrderType,
    readonly validity: Validity,
    public quantity: number,
    public filled: number,
    /** Limit price in paise; 0 for a MARKET order. */
    public price: number,
    readonly trigger: number,
    public executions: number,
    /** A MARKET order's protection price in paise; 0 for none. */
    readonly protection: number,
  ) {
    this.market = type === 'MARKET' || type === 'STOP_LOSS';
  }
}

class Level {
  head: Order | null = null;
  tail: Order | null = null;
  /** Open shares at this price. */
  quantity = 0;
  orders = 0;
  constructor(readonly price: number) {}

  push(order: Order): void {
    order.level = this;
    order.prev = this.tail;
    order.next = null;
    if (this.tail) this.tail.next = order;
    else this.head = order;
    this.tail = order;
    this.quantity += order.quantity - order.filled;
    this.orders += 1;
  }

  unlink(order: Order): void {
    if (order.prev) order.prev.next = order.next;
    else this.head = order.next;
    if (order.next) order.next.prev = order.prev;
    else this.tail = order.prev;
    this.quantity -= order.quantity - order.filled;
    this.orders -= 1;
    order.prev = order.next = order.level = null;
  }
}

class BookSide {
  /** Worst → best: bids by ascending price, asks by descending price. */
  readonly levels: Level[] = [];
  private readonly byPrice = new Map<number, Level>();
  constructor(private readonly buy: boolean) {}

  best(): Level | undefined {
    return this.levels[this.levels.length - 1];
  }

  add(order: Order): void {
    let level = this.byPrice.get(order.price);
    if (level === undefined) {
      level = new Level(order.price);
      this.byPrice.set(order.price, level);
      this.levels.splice(this.firstBetterThan(order.price), 0, level);
    }
    level.push(order);
  }

  remove(order: Order): void {
    const level = order.level!;
    level.unlink(order);
    if (level.head !== null) return;
    if (level === this.best()) this.levels.pop();
    else this.levels.splice(this.firstBetterThan(level.price) - 1, 1);
    this.byPrice.delete(level.price);
  }

  removeBest(): void {
    this.byPrice.delete(this.levels.pop()!.price);
  }

  /** The index of the first level better than `price` (binary search; levels are sorted worst → best). */
  private firstBetterThan(price: number): number {
    const rank = this.buy ? price : -price;
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = this.levels[mid]!.price;
      if ((this.buy ? p : -p) > rank) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const isWholePositive = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

/** Why the book cannot take `r` as it stands, or null. */
export function requestRefusal(r: OrderRequest): string | null {
  if (typeof r.orderId !== 'string' || !isUuid(r.orderId)) return 'orderId must be a lowercase UUID';
  if (r.side !== 'BUY' && r.side !== 'SELL') return 'side must be BUY or SELL';
  if (!ORDER_TYPES.includes(r.type)) return `type must be one of ${ORDER_TYPES.join(', ')}`;
  if (!VALIDITIES.includes(r.validity)) return `validity must be one of ${VALIDITIES.join(', ')}`;
  if (!isWholePositive(r.quantity)) return 'quantity must be a whole number of shares above zero';
  const limited = r.type === 'LIMIT' || r.type === 'STOP_LIMIT';
  if (limited && !isWholePositive(r.limitPrice)) return `a ${r.type} order needs a limit price in whole paise above zero`;
  if (!limited && r.limitPrice !== undefined) return `a ${r.type} order has no limit price`;
  const stop = r.type === 'STOP_LOSS' || r.type === 'STOP_LIMIT';
  if (stop && !isWholePositive(r.triggerPrice)) return `a ${r.type} order needs a trigger price in whole paise above zero`;
  if (!stop && r.triggerPrice !== undefined) return `a ${r.type} order has no trigger price`;
  if (r.protectionPrice !== undefined && (limited || !isWholePositive(r.protectionPrice))) return limited ? `a ${r.type} order has its limit price, no protection price` : 'a protection price is whole paise above zero';
  return null;
}

/** A BUY stop wakes when the last price rises to its trigger, a SELL stop when it falls to it. */
const wakes = (stop: Order, last: number) => (stop.buy ? last >= stop.trigger : last <= stop.trigger);

export class OrderBook {
  private readonly bids = new BookSide(true);
  private readonly asks = new BookSide(false);
  /** Every live order (resting or held stop) by id. */
  private readonly live = new Map<string, Order>();
  /** BUY stops by descending trigger, SELL stops by ascending trigger: the next to wake is last. */
  private readonly buyStops: Order[] = [];
  private readonly sellStops: Order[] = [];
  private quote: BookQuote | null;
  /** The last priority sequence handed out. */
  private seq = 0;

  constructor(readonly symbol: string, quote?: BookQuote) {
    if (quote) assertQuote(quote);
    this.quote = quote ?? null;
  }

  /**
   * The book of `symbol` from its live orders as `snapshot()` gave them (or as stored from the
   * events): same priorities, same next execution ordinals, so nothing is lost and no
   * execution id repeats. `quote` is only remembered: call quoteUpdated to act on a new one.
   * Throws when the orders cannot be a book (a duplicate id, nothing open, a crossed book).
   */
  static restore(symbol: string, orders: readonly LiveOrder[], quote?: BookQuote): OrderBook {
    const book = new OrderBook(symbol, quote);
    for (const s of [...orders].sort((a, b) => a.seq - b.seq)) {
      const refusal = requestRefusal(s);
      if (refusal) throw new RangeError(`order ${s.orderId}: ${refusal}`);
      if (book.live.has(s.orderId)) throw new RangeError(`order ${s.orderId} is listed twice`);
      if (!(Number.isSafeInteger(s.filled) && s.filled >= 0 && s.filled < s.quantity)) throw new RangeError(`order ${s.orderId} has nothing open`);
      if (s.held === 'BOOK' && (s.type === 'MARKET' || s.type === 'STOP_LOSS')) throw new RangeError(`order ${s.orderId}: a ${s.type} order never rests`);
      const order = new Order(s.orderId, s.userId, s.side, s.side === 'BUY', s.type, s.validity, s.quantity, s.filled, s.limitPrice ?? 0, s.triggerPrice ?? 0, s.executions, s.protectionPrice ?? 0);
      order.seq = s.seq;
      book.seq = Math.max(book.seq, s.seq);
      if (s.held === 'BOOK') book.putInBook(order);
      else book.putInStops(order);
    }
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (bid !== undefined && ask !== undefined && bid >= ask) throw new RangeError(`the restored book of ${symbol} crosses: bid ${bid} ≥ ask ${ask}`);
    return book;
  }

  /** Takes a new order: it matches, executes at the exchange, rests, waits as a stop, or is cancelled (IOC, MARKET). */
  place(request: OrderRequest): BookEvent[] {
    const refusal = requestRefusal(request) ?? (this.live.has(request.orderId) ? 'the order is already in the book' : null);
    if (refusal) return [{ type: 'REFUSED', orderId: request.orderId, reason: refusal }];
    const { orderId, userId, side, type, quantity } = request;
    const order = new Order(orderId, userId, side, side === 'BUY', type, request.validity, quantity, 0, request.limitPrice ?? 0, request.triggerPrice ?? 0, 0, request.protectionPrice ?? 0);
    const events: BookEvent[] = [{ type: 'ACCEPTED', orderId, userId, side, orderType: type, quantity }];
    if (type === 'STOP_LOSS' || type === 'STOP_LIMIT') {
      // A stop whose trigger the last price already reached wakes at once rather than wait for the next quote.
      if (this.quote !== null && wakes(order, this.quote.last)) this.trigger(order, events);
      else {
        order.seq = ++this.seq;
        this.putInStops(order);
        events.push({ type: 'STOP_HELD', orderId, userId, side, triggerPrice: order.trigger, seq: order.seq });
      }
    } else this.execute(order, events);
    return events;
  }

  /** Cancels a live order (resting or a held stop); refused when the book does not hold it (done, or never here). */
  cancel(orderId: string, reason: 'REQUESTED' | 'EXPIRED' = 'REQUESTED'): BookEvent[] {
    const order = this.live.get(orderId);
    if (order === undefined) return [{ type: 'REFUSED', orderId, reason: 'the book holds no such open order' }];
    this.take(order);
    return [cancelled(order, reason)];
  }

  /**
   * Changes a resting LIMIT order's quantity (its new total, fills included) or limit price.
   * A smaller quantity at the same price keeps the order's place in the queue; a new price or
   * a larger quantity loses it: the order leaves and enters again as a new order would (it
   * may trade at once, then rests behind the orders already at its price).
   */
  modify(orderId: string, change: { quantity?: number; limitPrice?: number }): BookEvent[] {
    const refuse = (reason: string): BookEvent[] => [{ type: 'REFUSED', orderId, reason }];
    const order = this.live.get(orderId);
    if (order === undefined) return refuse('the book holds no such open order');
    if (order.held !== IN_BOOK) return refuse('only a resting limit order can be modified');
    const quantity = change.quantity ?? order.quantity;
    const price = change.limitPrice ?? order.price;
    if (!isWholePositive(quantity) || quantity <= order.filled) return refuse(`the quantity must be a whole number above the ${order.filled} already filled`);
    if (!isWholePositive(price)) return refuse('the limit price must be whole paise above zero');
    if (quantity === order.quantity && price === order.price) return refuse('the modification changes nothing');
    const { userId } = order;
    if (price === order.price && quantity < order.quantity) {
      order.level!.quantity -= order.quantity - quantity;
      order.quantity = quantity;
      return [{ type: 'MODIFIED', orderId, userId, quantity, price, remaining: quantity - order.filled, priority: 'KEPT' }];
    }
    this.take(order);
    order.quantity = quantity;
    order.price = price;
    const events: BookEvent[] = [{ type: 'MODIFIED', orderId, userId, quantity, price, remaining: quantity - order.filled, priority: 'LOST' }];
    this.execute(order, events);
    return events;
  }

  /**
   * A new quote from the market: resting orders it crosses execute at the exchange at their
   * own price (MAKER), then stops whose trigger the last price reached wake, oldest first.
   * Throws on a quote that is not one (non-positive, or bid above ask).
   */
  quoteUpdated(quote: BookQuote): BookEvent[] {
    assertQuote(quote);
    this.quote = { last: quote.last, bid: quote.bid, ask: quote.ask };
    const events: BookEvent[] = [];
    this.crossedByQuote(this.bids, (price) => price >= quote.ask, events);
    this.crossedByQuote(this.asks, (price) => price <= quote.bid, events);
    const woken: Order[] = [];
    for (const stops of [this.buyStops, this.sellStops]) {
      while (stops.length > 0 && wakes(stops[stops.length - 1]!, quote.last)) woken.push(stops.pop()!);
    }
    woken.sort((a, b) => a.seq - b.seq);
    for (const stop of woken) {
      this.live.delete(stop.id);
      stop.held = NOWHERE;
      this.trigger(stop, events);
    }
    return events;
  }

  /** The session closed: every DAY order (resting or held) is cancelled as EXPIRED. */
  expireDay(): BookEvent[] {
    const events: BookEvent[] = [];
    for (const order of [...this.live.values()].filter((o) => o.validity === 'DAY').sort((a, b) => a.seq - b.seq)) {
      this.take(order);
      events.push(cancelled(order, 'EXPIRED'));
    }
    return events;
  }

  /** Up to `levels` price levels a side, best first. */
  depth(levels = 5): Depth {
    const of = (side: BookSide): DepthLevel[] =>
      (levels > 0 ? side.levels.slice(-levels) : []).reverse().map((l) => ({ price: l.price, quantity: l.quantity, orders: l.orders }));
    return { bids: of(this.bids), asks: of(this.asks) };
  }

  bestBid(): number | undefined {
    return this.bids.best()?.price;
  }

  bestAsk(): number | undefined {
    return this.asks.best()?.price;
  }

  lastQuote(): BookQuote | null {
    return this.quote;
  }

  /** A live order (resting or held stop), or undefined when the book does not hold it. */
  order(orderId: string): LiveOrder | undefined {
    const order = this.live.get(orderId);
    return order && liveOrder(order);
  }

  /** Every live order, in priority sequence: what `restore` takes. */
  snapshot(): LiveOrder[] {
    return [...this.live.values()].sort((a, b) => a.seq - b.seq).map(liveOrder);
  }

  /** How many orders the book holds (resting and stops). */
  get size(): number {
    return this.live.size;
  }

  private trigger(order: Order, events: BookEvent[]): void {
    events.push({ type: 'TRIGGERED', orderId: order.id, userId: order.userId, last: this.quote!.last, becomes: order.market ? 'MARKET' : 'LIMIT' });
    this.execute(order, events);
  }

  /** An order entering the book: match, then the exchange, then rest or cancel what is left. */
  private execute(order: Order, events: BookEvent[]): void {
    if (this.matchBook(order, events)) {
      events.push(cancelled(order, 'SELF_TRADE'));
      return;
    }
    if (order.filled < order.quantity) this.matchExchange(order, events);
    if (order.filled === order.quantity) return;
    if (order.market) events.push(cancelled(order, this.stoppedByProtection(order) ? 'PRICE_PROTECTION' : 'NO_LIQUIDITY'));
    else if (order.validity === 'IOC') events.push(cancelled(order, 'IOC_REMAINDER'));
    else {
      order.seq = ++this.seq;
      this.putInBook(order);
      events.push({ type: 'RESTED', orderId: order.id, userId: order.userId, side: order.side, price: order.price, remaining: order.quantity - order.filled, seq: order.seq });
    }
  }

  /** Takes resting orders of the other side, best price first, oldest first; true when the next one is the user's own. */
  private matchBook(taker: Order, events: BookEvent[]): boolean {
    const other = taker.buy ? this.asks : this.bids;
    for (let level = other.best(); level !== undefined; level = other.best()) {
      if (beyondReach(taker, level.price)) return false;
      for (let maker = level.head; maker !== null; maker = level.head) {
        if (maker.userId === taker.userId) return true;
        const quantity = Math.min(taker.quantity - taker.filled, maker.quantity - maker.filled);
        taker.filled += quantity;
        maker.filled += quantity;
        level.quantity -= quantity;
        if (maker.filled === maker.quantity) {
          level.unlink(maker);
          this.live.delete(maker.id);
          maker.held = NOWHERE;
        }
        const takerSide = execution(taker, 'TAKER');
        events.push({ type: 'FILL', fillId: takerSide.executionId, venue: 'BOOK', price: level.price, quantity, taker: takerSide, maker: execution(maker, 'MAKER') });
        if (taker.filled === taker.quantity) {
          if (level.head === null) other.removeBest();
          return false;
        }
      }
      other.removeBest();
    }
    return false;
  }

  /** What the book could not fill trades with the simulated exchange at its quote, if the quote is within the limit. */
  private matchExchange(taker: Order, events: BookEvent[]): void {
    if (this.quote === null) return;
    const price = taker.buy ? this.quote.ask : this.quote.bid;
    if (beyondReach(taker, price)) return;
    const quantity = taker.quantity - taker.filled;
    taker.filled = taker.quantity;
    const takerSide = execution(taker, 'TAKER');
    events.push({ type: 'FILL', fillId: takerSide.executionId, venue: 'EXCHANGE', price, quantity, taker: takerSide, maker: null });
  }

  /** Resting orders of `side` that the new quote reaches fill in full at their own price, best first. */
  private crossedByQuote(side: BookSide, crossed: (price: number) => boolean, events: BookEvent[]): void {
    for (let level = side.best(); level !== undefined && crossed(level.price); level = side.best()) {
      for (let maker = level.head; maker !== null; maker = level.head) {
        const quantity = maker.quantity - maker.filled;
        level.unlink(maker);
        maker.filled = maker.quantity;
        this.live.delete(maker.id);
        maker.held = NOWHERE;
        const makerSide = execution(maker, 'MAKER');
        events.push({ type: 'FILL', fillId: makerSide.executionId, venue: 'EXCHANGE', price: level.price, quantity, taker: null, maker: makerSide });
      }
      side.removeBest();
    }
  }

  /** A MARKET order's rest was within reach of something (the book's other side, or the quote) but for its protection. */
  private stoppedByProtection(order: Order): boolean {
    return order.protection > 0 && (this.quote !== null || (order.buy ? this.asks : this.bids).best() !== undefined);
  }

  private putInBook(order: Order): void {
    (order.buy ? this.bids : this.asks).add(order);
    order.held = IN_BOOK;
    this.live.set(order.id, order);
  }

  private putInStops(order: Order): void {
    const stops = order.buy ? this.buyStops : this.sellStops;
    // Sorted so that the next to wake is last; among equal triggers the older nearer the end.
    const after = (o: Order) => (order.buy ? o.trigger > order.trigger : o.trigger < order.trigger) || (o.trigger === order.trigger && o.seq > order.seq);
    let at = stops.length;
    while (at > 0 && !after(stops[at - 1]!)) at -= 1;
    stops.splice(at, 0, order);
    order.held = IN_STOPS;
    this.live.set(order.id, order);
  }

  /** Removes a live order from wherever it is held. */
  private take(order: Order): void {
    if (order.held === IN_BOOK) (order.buy ? this.bids : this.asks).remove(order);
    else {
      const stops = order.buy ? this.buyStops : this.sellStops;
      stops.splice(stops.indexOf(order), 1);
    }
    order.held = NOWHERE;
    this.live.delete(order.id);
  }
}

/**
 * Whether `taker` may not trade at `price`: beyond its limit, or a MARKET order's beyond its
 * protection price (none: any price).
 */
function beyondReach(taker: Order, price: number): boolean {
  const worst = taker.market ? taker.protection : taker.price;
  if (worst === 0) return false;
  return taker.buy ? price > worst : price < worst;
}

function execution(order: Order, liquidity: Liquidity): Execution {
  order.executions += 1;
  return {
    executionId: derivedId((order.ids ??= idBase(order.id)), order.executions), orderId: order.id, userId: order.userId, side: order.side, liquidity,
    ordinal: order.executions, filled: order.filled, remaining: order.quantity - order.filled,
  };
}

function cancelled(order: Order, reason: CancelReason): Cancelled {
  return { type: 'CANCELLED', orderId: order.id, userId: order.userId, cancelled: order.quantity - order.filled, filled: order.filled, reason };
}

function liveOrder(o: Order): LiveOrder {
  return {
    orderId: o.id, userId: o.userId, side: o.side, type: o.type, validity: o.validity, quantity: o.quantity, filled: o.filled,
    ...(o.type === 'LIMIT' || o.type === 'STOP_LIMIT' ? { limitPrice: o.price } : {}),
    ...(o.type === 'STOP_LOSS' || o.type === 'STOP_LIMIT' ? { triggerPrice: o.trigger } : {}),
    ...(o.protection > 0 ? { protectionPrice: o.protection } : {}),
    seq: o.seq, executions: o.executions, held: o.held === IN_STOPS ? 'STOP' : 'BOOK',
  };
}

function assertQuote(q: BookQuote): void {
  if (!isWholePositive(q.last) || !isWholePositive(q.bid) || !isWholePositive(q.ask)) throw new RangeError('a quote has positive whole paise for last, bid and ask');
  if (q.bid > q.ask) throw new RangeError(`a quote's bid ${q.bid} cannot be above its ask ${q.ask}`);
}

/** The executions of a fill (one or two), for storing and publishing each. */
export function executionsOf(fill: Fill): Execution[] {
  return fill.taker && fill.maker ? [fill.taker, fill.maker] : [(fill.taker ?? fill.maker)!];
}
