// Properties of the book over random streams of places, cancels, modifies, quotes and session
// closes from three users (so self-trades happen), on a narrow band of prices (so orders
// cross, sweep and trigger often).
import { expect } from 'chai';
import fc from 'fast-check';
import { OrderBook, executionsOf, type BookEvent, type OrderRequest, type OrderType, type Side, type Validity } from '../../src/domain/book.ts';

type Op =
  | { kind: 'place'; userId: string; side: Side; type: OrderType; validity: Validity; quantity: number; price: number; trigger: number; guarded: boolean }
  | { kind: 'cancel'; pick: number }
  | { kind: 'modify'; pick: number; quantity?: number; price?: number }
  | { kind: 'quote'; last: number; below: number; above: number }
  | { kind: 'expire' };

const price = fc.integer({ min: 95, max: 105 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('place' as const), userId: fc.constantFrom('ann', 'bob', 'cat'), side: fc.constantFrom<Side>('BUY', 'SELL'),
      type: fc.constantFrom<OrderType>('LIMIT', 'LIMIT', 'LIMIT', 'MARKET', 'STOP_LOSS', 'STOP_LIMIT'), validity: fc.constantFrom<Validity>('DAY', 'GTC', 'IOC'),
      quantity: fc.integer({ min: 1, max: 50 }), price, trigger: price, guarded: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { kind: fc.constant('modify' as const), pick: fc.nat(), quantity: fc.integer({ min: 1, max: 60 }), price },
      { requiredKeys: ['kind', 'pick'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('quote' as const), last: fc.integer({ min: 93, max: 107 }), below: fc.integer({ min: 0, max: 3 }), above: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
);
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

interface Ledger {
  /** Each order's quantity now (modifications included). */
  quantity: Map<string, number>;
  filled: Map<string, number>;
  cancelled: Map<string, number>;
  ordinal: Map<string, number>;
  user: Map<string, string>;
  /** MARKET and STOP_LOSS orders placed with a protection price: theirs, and their side. */
  protection: Map<string, { price: number; buy: boolean }>;
}

/** Runs the stream, checking after every operation; answers the book and what its events said. */
function run(ops: readonly Op[], withQuote: boolean): { book: OrderBook; ledger: Ledger } {
  const book = new OrderBook('TEST', withQuote ? { last: 100, bid: 99, ask: 101 } : undefined);
  const ledger: Ledger = { quantity: new Map(), filled: new Map(), cancelled: new Map(), ordinal: new Map(), user: new Map(), protection: new Map() };
  const ids: string[] = [];
  const add = (map: Map<string, number>, id: string, n: number) => map.set(id, (map.get(id) ?? 0) + n);
  ops.forEach((o, i) => {
    let events: BookEvent[];
    if (o.kind === 'place') {
      const request: OrderRequest = {
        orderId: uuid(i + 1), userId: o.userId, side: o.side, type: o.type, validity: o.validity, quantity: o.quantity,
        ...(o.type === 'LIMIT' || o.type === 'STOP_LIMIT' ? { limitPrice: o.price } : {}),
        ...(o.type === 'STOP_LOSS' || o.type === 'STOP_LIMIT' ? { triggerPrice: o.trigger } : {}),
        ...((o.type === 'MARKET' || o.type === 'STOP_LOSS') && o.guarded ? { protectionPrice: o.price } : {}),
      };
      if (request.protectionPrice !== undefined) ledger.protection.set(request.orderId, { price: request.protectionPrice, buy: o.side === 'BUY' });
      ids.push(request.orderId);
      events = book.place(request);
    } else if (o.kind === 'cancel') events = ids.length ? book.cancel(ids[o.pick % ids.length]!) : [];
    else if (o.kind === 'modify') events = ids.length ? book.modify(ids[o.pick % ids.length]!, { quantity: o.quantity, limitPrice: o.price }) : [];
    else if (o.kind === 'quote') events = book.quoteUpdated({ last: o.last, bid: o.last - o.below, ask: o.last + o.above });
    else events = book.expireDay();

    for (const e of events) {
      if (e.type === 'ACCEPTED') {
        ledger.quantity.set(e.orderId, e.quantity);
        ledger.user.set(e.orderId, e.userId);
      } else if (e.type === 'MODIFIED') ledger.quantity.set(e.orderId, e.quantity);
      else if (e.type === 'CANCELLED') add(ledger.cancelled, e.orderId, e.cancelled);
      else if (e.type === 'FILL') {
        if (e.taker && e.maker) expect(e.taker.userId, 'a user traded with themself').not.to.equal(e.maker.userId);
        for (const x of executionsOf(e)) {
          add(ledger.filled, x.orderId, e.quantity);
          add(ledger.ordinal, x.orderId, 1);
          expect(x.filled, 'an execution’s running total').to.equal(ledger.filled.get(x.orderId));
          expect(x.ordinal, 'ordinals count the executions').to.equal(ledger.ordinal.get(x.orderId));
          expect(x.remaining).to.equal(ledger.quantity.get(x.orderId)! - x.filled);
          const guard = ledger.protection.get(x.orderId);
          if (guard) expect(guard.buy ? e.price <= guard.price : e.price >= guard.price, `order ${x.orderId} traded at ${e.price}, beyond its protection ${guard.price}`).to.equal(true);
        }
      }
    }
    // The book never crosses, and no resting order is left that the quote would take.
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (bid !== undefined && ask !== undefined) expect(bid, `crossed after operation ${i} (${o.kind})`).to.be.lessThan(ask);
    const quote = book.lastQuote();
    if (quote && bid !== undefined) expect(bid).to.be.lessThan(quote.ask);
    if (quote && ask !== undefined) expect(ask).to.be.greaterThan(quote.bid);
  });
  return { book, ledger };
}

describe('order book properties (fast-check)', () => {
  const streams = fc.tuple(fc.array(op, { minLength: 1, maxLength: 200 }), fc.boolean());

  it('whatever the stream, the book never crosses, nobody trades with themself, and no order trades beyond its protection price', () => {
    fc.assert(fc.property(streams, ([ops, withQuote]) => {
      run(ops, withQuote);
    }), { numRuns: 200 });
  });

  it('whatever the stream, quantity is conserved: every order’s quantity = filled + resting + cancelled', () => {
    fc.assert(fc.property(streams, ([ops, withQuote]) => {
      const { book, ledger } = run(ops, withQuote);
      const open = new Map(book.snapshot().map((o) => [o.orderId, o.quantity - o.filled]));
      let placed = 0;
      let accounted = 0;
      for (const [id, quantity] of ledger.quantity) {
        const parts = (ledger.filled.get(id) ?? 0) + (open.get(id) ?? 0) + (ledger.cancelled.get(id) ?? 0);
        expect(parts, `order ${id}`).to.equal(quantity);
        placed += quantity;
        accounted += parts;
      }
      expect(accounted).to.equal(placed);
      for (const o of book.snapshot()) expect(o.filled).to.equal(ledger.filled.get(o.orderId) ?? 0);
    }), { numRuns: 200 });
  });

  it('whatever the stream, the depth adds up the resting orders, and a book restored from its snapshot is the same book', () => {
    fc.assert(fc.property(streams, ([ops, withQuote]) => {
      const { book } = run(ops, withQuote);
      const snapshot = book.snapshot();
      const depth = book.depth(Number.MAX_SAFE_INTEGER);
      const resting = (side: Side) => snapshot.filter((o) => o.held === 'BOOK' && o.side === side).reduce((sum, o) => sum + o.quantity - o.filled, 0);
      expect(depth.bids.reduce((sum, l) => sum + l.quantity, 0)).to.equal(resting('BUY'));
      expect(depth.asks.reduce((sum, l) => sum + l.quantity, 0)).to.equal(resting('SELL'));
      const restored = OrderBook.restore('TEST', snapshot, book.lastQuote() ?? undefined);
      expect(restored.snapshot()).to.deep.equal(snapshot);
      expect(restored.depth(Number.MAX_SAFE_INTEGER)).to.deep.equal(depth);
    }), { numRuns: 100 });
  });
});
