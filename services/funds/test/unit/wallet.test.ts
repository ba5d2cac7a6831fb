import { expect } from 'chai';
import { settlementOf, spendRefusal, totalOf, type FundLock, type Wallet } from '../../src/domain/wallet.ts';

const wallet = (available: string, status: Wallet['status'] = 'ACTIVE'): Wallet => ({
  id: 'w', userId: 'u', currency: 'INR', available, locked: '0.0000', status, createdAt: new Date(), updatedAt: new Date(),
});
const lock = (amount: string, purpose: FundLock['purpose'] = 'ORDER', status: FundLock['status'] = 'LOCKED'): FundLock => ({
  id: 'l', walletId: 'w', currency: 'INR', amount, spent: '0.0000', reference: 'r', purpose, status, reason: null, createdAt: new Date(), updatedAt: new Date(),
});

describe('wallet rules', () => {
  it('money can be locked up to what is available, not a paisa more', () => {
    expect(spendRefusal(wallet('100.0000'), '100.0000')).to.equal(null);
    expect(spendRefusal(wallet('100.0000'), '100.0001')).to.match(/less than 100.0001/);
  });

  it('a wallet that is not ACTIVE moves no money', () => {
    expect(spendRefusal(wallet('100.0000', 'FROZEN'), '1.0000')).to.match(/FROZEN/);
  });

  it('settling an order lock spends part of it and releases the rest', () => {
    expect(settlementOf(lock('1000.0000'), '980.5000', '20.0000')).to.deep.equal({ spent: '980.5000', fee: '20.0000', released: '19.5000' });
  });

  it('a settlement cannot spend more than was locked, nor a fee above what was spent', () => {
    expect(settlementOf(lock('1000.0000'), '1000.0001', '0')).to.match(/more than/);
    expect(settlementOf(lock('1000.0000'), '10.0000', '11.0000')).to.match(/fee/);
  });

  it('a withdrawal is paid out whole, with no fee', () => {
    expect(settlementOf(lock('500.0000', 'WITHDRAWAL'), '500.0000', '0')).to.deep.equal({ spent: '500.0000', fee: '0.0000', released: '0.0000' });
    expect(settlementOf(lock('500.0000', 'WITHDRAWAL'), '499.0000', '0')).to.match(/in full/);
  });

  it('only a LOCKED lock settles', () => {
    expect(settlementOf(lock('500.0000', 'ORDER', 'RELEASED'), '500.0000', '0')).to.match(/already RELEASED/);
  });

  it('the total is available plus locked', () => {
    expect(totalOf({ ...wallet('10.5000'), locked: '2.2500' })).to.equal('12.7500');
  });
});
