import { expect } from 'chai';
import {
  OrderBook, executionsOf, type BookEvent, type BookQuote, type Cancelled, type Fill, type OrderRequest, type Rested,
} from '../../src/domain/book.ts';
import { executionId } from '../../src/domain/ids.ts';

// Prices in paise: 10000 is ₹100.00.
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
let counter = 0;
const nextId = () => uuid(++counter);
type Extra = Partial<OrderRequest>;
const limit = (side: 'BUY' | 'SELL', userId: string, quantity: number, limitPrice: number, extra: Extra = {}): OrderRequest => ({
  orderId: nextId(), userId, side, type: 'LIMIT', validity: 'DAY', quantity, limitPrice, ...extra,
});
const market = (side: 'BUY' | 'SELL', userId: string, quantity: number, extra: Extra = {}): OrderRequest => ({
  orderId: nextId(), userId, side, type: 'MARKET', validity: 'DAY', quantity, ...extra,
});
const stop = (side: 'BUY' | 'SELL', userId: string, quantity: number, triggerPrice: number, limitPrice?: number, extra: Extra = {}): OrderRequest => ({
  orderId: nextId(), userId, side, type: limitPrice === undefined ? 'STOP_LOSS' : 'STOP_LIMIT', validity: 'DAY', quantity, triggerPrice,
  ...(limitPrice === undefined ? {} : { limitPrice }), ...extra,
});
const fillsOf = (events: BookEvent[]) => events.filter((e): e is Fill => e.type === 'FILL');
const cancelOf = (events: BookEvent[]) => events.find((e): e is Cancelled => e.type === 'CANCELLED');
const restedOf = (events: BookEvent[]) => events.find((e): e is Rested => e.type === 'RESTED');
/** Fills as [taker order, maker order | 'X' for the exchange, price, quantity]. */
const trades = (events: BookEvent[]) => fillsOf(events).map((f) => [f.taker?.orderId ?? 'X', f.maker?.orderId ?? 'X', f.price, f.quantity]);
const QUOTE: BookQuote = { last: 10000, bid: 9950, ask: 10050 };

/** A book with the given orders placed in turn (and the quote set first, if given). */
function bookWith(orders: OrderRequest[], quote?: BookQuote): OrderBook {
  const book = new OrderBook('INFY', quote);
  for (const o of orders) book.place(o);
  return book;
}

