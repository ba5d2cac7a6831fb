import { expect } from 'chai';
import fc from 'fast-check';
import { money, type Money } from '@winvestco/common';
import { MarketBook } from '../../src/domain/book.ts';
import { exchangeDate } from '../../src/domain/calendar.ts';
import type { Instrument } from '../../src/domain/instrument.ts';
import { initialQuote } from '../../src/domain/quote.ts';
import { QuoteThrottle } from '../../src/domain/throttle.ts';
import type { Tick } from '../../src/domain/source.ts';

const T0 = new Date('2026-01-05T04:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const instrument = (symbol: string, price: string): Instrument => ({
  id: '00000000-0000-4000-8000-000000000000', symbol, name: symbol, isin: 'INE000000000', exchange: 'NSE', tickSize: money('0.05'), lotSize: 1,
  status: 'ACTIVE', currency: 'INR', referencePrice: money(price), volatility: 0.2,
});
const tick = (symbol: string, price: string | Money, volume = 10): Tick => {
  const last = money(price);
  return { symbol, last, bid: last.minus('0.05'), ask: last.plus('0.05'), volume };
};

function book(periodMs = 1000, symbols = ['INFY', 'TCS']): MarketBook {
  return new MarketBook(symbols.map((s) => initialQuote(instrument(s, '1000'), T0, exchangeDate(T0))), [], new QuoteThrottle(periodMs), exchangeDate);
}

