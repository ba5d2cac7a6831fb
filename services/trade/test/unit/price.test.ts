import { expect } from 'chai';
import { fromPaise, toPaise } from '../../src/domain/price.ts';

describe('prices into and out of the book', () => {
  it('when a price is whole paise, then the book gets it as an integer, and gives it back as money text', () => {
    expect(toPaise('1250.50')).to.equal(125050);
    expect(toPaise('0.05')).to.equal(5);
    expect(fromPaise(125050)).to.equal('1250.5000');
  });

  it('when a price is not whole paise, or not positive, then it does not enter the book', () => {
    expect(() => toPaise('1250.505')).to.throw(/whole number of paise/);
    expect(() => toPaise('0')).to.throw(/positive/);
    expect(() => toPaise('-1')).to.throw(/positive/);
  });
});