describe('order book: price-time priority', () => {
  it('when two sells rest at one price, then a buy takes the older first, at the resting price, as taker', () => {
    const older = limit('SELL', 'ann', 10, 10000);
    const newer = limit('SELL', 'bob', 10, 10000);
    const book = bookWith([older, newer]);
    const incoming = limit('BUY', 'cat', 10, 10100);
    const events = book.place(incoming);
    expect(trades(events)).to.deep.equal([[incoming.orderId, older.orderId, 10000, 10]]);
    const [fill] = fillsOf(events);
    expect(fill!.taker).to.include({ userId: 'cat', side: 'BUY', liquidity: 'TAKER', ordinal: 1, filled: 10, remaining: 0 });
    expect(fill!.maker).to.include({ userId: 'ann', side: 'SELL', liquidity: 'MAKER', ordinal: 1, filled: 10, remaining: 0 });
    expect(fill!.venue).to.equal('BOOK');
    expect(book.order(newer.orderId)).to.include({ filled: 0, held: 'BOOK' });
  });

  it('when sells rest at several prices, then a buy takes the best price first and stops at its limit, resting the rest', () => {
    const s101 = limit('SELL', 'ann', 5, 10100);
    const s100 = limit('SELL', 'bob', 5, 10000);
    const s102 = limit('SELL', 'ann', 5, 10200);
    const book = bookWith([s101, s100, s102]);
    const incoming = limit('BUY', 'cat', 12, 10100);
    const events = book.place(incoming);
    expect(trades(events)).to.deep.equal([[incoming.orderId, s100.orderId, 10000, 5], [incoming.orderId, s101.orderId, 10100, 5]]);
    expect(restedOf(events)).to.include({ orderId: incoming.orderId, price: 10100, remaining: 2 });
    expect(book.depth()).to.deep.equal({ bids: [{ price: 10100, quantity: 2, orders: 1 }], asks: [{ price: 10200, quantity: 5, orders: 1 }] });
  });

  it('when a resting order is partly filled, then it keeps its place at the head of its level with what is left', () => {
    const first = limit('SELL', 'ann', 10, 10000);
    const second = limit('SELL', 'bob', 10, 10000);
    const book = bookWith([first, second]);
    const partial = book.place(limit('BUY', 'cat', 4, 10000));
    expect(fillsOf(partial)[0]!.maker).to.include({ orderId: first.orderId, filled: 4, remaining: 6 });
    const next = book.place(limit('BUY', 'dan', 8, 10000));
    expect(trades(next).map((t) => [t[1], t[3]])).to.deep.equal([[first.orderId, 6], [second.orderId, 2]]);
    expect(fillsOf(next)[0]!.maker).to.include({ ordinal: 2, filled: 10, remaining: 0 });
  });

  it('when a MARKET order is larger than the book, then it sweeps every level and the rest executes at the exchange ask', () => {
    const a = limit('SELL', 'ann', 5, 10000);
    const b = limit('SELL', 'bob', 5, 10020);
    const book = bookWith([a, b], QUOTE);
    const incoming = market('BUY', 'cat', 15);
    const events = book.place(incoming);
    expect(trades(events)).to.deep.equal([[incoming.orderId, a.orderId, 10000, 5], [incoming.orderId, b.orderId, 10020, 5], [incoming.orderId, 'X', 10050, 5]]);
    expect(fillsOf(events)[2]).to.include({ venue: 'EXCHANGE', maker: null });
    expect(fillsOf(events)[2]!.taker).to.include({ liquidity: 'TAKER', ordinal: 3, filled: 15, remaining: 0 });
    expect(book.depth().asks).to.deep.equal([]);
  });

  it('when a MARKET order finds neither an order nor a quote, then it is cancelled for lack of liquidity and nothing rests', () => {
    const book = new OrderBook('INFY');
    const incoming = market('SELL', 'ann', 5);
    const events = book.place(incoming);
    expect(events.map((e) => e.type)).to.deep.equal(['ACCEPTED', 'CANCELLED']);
    expect(cancelOf(events)).to.include({ orderId: incoming.orderId, cancelled: 5, filled: 0, reason: 'NO_LIQUIDITY' });
    expect(book.size).to.equal(0);
  });
});

