import { expect } from 'chai';
import { formatInr, groupIndian } from '../../src/inr.ts';

describe('amounts as Indians write them', () => {
  it('when an amount has lakhs, then the digits are grouped three, then two: ₹1,23,456.78', () => {
    expect(formatInr('123456.78')).to.equal('₹1,23,456.78');
  });

  it('when an amount has crores, then every group past the first three digits has two', () => {
    expect(formatInr('12345678901.5')).to.equal('₹12,34,56,78,901.50');
    expect(groupIndian('1234567')).to.equal('12,34,567');
  });

  it('when an amount is below a thousand, then it has no separator', () => {
    expect(formatInr('0')).to.equal('₹0.00');
    expect(formatInr('999.999')).to.equal('₹1,000.00');
    expect(formatInr('5')).to.equal('₹5.00');
  });

  it('when an amount has more decimals than shown, then it rounds half to even, as money does', () => {
    expect(formatInr('1.005')).to.equal('₹1.00');
    expect(formatInr('1.015')).to.equal('₹1.02');
    expect(formatInr('1500.1000', { decimals: 4 })).to.equal('₹1,500.1000');
  });

  it('when an amount is negative, then the sign comes before the rupee', () => {
    expect(formatInr('-1234')).to.equal('-₹1,234.00');
    expect(formatInr('-0.001')).to.equal('₹0.00');
  });

  it('when asked without the symbol, then only the grouped number is written', () => {
    expect(formatInr('100000', { symbol: false })).to.equal('1,00,000.00');
    expect(formatInr('100000', { decimals: 0 })).to.equal('₹1,00,000');
  });

  it('when given a float, then the text of the number is what is formatted (no binary surprise)', () => {
    expect(formatInr(0.1 + 0.2)).to.equal('₹0.30');
  });
});
