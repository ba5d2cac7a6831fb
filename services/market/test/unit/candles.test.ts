import { expect } from 'chai';
import fc from 'fast-check';
import { money } from '@winvestco/common';
import { bucketStart, candleRange, CANDLE_INTERVALS, INTERVAL_MS, tradeInto, type Candle, type CandleInterval } from '../../src/domain/candles.ts';

const INFY = { symbol: 'INFY', currency: 'INR' };
const utc = (text: string) => new Date(text);
const ohlcv = (c: Candle) => [c.open.toFixed(), c.high.toFixed(), c.low.toFixed(), c.close.toFixed(), c.volume];

describe('candles: buckets on the exchange clock, OHLCV built from trades', () => {
  it('1m, 5m and 15m candles start on whole minutes, and 1h candles on whole hours of Asia/Kolkata', () => {
    const at = utc('2026-01-05T04:48:31.250Z'); // 10:18:31 IST
    expect(bucketStart(at, '1m')).to.deep.equal(utc('2026-01-05T04:48:00Z'));
    expect(bucketStart(at, '5m')).to.deep.equal(utc('2026-01-05T04:45:00Z'));
    expect(bucketStart(at, '15m')).to.deep.equal(utc('2026-01-05T04:45:00Z'));
    expect(bucketStart(at, '1h')).to.deep.equal(utc('2026-01-05T04:30:00Z')); // 10:00 IST
    expect(bucketStart(at, '1d')).to.deep.equal(utc('2026-01-04T18:30:00Z')); // midnight IST
  });

  it('when trades fall in one minute, then its candle has the first, highest, lowest and last price and the summed volume', () => {
    let candle: Candle | undefined;
    for (const [second, price, volume] of [[0, '100.00', 5], [10, '101.50', 3], [20, '99.25', 7], [59, '100.75', 1]] as const) {
      const result = tradeInto(candle, INFY, '1m', utc(`2026-01-05T04:00:${String(second).padStart(2, '0')}Z`), money(price), volume);
      expect(result.closed).to.equal(undefined);
      candle = result.candle;
    }
    expect(ohlcv(candle!)).to.deep.equal(['100', '101.5', '99.25', '100.75', 16]);
    expect(candle!.closed).to.equal(false);
  });

  it('when a trade crosses into the next minute, then the previous candle closes as it was and a new one opens at that trade', () => {
    const first = tradeInto(undefined, INFY, '1m', utc('2026-01-05T04:00:30Z'), money('100'), 2).candle;
    const second = tradeInto(first, INFY, '1m', utc('2026-01-05T04:00:59.999Z'), money('102'), 3).candle;
    const crossed = tradeInto(second, INFY, '1m', utc('2026-01-05T04:01:00Z'), money('98'), 4);
    expect(crossed.closed && ohlcv(crossed.closed)).to.deep.equal(['100', '102', '100', '102', 5]);
    expect(crossed.closed!.closed).to.equal(true);
    expect(crossed.candle.start).to.deep.equal(utc('2026-01-05T04:01:00Z'));
    expect(ohlcv(crossed.candle)).to.deep.equal(['98', '98', '98', '98', 4]);
  });

  it('property: for any trades, each candle of each interval holds exactly its own bucket\'s open, high, low, close and volume', () => {
    const trades = fc.array(fc.tuple(fc.integer({ min: 1, max: 20 * 60_000 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 1000 })), { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(trades, fc.constantFrom<CandleInterval>(...CANDLE_INTERVALS), (raw, interval) => {
        const base = utc('2026-01-05T03:45:00Z').getTime();
        const sorted = raw.map(([offset, cents, volume]) => ({ at: new Date(base + offset), price: money(cents).div(100), volume })).sort((a, b) => a.at.getTime() - b.at.getTime());
        const built: Candle[] = [];
        let open: Candle | undefined;
        for (const trade of sorted) {
          const result = tradeInto(open, INFY, interval, trade.at, trade.price, trade.volume);
          if (result.closed) built.push(result.closed);
          open = result.candle;
        }
        built.push(open!);
        const byBucket = new Map<number, typeof sorted>();
        for (const trade of sorted) {
          const start = bucketStart(trade.at, interval).getTime();
          byBucket.set(start, [...(byBucket.get(start) ?? []), trade]);
        }
        expect(built.map((c) => c.start.getTime())).to.deep.equal([...byBucket.keys()]);
        for (const candle of built) {
          const mine = byBucket.get(candle.start.getTime())!;
          const prices = mine.map((t) => t.price.toNumber());
          expect(ohlcv(candle)).to.deep.equal([
            mine[0]!.price.toFixed(), String(Math.max(...prices)), String(Math.min(...prices)), mine[mine.length - 1]!.price.toFixed(), mine.reduce((s, t) => s + t.volume, 0),
          ]);
          expect(candle.start.getTime() % 60_000).to.equal(0);
          expect(INTERVAL_MS[interval]).to.be.greaterThan(0);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('candle ranges asked for', () => {
  const now = utc('2026-01-05T06:00:00Z');

  it('when nothing is given, then the last 100 candles up to now', () => {
    expect(candleRange('1m', now)).to.deep.equal({ from: utc('2026-01-05T04:20:00Z'), to: now });
  });

  it('when to is not after from, then the refusal names to', () => {
    expect(candleRange('1m', now, utc('2026-01-05T05:00:00Z'), utc('2026-01-05T05:00:00Z'))).to.have.property('field', 'to');
  });

  it('when from is in the future and to is not given, then the refusal names from', () => {
    expect(candleRange('1m', now, utc('2026-01-05T07:00:00Z'))).to.have.property('field', 'from');
  });

  it('when the range spans more than 1000 candles, then the refusal names from', () => {
    expect(candleRange('1m', now, utc('2026-01-04T06:00:00Z'), now)).to.have.property('field', 'from');
    expect(candleRange('1d', now, utc('2024-01-01T00:00:00Z'), now)).to.deep.equal({ from: utc('2024-01-01T00:00:00Z'), to: now });
  });
});