describe('order book: market price protection', () => {
  it('when a MARKET buy meets sells beyond its protection price, then it takes only what is within it and the rest is cancelled PRICE_PROTECTION', () => {
    const near = limit('SELL', 'ann', 5, 10000);
    const far = limit('SELL', 'bob', 5, 17000);
    const book = bookWith([near, far], { last: 10000, bid: 9950, ask: 10050 });
    const incoming = market('BUY', 'cat', 10, { protectionPrice: 10200 });
    const events = book.place(incoming);
    // The book's ₹100 and the exchange's ask ₹100.50 are both within ₹102; ₹170 never trades.
    expect(trades(events)).to.deep.equal([[incoming.orderId, near.orderId, 10000, 5], [incoming.orderId, 'X', 10050, 5]]);
    expect(book.order(far.orderId)).to.include({ filled: 0, held: 'BOOK' });
  });

  it('when only far sells rest and the quote has run beyond the protection price, then nothing trades and the whole order is cancelled PRICE_PROTECTION', () => {
    const far = limit('SELL', 'bob', 5, 17000);
    const book = bookWith([far], { last: 10400, bid: 10350, ask: 10450 });
    const incoming = market('BUY', 'cat', 10, { protectionPrice: 10200 });
    const events = book.place(incoming);
    expect(fillsOf(events)).to.deep.equal([]);
    expect(cancelOf(events)).to.include({ orderId: incoming.orderId, cancelled: 10, filled: 0, reason: 'PRICE_PROTECTION' });
    expect(book.depth().asks).to.deep.equal([{ price: 17000, quantity: 5, orders: 1 }]);
  });

  it('when a MARKET sell has a protection floor, then it sells no lower than it', () => {
    const low = limit('BUY', 'ann', 5, 6000);
    const book = bookWith([limit('BUY', 'bob', 3, 9900), low], { last: 10000, bid: 9500, ask: 10050 });
    const incoming = market('SELL', 'cat', 10, { protectionPrice: 9800 });
    const events = book.place(incoming);
    expect(trades(events).map((t) => t.slice(2))).to.deep.equal([[9900, 3]]);
    expect(cancelOf(events)).to.include({ cancelled: 7, filled: 3, reason: 'PRICE_PROTECTION' });
  });

  it('when a STOP_LOSS buy wakes, then its protection price bounds it as a MARKET order’s does', () => {
    const book = new OrderBook('INFY', { last: 10000, bid: 9950, ask: 10050 });
    const guarded = stop('BUY', 'ann', 4, 10500, undefined, { protectionPrice: 10700 });
    book.place(guarded);
    const woken = book.quoteUpdated({ last: 10500, bid: 10800, ask: 10900 });
    expect(fillsOf(woken)).to.deep.equal([]);
    expect(cancelOf(woken)).to.include({ orderId: guarded.orderId, reason: 'PRICE_PROTECTION' });
  });

  it('when a held stop with a protection price is restored from its snapshot, then it keeps it', () => {
    const book = new OrderBook('INFY', QUOTE);
    const guarded = stop('SELL', 'ann', 4, 9000, undefined, { protectionPrice: 8800 });
    book.place(guarded);
    const again = OrderBook.restore('INFY', book.snapshot(), QUOTE);
    expect(again.order(guarded.orderId)).to.include({ protectionPrice: 8800, held: 'STOP' });
  });

  it('when a LIMIT order comes with a protection price, then it is refused: its limit is its protection', () => {
    const book = new OrderBook('INFY', QUOTE);
    const events = book.place(limit('BUY', 'ann', 1, 10000, { protectionPrice: 10100 }));
    expect(events.map((e) => e.type)).to.deep.equal(['REFUSED']);
  });
});

describe('order book: the simulated exchange at the quote', () => {
  it('when the book is empty, then a MARKET buy fills at the ask and a MARKET sell at the bid, in full', () => {
    const book = new OrderBook('INFY', QUOTE);
    expect(trades(book.place(market('BUY', 'ann', 7))).map((t) => t.slice(1))).to.deep.equal([['X', 10050, 7]]);
    expect(trades(book.place(market('SELL', 'ann', 3))).map((t) => t.slice(1))).to.deep.equal([['X', 9950, 3]]);
  });

  it('when the quote is within a LIMIT order’s price, then it fills at the quote, not at its limit', () => {
    const book = new OrderBook('INFY', QUOTE);
    expect(trades(book.place(limit('BUY', 'ann', 7, 10100))).map((t) => t.slice(2))).to.deep.equal([[10050, 7]]);
    expect(trades(book.place(limit('SELL', 'ann', 7, 9900))).map((t) => t.slice(2))).to.deep.equal([[9950, 7]]);
  });

  it('when the quote is beyond a LIMIT order’s price, then nothing trades and the order rests', () => {
    const book = new OrderBook('INFY', QUOTE);
    const events = book.place(limit('BUY', 'ann', 7, 10000));
    expect(fillsOf(events)).to.deep.equal([]);
    expect(restedOf(events)).to.include({ price: 10000, remaining: 7 });
  });

  it('when the book matches part of a LIMIT order, then the rest trades at the quote if the quote is within the limit', () => {
    const ask = limit('SELL', 'bob', 4, 10040);
    const book = bookWith([ask], QUOTE);
    const incoming = limit('BUY', 'ann', 10, 10050);
    expect(trades(book.place(incoming))).to.deep.equal([[incoming.orderId, ask.orderId, 10040, 4], [incoming.orderId, 'X', 10050, 6]]);
  });

  it('when a new quote reaches a resting order, then the exchange fills it in full at its own price, as maker', () => {
    const sell = limit('SELL', 'ann', 4, 10200);
    const cheaperSell = limit('SELL', 'bob', 2, 10100);
    const book = bookWith([sell, cheaperSell], QUOTE);
    const events = book.quoteUpdated({ last: 10250, bid: 10200, ask: 10300 });
    expect(trades(events)).to.deep.equal([['X', cheaperSell.orderId, 10100, 2], ['X', sell.orderId, 10200, 4]]);
    expect(fillsOf(events)[0]!.maker).to.include({ liquidity: 'MAKER', remaining: 0 });
    expect(book.size).to.equal(0);
  });

  it('when a quote is not a quote (bid above ask, or not whole paise), then it is refused by a throw and the book keeps the old one', () => {
    const book = new OrderBook('INFY', QUOTE);
    expect(() => book.quoteUpdated({ last: 10000, bid: 10100, ask: 10000 })).to.throw(/bid/);
    expect(() => book.quoteUpdated({ last: 100.5, bid: 100, ask: 101 })).to.throw(/whole paise/);
    expect(book.lastQuote()).to.deep.equal(QUOTE);
  });
});

