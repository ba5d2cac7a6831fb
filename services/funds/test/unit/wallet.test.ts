import { expect } from 'chai';
import { adjustmentOf, heldOf, partRefusal, sameSettlement, settlementOf, spendRefusal, totalOf, type FundLock, type Wallet } from '../../src/domain/wallet.ts';

const wallet = (available: string, status: Wallet['status'] = 'ACTIVE'): Wallet => ({
  id: 'w', userId: 'u', currency: 'INR', available, locked: '0.0000', status, createdAt: new Date(), updatedAt: new Date(),
});
const lock = (amount: string, purpose: FundLock['purpose'] = 'ORDER', status: FundLock['status'] = 'LOCKED', spent = '0.0000', released = '0.0000'): FundLock => ({
  id: 'l', walletId: 'w', currency: 'INR', amount, spent, released, reference: 'r', purpose, status, reason: null, createdAt: new Date(), updatedAt: new Date(),
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

  it('a lock holds what it was given less what it spent and gave back', () => {
    expect(heldOf(lock('10000.0000', 'ORDER', 'LOCKED', '6000.5000', '1000.0000'))).to.equal('2999.5000');
  });

  it('a lock settled whole after some fills spends out of what it still holds, not more', () => {
    const partly = lock('1000.0000', 'ORDER', 'LOCKED', '600.0000');
    expect(settlementOf(partly, '300.0000', '1.0000')).to.deep.equal({ spent: '300.0000', fee: '1.0000', released: '100.0000' });
    expect(settlementOf(partly, '400.0001', '0')).to.match(/more than the 400.0000 the lock holds/);
  });

  describe('settlement in parts (one per fill)', () => {
    it('an open order lock pays a fill up to what it still holds', () => {
      const partly = lock('10000.0000', 'ORDER', 'LOCKED', '7000.0000');
      expect(partRefusal(partly, '3000.0000', '10.0000')).to.equal(null);
      expect(partRefusal(partly, '3000.0001', '0')).to.deep.equal({ field: 'amount', message: 'amount 3000.0001 is more than the 3000.0000 the lock still holds' });
    });

    it('a fee above the fill\'s cost is refused, naming fee', () => {
      expect(partRefusal(lock('100.0000'), '10.0000', '10.0001')).to.include({ field: 'fee' });
    });

    it('a closed lock, or a withdrawal\'s, takes no part settlement (a 409: the lock\'s state, not the request)', () => {
      expect(partRefusal(lock('100.0000', 'ORDER', 'RELEASED', '0', '100.0000'), '1.0000', '0')).to.deep.equal({ field: null, message: 'the lock is already RELEASED' });
      expect(partRefusal(lock('100.0000', 'WITHDRAWAL'), '1.0000', '0')).to.include({ field: null });
    });

    it('a fill asked again is the same settlement only with the same cost and fee', () => {
      expect(sameSettlement({ amount: '2500.0000', fee: '2.5000' }, '2500', '2.50')).to.equal(true);
      expect(sameSettlement({ amount: '2500.0000', fee: '2.5000' }, '2500.0001', '2.5')).to.equal(false);
    });
  });

  describe('adjusting an open order lock', () => {
    it('growth is taken from available, a shrink given back, the same amount moves nothing', () => {
      const open = lock('1000.0000', 'ORDER', 'LOCKED', '200.0000');
      expect(adjustmentOf(open, wallet('500.0000'), '1300.0000')).to.deep.equal({ kind: 'GROW', amount: '500.0000' });
      expect(adjustmentOf(open, wallet('0'), '300.0000')).to.deep.equal({ kind: 'SHRINK', amount: '500.0000' });
      expect(adjustmentOf(open, wallet('0'), '800')).to.deep.equal({ kind: null, amount: '0.0000' });
    });

    it('growth that available cannot cover is refused, naming held', () => {
      const refusal = adjustmentOf(lock('1000.0000'), wallet('499.9999'), '1500.0000');
      expect(refusal).to.include({ field: 'held' });
      expect((refusal as { message: string }).message).to.match(/less than 500.0000/);
    });

    it('a closed lock or a withdrawal\'s is not adjusted', () => {
      expect(adjustmentOf(lock('10.0000', 'ORDER', 'SETTLED', '10.0000'), wallet('100'), '5')).to.include({ field: null });
      expect(adjustmentOf(lock('10.0000', 'WITHDRAWAL'), wallet('100'), '5')).to.include({ field: null });
    });
  });

  it('the total is available plus locked', () => {
    expect(totalOf({ ...wallet('10.5000'), locked: '2.2500' })).to.equal('12.7500');
  });
});
