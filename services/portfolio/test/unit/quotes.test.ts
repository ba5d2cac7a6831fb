import { expect } from 'chai';
import { quotesFrom } from '../../src/quotes.ts';

describe('reading the market service\'s quotes', () => {
  const good = { symbol: 'INFY', last: '1600.5000', bid: '1600.0000', ask: '1601.0000', previousClose: '1580.0000', updatedAt: '2026-01-05T10:00:00.000Z' };

  it('reads last, previous close and the quote time of each symbol asked for', () => {
    const [quote] = quotesFrom({ quotes: [good], unknown: ['NOPE'] }, ['INFY', 'NOPE']);
    expect(quote!.symbol).to.equal('INFY');
    expect(quote!.last.toFixed(4)).to.equal('1600.5000');
    expect(quote!.previousClose!.toFixed(4)).to.equal('1580.0000');
    expect(quote!.at.toISOString()).to.equal('2026-01-05T10:00:00.000Z');
  });

  it('leaves out quotes that are malformed (a float, no price) or of symbols not asked for', () => {
    const quotes = quotesFrom({ quotes: [{ ...good, last: 1600.5 }, { symbol: 'TCS' }, { ...good, symbol: 'WIPRO' }, null] }, ['INFY', 'TCS']);
    expect(quotes).to.deep.equal([]);
  });

  it('a quote without a previous close still prices the holding', () => {
    const [quote] = quotesFrom({ quotes: [{ ...good, previousClose: undefined }] }, ['INFY']);
    expect(quote!.previousClose).to.equal(null);
  });

  it('when the answer has no quotes list, then it is no answer', () => {
    expect(() => quotesFrom({ type: 'https://winvestco.example/problems/not-found' }, ['INFY'])).to.throw(/no quotes list/);
    expect(() => quotesFrom('Not Found', ['INFY'])).to.throw(/no quotes list/);
  });
});