describe('order book: IOC, self-trade prevention, refusals', () => {
  it('when an IOC order fills in part, then the rest is cancelled and nothing of it rests', () => {
    const ask = limit('SELL', 'bob', 3, 10000);
    const book = bookWith([ask], QUOTE);
    const ioc = limit('BUY', 'ann', 10, 10000, { validity: 'IOC' });
    const events = book.place(ioc);
    expect(trades(events)).to.deep.equal([[ioc.orderId, ask.orderId, 10000, 3]]);
    expect(cancelOf(events)).to.include({ orderId: ioc.orderId, cancelled: 7, filled: 3, reason: 'IOC_REMAINDER' });
    expect(book.order(ioc.orderId)).to.equal(undefined);
    expect(book.depth()).to.deep.equal({ bids: [], asks: [] });
  });

  it('when an order would next match its own user’s resting order, then it trades with the others first and its rest is cancelled; the resting one is untouched', () => {
    const other = limit('SELL', 'bob', 2, 10000);
    const own = limit('SELL', 'ann', 5, 10000);
    const behind = limit('SELL', 'cat', 5, 10000);
    const book = bookWith([other, own, behind], QUOTE);
    const incoming = market('BUY', 'ann', 10);
    const events = book.place(incoming);
    expect(trades(events)).to.deep.equal([[incoming.orderId, other.orderId, 10000, 2]]);
    expect(cancelOf(events)).to.include({ orderId: incoming.orderId, cancelled: 8, filled: 2, reason: 'SELF_TRADE' });
    expect(book.order(own.orderId)).to.include({ filled: 0, quantity: 5 });
    expect(book.order(behind.orderId)).to.include({ filled: 0 });
  });

  it('when a request is not an order (no price, a bad id, a duplicate), then it is refused and the book is unchanged', () => {
    const resting = limit('SELL', 'bob', 2, 10000);
    const book = bookWith([resting], QUOTE);
    const before = book.snapshot();
    const refusals = [
      book.place({ ...limit('BUY', 'ann', 1, 10000), limitPrice: undefined }),
      book.place({ ...limit('BUY', 'ann', 1, 10000), limitPrice: 100.5 }),
      book.place({ ...limit('BUY', 'ann', 0, 10000) }),
      book.place({ ...limit('BUY', 'ann', 1, 10000), orderId: 'not-a-uuid' }),
      book.place({ ...limit('BUY', 'ann', 1, 10000), orderId: 'F47AC10B-58CC-4372-A567-0E02B2C3D479' }),
      book.place({ ...market('BUY', 'ann', 1), triggerPrice: 10000 }),
      book.place({ ...stop('SELL', 'ann', 1, 9000), triggerPrice: undefined }),
      book.place({ ...limit('BUY', 'ann', 1, 10000), orderId: resting.orderId }),
    ];
    for (const events of refusals) expect(events.map((e) => e.type)).to.deep.equal(['REFUSED']);
    expect(refusals.map((e) => (e[0] as { reason: string }).reason)).to.include('the order is already in the book');
    expect(book.snapshot()).to.deep.equal(before);
  });
});