describe('the live book: quotes and candles from ticks, written in batches, quote events throttled', () => {
  it('a tick moves the quote: last, bid and ask, the day high and low, and the volume', () => {
    const b = book();
    b.apply([tick('INFY', '1010', 5)], at(1));
    b.apply([tick('INFY', '990', 7)], at(2));
    const q = b.quote('INFY')!;
    expect([q.last, q.bid, q.ask, q.open, q.high, q.low, q.previousClose].map((m) => m.toFixed())).to.deep.equal(['990', '989.95', '990.05', '1000', '1010', '990', '1000']);
    expect(q.volume).to.equal(12);
  });

  it("when the first tick of a new exchange day arrives, then the previous session's last price becomes the previous close", () => {
    const b = book();
    b.apply([tick('INFY', '1010', 5)], at(1));
    b.apply([tick('INFY', '1020', 6)], new Date('2026-01-06T03:45:00Z'));
    const q = b.quote('INFY')!;
    expect([q.open, q.high, q.low, q.previousClose].map((m) => m.toFixed())).to.deep.equal(['1020', '1020', '1020', '1010']);
    expect(q.volume).to.equal(6);
    expect(q.sessionDate).to.equal('2026-01-06');
  });

  it('ticks of a symbol the book does not know are ignored', () => {
    const b = book();
    b.apply([tick('NOPE', '10')], at(1));
    expect(b.quote('NOPE')).to.equal(undefined);
    expect(b.drain(at(2)).quotes).to.have.length(0);
  });

  it('a batch holds each changed quote and candle once, as it is now, however many ticks came', () => {
    const b = book();
    for (let i = 0; i < 500; i += 1) b.apply([tick('INFY', money(1000).plus(money('0.05').times(i % 7)))], at(i));
    const changes = b.drain(at(600));
    expect(changes.quotes.map((q) => q.symbol)).to.deep.equal(['INFY']);
    expect(changes.quotes[0]!.version).to.equal(501);
    expect(changes.candles.map((c) => c.interval)).to.deep.equal(['1m', '5m', '15m', '1h', '1d']);
    expect(b.drain(at(700)).candles).to.have.length(0);
  });

  it('when an interval ends without a new tick, then the next batch closes its candle once, and it is served until written', () => {
    const b = book();
    b.apply([tick('INFY', '1001'), tick('INFY', '1003'), tick('INFY', '999')], at(1000));
    b.drain(at(2000));
    const changes = b.drain(at(60_000));
    expect(changes.closed.map((c) => [c.interval, c.open.toFixed(), c.high.toFixed(), c.low.toFixed(), c.close.toFixed(), c.volume])).to.deep.equal([['1m', '1001', '1003', '999', '999', 30]]);
    expect(b.liveCandles('INFY', '1m').map((c) => c.closed)).to.deep.equal([true]);
    b.written(changes);
    expect(b.liveCandles('INFY', '1m')).to.deep.equal([]);
    expect(b.drain(at(120_000)).closed).to.have.length(0);
  });

  it('when two open candles of one symbol and interval were stored (a crash between writers), then the later stays open and the earlier closes', () => {
    const q = initialQuote(instrument('INFY', '1000'), T0, exchangeDate(T0));
    const candle = (start: string) => ({ symbol: 'INFY', currency: 'INR', interval: '1m' as const, start: new Date(start), open: money(1), high: money(1), low: money(1), close: money(1), volume: 0, closed: false, version: 1 });
    const b = new MarketBook([q], [candle('2026-01-05T04:01:00Z'), candle('2026-01-05T04:00:00Z')], new QuoteThrottle(1000), exchangeDate);
    const changes = b.drain(new Date('2026-01-05T04:01:30Z'));
    expect(changes.closed.map((c) => c.start.toISOString())).to.deep.equal(['2026-01-05T04:00:00.000Z']);
    expect(b.openCandles('INFY').map((c) => c.start.toISOString())).to.deep.equal(['2026-01-05T04:01:00.000Z']);
  });

  it('when a batch could not be written, then its quotes, candles and events go with the next one', () => {
    const b = book();
    b.apply([tick('INFY', '1001')], at(0));
    const failed = b.drain(at(60_000));
    b.unwritten(failed);
    const retried = b.drain(at(60_100));
    expect(retried.quotes.map((q) => q.symbol)).to.deep.equal(['INFY']);
    expect(retried.closed.map((c) => c.interval)).to.deep.equal(['1m']);
    expect(b.drain(at(61_100)).quoteEvents.map((q) => q.symbol)).to.deep.equal(['INFY']);
  });

  it('a quote event carries the latest quote, and none goes out for a symbol that did not change', () => {
    const b = book();
    b.apply([tick('INFY', '1001')], at(0));
    b.apply([tick('INFY', '1002')], at(10));
    const events = b.drain(at(20)).quoteEvents;
    expect(events.map((q) => [q.symbol, q.last.toFixed()])).to.deep.equal([['INFY', '1002']]);
    expect(b.drain(at(5000)).quoteEvents).to.deep.equal([]);
  });

  it('when a quote was published another way (the test control), then nothing is pending for it and the period starts again', () => {
    const b = book();
    b.apply([tick('INFY', '1001')], at(0));
    b.published('INFY', at(0));
    expect(b.drain(at(10)).quoteEvents).to.deep.equal([]);
    b.apply([tick('INFY', '1002')], at(20));
    expect(b.drain(at(500)).quoteEvents).to.deep.equal([]);
    expect(b.drain(at(1000)).quoteEvents.map((q) => q.last.toFixed())).to.deep.equal(['1002']);
  });

  it('property: whatever the ticks and batch times, no symbol gets two quote events within the period, and its last change is published once the period allows', () => {
    const steps = fc.array(fc.record({ gap: fc.integer({ min: 1, max: 400 }), symbol: fc.constantFrom('INFY', 'TCS'), drain: fc.boolean() }), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(steps, fc.integer({ min: 1, max: 2000 }), (script, period) => {
        const b = book(period);
        const sent = new Map<string, number[]>();
        let now = 0;
        let n = 0;
        const drain = (time: number) => {
          for (const q of b.drain(at(time)).quoteEvents) sent.set(q.symbol, [...(sent.get(q.symbol) ?? []), time]);
        };
        for (const step of script) {
          now += step.gap;
          n += 1;
          b.apply([tick(step.symbol, money(1000).plus(n))], at(now));
          if (step.drain) drain(now);
        }
        for (const times of sent.values()) {
          for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).to.be.at.least(period);
        }
        drain(now + period);
        for (const symbol of new Set(script.map((s) => s.symbol))) {
          expect(sent.get(symbol), symbol).not.to.equal(undefined);
          expect(b.quote(symbol)!.updatedAt.getTime() - T0.getTime()).to.be.at.most(sent.get(symbol)!.at(-1)!);
        }
      }),
      { numRuns: 200 },
    );
  });
});
