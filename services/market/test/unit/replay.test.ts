import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { money } from '@winvestco/common';
import { candleTicks, CandleReplay, parseCandleCsv } from '../../src/domain/replay.ts';

const SAMPLE = new URL('../../data/sample-candles.csv', import.meta.url);
const HEADER = 'time,symbol,open,high,low,close,volume';

describe('the CSV replay source: historical candles played back as ticks', () => {
  it('the shipped sample parses: 60 one-minute candles for each of the ten most used symbols', () => {
    const rows = parseCandleCsv(readFileSync(SAMPLE, 'utf8'));
    expect(rows).to.have.length(600);
    expect(new Set(rows.map((r) => r.symbol))).to.deep.equal(new Set(['INFY', 'TCS', 'RELIANCE', 'HDFCBANK', 'ICICIBANK', 'SBIN', 'ITC', 'LT', 'WIPRO', 'HCLTECH']));
  });

  it('when the header is missing, then the file is refused', () => {
    expect(() => parseCandleCsv('2026-01-05T03:45:00Z,INFY,1,1,1,1,1')).to.throw(/line 1: the header must be/);
  });

  it('when a line is bad, then the error names the line and what is wrong', () => {
    expect(() => parseCandleCsv(`${HEADER}\n2026-01-05T03:45:00Z,INFY,1500,1501,1499,1500,10\n2026-01-05T03:46:00Z,INFY,1500,1499,1498,1500,10`)).to.throw(/line 3: high must be/);
    expect(() => parseCandleCsv(`${HEADER}\n\n# comment\nyesterday,INFY,1,1,1,1,1`)).to.throw(/line 4: time "yesterday"/);
    expect(() => parseCandleCsv(`${HEADER}\n2026-01-05T03:45:00Z,INFY,1500.12345,1501,1499,1500,10`)).to.throw(/line 2: open must be a decimal/);
    expect(() => parseCandleCsv(`${HEADER}\n2026-01-05T03:45:00Z,INFY,1500,1501,1499,1500,-1`)).to.throw(/line 2: volume/);
  });

  it('a rising candle trades open, low, high, close and a falling one open, high, low, close, on the tick, sharing out the volume', () => {
    const [rising, falling] = parseCandleCsv(`${HEADER}\n2026-01-05T03:45:00Z,INFY,100,103,99,102,10\n2026-01-05T03:46:00Z,INFY,102,104,97,98,7`);
    expect(candleTicks(rising!, money('0.5')).map((t) => [t.last.toFixed(), t.volume])).to.deep.equal([['100', 2], ['99', 2], ['103', 2], ['102', 4]]);
    expect(candleTicks(falling!, money('0.5')).map((t) => [t.last.toFixed(), t.volume])).to.deep.equal([['102', 1], ['104', 1], ['97', 1], ['98', 4]]);
  });

  it('each step trades every replayed symbol once, in time order, and starts over at the end; unknown symbols are left out', () => {
    const rows = parseCandleCsv(`${HEADER}\n2026-01-05T03:46:00Z,INFY,2,2,2,2,4\n2026-01-05T03:45:00Z,INFY,1,1,1,1,4\n2026-01-05T03:45:00Z,NOPE,1,1,1,1,4`);
    const replay = new CandleReplay(rows, new Map([['INFY', money('0.01')]]));
    expect(replay.unknownSymbols).to.deep.equal(['NOPE']);
    const played = Array.from({ length: 9 }, () => replay.next().map((t) => `${t.symbol}@${t.last.toFixed()}`).join());
    expect(played).to.deep.equal(['INFY@1', 'INFY@1', 'INFY@1', 'INFY@1', 'INFY@2', 'INFY@2', 'INFY@2', 'INFY@2', 'INFY@1']);
  });
});