describe('order book: cancel and modify', () => {
  it('when a resting order is cancelled, then it leaves its level, says what was cancelled, and a second cancel is refused', () => {
    const a = limit('BUY', 'ann', 5, 9900);
    const b = limit('BUY', 'bob', 3, 9900);
    const book = bookWith([a, b]);
    expect(book.cancel(a.orderId)).to.deep.equal([{ type: 'CANCELLED', orderId: a.orderId, userId: 'ann', cancelled: 5, filled: 0, reason: 'REQUESTED' }]);
    expect(book.depth().bids).to.deep.equal([{ price: 9900, quantity: 3, orders: 1 }]);
    const before = book.snapshot();
    expect(book.cancel(a.orderId)[0]).to.include({ type: 'REFUSED' });
    expect(book.snapshot()).to.deep.equal(before);
  });

  it('when a resting order’s quantity goes down, then it keeps its priority', () => {
    const first = limit('SELL', 'ann', 10, 10000);
    const second = limit('SELL', 'bob', 10, 10000);
    const book = bookWith([first, second]);
    expect(book.modify(first.orderId, { quantity: 4 })).to.deep.equal([
      { type: 'MODIFIED', orderId: first.orderId, userId: 'ann', quantity: 4, price: 10000, remaining: 4, priority: 'KEPT' },
    ]);
    expect(trades(book.place(limit('BUY', 'cat', 6, 10000))).map((t) => [t[1], t[3]])).to.deep.equal([[first.orderId, 4], [second.orderId, 2]]);
  });

  it('when a resting order’s quantity goes up, then it loses its priority and queues behind its level', () => {
    const first = limit('SELL', 'ann', 10, 10000);
    const second = limit('SELL', 'bob', 10, 10000);
    const book = bookWith([first, second]);
    const events = book.modify(first.orderId, { quantity: 12 });
    expect(events[0]).to.include({ type: 'MODIFIED', priority: 'LOST', quantity: 12 });
    expect(restedOf(events)!.seq).to.be.greaterThan(book.order(second.orderId)!.seq);
    expect(trades(book.place(limit('BUY', 'cat', 11, 10000))).map((t) => [t[1], t[3]])).to.deep.equal([[second.orderId, 10], [first.orderId, 1]]);
  });

  it('when a resting order’s price changes to cross the book, then it loses its priority and trades at once', () => {
    const bid = limit('BUY', 'ann', 10, 9900);
    const ask = limit('SELL', 'bob', 4, 10000);
    const book = bookWith([bid, ask]);
    const events = book.modify(bid.orderId, { limitPrice: 10000 });
    expect(events.map((e) => e.type)).to.deep.equal(['MODIFIED', 'FILL', 'RESTED']);
    expect(trades(events)).to.deep.equal([[bid.orderId, ask.orderId, 10000, 4]]);
    expect(restedOf(events)).to.include({ price: 10000, remaining: 6 });
  });

  it('when a modification is impossible (not above what filled, changes nothing, a stop, unknown), then it is refused and nothing changes', () => {
    const sell = limit('SELL', 'ann', 10, 10000);
    const held = stop('SELL', 'ann', 5, 9000);
    const book = bookWith([sell, held], QUOTE);
    book.place(limit('BUY', 'bob', 4, 10000));
    const before = book.snapshot();
    for (const [orderId, change] of [
      [sell.orderId, { quantity: 4 }], [sell.orderId, { quantity: 10 }], [sell.orderId, { limitPrice: 0 }],
      [held.orderId, { quantity: 2 }], [uuid(999_999), { quantity: 2 }],
    ] as const) {
      expect(book.modify(orderId, change).map((e) => e.type)).to.deep.equal(['REFUSED']);
    }
    expect(book.snapshot()).to.deep.equal(before);
  });
});

describe('order book: stop orders', () => {
  it('when a STOP_LOSS sell is placed above its trigger, then it is held aside, invisible in the depth', () => {
    const book = new OrderBook('INFY', QUOTE);
    const events = book.place(stop('SELL', 'ann', 5, 9500));
    expect(events.map((e) => e.type)).to.deep.equal(['ACCEPTED', 'STOP_HELD']);
    expect(book.depth()).to.deep.equal({ bids: [], asks: [] });
    expect(book.quoteUpdated({ last: 9600, bid: 9550, ask: 9650 })).to.deep.equal([]);
  });

  it('when the last price falls to a STOP_LOSS sell’s trigger, then it wakes as a MARKET order and sells at the bid', () => {
    const book = new OrderBook('INFY', QUOTE);
    const order = stop('SELL', 'ann', 5, 9500);
    book.place(order);
    const events = book.quoteUpdated({ last: 9500, bid: 9480, ask: 9520 });
    expect(events[0]).to.deep.equal({ type: 'TRIGGERED', orderId: order.orderId, userId: 'ann', last: 9500, becomes: 'MARKET' });
    expect(trades(events)).to.deep.equal([[order.orderId, 'X', 9480, 5]]);
    expect(book.size).to.equal(0);
  });

  it('when the last price rises to a STOP_LIMIT buy’s trigger, then it wakes as a LIMIT order: it trades within its limit, or rests', () => {
    const book = new OrderBook('INFY', QUOTE);
    const within = stop('BUY', 'ann', 5, 10500, 10600);
    const below = stop('BUY', 'bob', 5, 10500, 10400);
    book.place(within);
    book.place(below);
    const events = book.quoteUpdated({ last: 10500, bid: 10450, ask: 10550 });
    expect(events.filter((e) => e.type === 'TRIGGERED').map((e) => e.orderId)).to.deep.equal([within.orderId, below.orderId]);
    expect(trades(events)).to.deep.equal([[within.orderId, 'X', 10550, 5]]);
    expect(restedOf(events)).to.include({ orderId: below.orderId, price: 10400, remaining: 5 });
  });

  it('when a stop’s trigger is already reached at placement, then it wakes at once', () => {
    const book = new OrderBook('INFY', QUOTE);
    const events = book.place(stop('BUY', 'ann', 5, 9900));
    expect(events.map((e) => e.type)).to.deep.equal(['ACCEPTED', 'TRIGGERED', 'FILL']);
  });

  it('when a held stop is cancelled, then it never wakes', () => {
    const book = new OrderBook('INFY', QUOTE);
    const order = stop('SELL', 'ann', 5, 9500);
    book.place(order);
    expect(cancelOf(book.cancel(order.orderId))).to.include({ cancelled: 5, reason: 'REQUESTED' });
    expect(book.quoteUpdated({ last: 9000, bid: 8990, ask: 9010 })).to.deep.equal([]);
  });
});

describe('order book: the session, depth, restore, execution ids', () => {
  it('when the session closes, then every DAY order is cancelled as EXPIRED and GTC orders stay', () => {
    const day = limit('BUY', 'ann', 5, 9000);
    const gtc = limit('BUY', 'ann', 5, 9000, { validity: 'GTC' });
    const dayStop = stop('SELL', 'bob', 5, 8000);
    const book = bookWith([day, gtc, dayStop], QUOTE);
    const events = book.expireDay();
    expect(events.map((e) => [(e as Cancelled).orderId, (e as Cancelled).reason])).to.deep.equal([[day.orderId, 'EXPIRED'], [dayStop.orderId, 'EXPIRED']]);
    expect(book.snapshot().map((o) => o.orderId)).to.deep.equal([gtc.orderId]);
  });

  it('when levels are many, then the depth shows the best five a side, aggregated, and names no one', () => {
    const orders = [0, 1, 2, 3, 4, 5, 6].flatMap((i) => [limit('BUY', 'ann', 1, 9900 - i * 10), limit('BUY', 'bob', 2, 9900 - i * 10), limit('SELL', 'cat', 3, 10100 + i * 10)]);
    const depth = bookWith(orders).depth();
    expect(depth.bids.map((l) => l.price)).to.deep.equal([9900, 9890, 9880, 9870, 9860]);
    expect(depth.bids[0]).to.deep.equal({ price: 9900, quantity: 3, orders: 2 });
    expect(depth.asks.map((l) => l.price)).to.deep.equal([10100, 10110, 10120, 10130, 10140]);
    expect(JSON.stringify(depth)).not.to.match(/ann|bob|cat/);
    expect(bookWith(orders).depth(0)).to.deep.equal({ bids: [], asks: [] });
  });

  it('when a book is rebuilt from its snapshot, then it has the same orders and priorities, and the next executions continue their ordinals', () => {
    const a = limit('SELL', 'ann', 10, 10000);
    const b = limit('SELL', 'bob', 10, 10000);
    const held = stop('BUY', 'cat', 3, 10600);
    const book = bookWith([a, b, held], QUOTE);
    const firstFill = fillsOf(book.place(limit('BUY', 'dan', 4, 10000)))[0]!;
    const restored = OrderBook.restore('INFY', JSON.parse(JSON.stringify(book.snapshot())), QUOTE);
    expect(restored.snapshot()).to.deep.equal(book.snapshot());
    expect(restored.depth()).to.deep.equal(book.depth());
    const fill = fillsOf(restored.place(limit('BUY', 'eve', 8, 10000)));
    expect(fill.map((f) => [f.maker!.orderId, f.maker!.ordinal, f.quantity])).to.deep.equal([[a.orderId, 2, 6], [b.orderId, 1, 2]]);
    expect(fill[0]!.maker!.executionId).not.to.equal(firstFill.maker!.executionId);
    // The restored quote is only remembered; a new one acts: it reaches b's rest, and wakes the stop.
    expect(restored.quoteUpdated({ last: 10600, bid: 10550, ask: 10650 }).map((e) => e.type)).to.deep.equal(['FILL', 'TRIGGERED', 'FILL']);
    // A new order rests behind everything restored.
    expect(restedOf(restored.place(limit('SELL', 'ann', 1, 11000)))!.seq).to.be.greaterThan(Math.max(...book.snapshot().map((o) => o.seq)));
  });

  it('when the stored orders cannot be a book (crossed, a duplicate, nothing open), then restore refuses them', () => {
    const base = { userId: 'ann', type: 'LIMIT', validity: 'DAY', filled: 0, executions: 0, held: 'BOOK' } as const;
    const bid = { ...base, orderId: uuid(1), side: 'BUY', quantity: 5, limitPrice: 10000, seq: 1 } as const;
    expect(() => OrderBook.restore('INFY', [bid, { ...bid, orderId: uuid(2), side: 'SELL', limitPrice: 9900, seq: 2 }])).to.throw(/crosses/);
    expect(() => OrderBook.restore('INFY', [bid, { ...bid, seq: 2 }])).to.throw(/twice/);
    expect(() => OrderBook.restore('INFY', [{ ...bid, filled: 5 }])).to.throw(/nothing open/);
  });

  it('when the same orders are replayed on a fresh book, then every execution has the same id; ids are distinct UUIDs of version 8', () => {
    const stream = [limit('SELL', 'ann', 3, 10000), limit('SELL', 'bob', 3, 10010), market('BUY', 'cat', 10)];
    const ids = (book: OrderBook) => stream.flatMap((o) => fillsOf(book.place(o))).flatMap(executionsOf).map((e) => e.executionId);
    const first = ids(new OrderBook('INFY', QUOTE));
    expect(ids(new OrderBook('INFY', QUOTE))).to.deep.equal(first);
    expect(first).to.have.length(5);
    expect(new Set(first).size).to.equal(5);
    for (const id of first) expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first[0]).to.equal(executionId(stream[2]!.orderId, 1));
  });

  it('one order’s execution ids differ for its first 100,000 ordinals, and differ from another order’s', () => {
    const order = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
    const ids = new Set(Array.from({ length: 100_000 }, (_, i) => executionId(order, i + 1)));
    expect(ids.size).to.equal(100_000);
    expect(ids.has(executionId('f47ac10b-58cc-4372-a567-0e02b2c3d47a', 1))).to.equal(false);
    expect(executionId(order, 1).startsWith('f47ac10b-58cc-8372-')).to.equal(true);
  });
});
