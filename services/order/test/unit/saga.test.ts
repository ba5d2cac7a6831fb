import { expect } from 'chai';
import { runFakeSaga, type FakeActivity } from '@winvestco/common/saga-testing';
import { CANCEL, FILL, order } from '../../src/workflows/sagas.ts';

const kit: Record<string, FakeActivity> = { 'kit-saga-stuck': () => null, 'kit-saga-resumed': () => null };
const settled = (status: string, filledQuantity: number) => () => ({ status, filledQuantity, quantity: 10 });
const input = { orderId: 'o1', expiresAt: null };

describe('the order saga', () => {
  const steps = {
    acceptOrder: () => ({ accepted: true, status: 'FUNDS_LOCKED' }),
    submitOrder: () => ({ state: 'DONE', filledQuantity: 10, openQuantity: 0, reason: null }),
    settleOrder: settled('FILLED', 10),
    cancelInBook: () => ({ state: 'DONE', filledQuantity: 0, openQuantity: 10, reason: 'cancelled by the client' }),
    abandonOrder: settled('FAILED', 0),
    ...kit,
  };

  it('when a MARKET order fills at once, then it takes three activities: accept, submit, settle', async () => {
    const run = await runFakeSaga(order, input, { activities: steps });
    expect(run.output).to.equal('FILLED');
    expect(run.calls.map((c) => c.name)).to.deep.equal(['acceptOrder', 'submitOrder', 'settleOrder']);
  });

  it('when the funds cannot be locked, then it ends as accept left it (REJECTED), submitting nothing', async () => {
    const run = await runFakeSaga(order, input, { activities: { ...steps, acceptOrder: () => ({ accepted: false, status: 'REJECTED' }) } });
    expect(run.output).to.equal('REJECTED');
    expect(run.calls.map((c) => c.name)).to.deep.equal(['acceptOrder']);
  });

  it('when the book refuses the order, then what was set aside is given back and it is REJECTED', async () => {
    const run = await runFakeSaga(order, input, { activities: { ...steps, submitOrder: () => ({ refused: '422 bad order' }), abandonOrder: settled('REJECTED', 0) } });
    expect(run.output).to.equal('REJECTED');
    expect(run.calls.map((c) => c.name)).to.deep.equal(['acceptOrder', 'submitOrder', 'abandonOrder']);
  });

  it('when a resting order fills in two parts, then each fill is settled and it ends FILLED', async () => {
    let fills = 0;
    const run = await runFakeSaga(order, input, {
      activities: {
        ...steps,
        submitOrder: () => ({ state: 'RESTING', filledQuantity: 0, openQuantity: 10, reason: null }),
        settleOrder: () => (++fills === 1 ? { status: 'PARTIALLY_FILLED', filledQuantity: 4, quantity: 10 } : { status: 'FILLED', filledQuantity: 10, quantity: 10 }),
      },
      events: [{ name: FILL, payload: {}, at: 5 }, { name: FILL, payload: {}, at: 10 }],
    });
    expect(run.output).to.equal('FILLED');
    expect(run.calls.map((c) => c.name)).to.deep.equal(['acceptOrder', 'submitOrder', 'settleOrder', 'settleOrder']);
  });

  it('when the client cancels a resting order, then it is taken out of the book, then settled as CANCELLED', async () => {
    const run = await runFakeSaga(order, input, {
      activities: { ...steps, submitOrder: () => ({ state: 'RESTING', filledQuantity: 0, openQuantity: 10, reason: null }), settleOrder: (i) => ({ status: (i as { ending: { status: string } }).ending.status, filledQuantity: 0, quantity: 10 }) },
      events: [{ name: CANCEL, payload: {}, at: 5 }],
    });
    expect(run.output).to.equal('CANCELLED');
    expect(run.calls.map((c) => c.name)).to.deep.equal(['acceptOrder', 'submitOrder', 'cancelInBook', 'settleOrder']);
  });

  it('when a DAY order\'s session closes with nothing filled, then it is taken out of the book as EXPIRED', async () => {
    const run = await runFakeSaga(order, { orderId: 'o1', expiresAt: new Date(Date.now() + 3600_000).toISOString() }, {
      activities: {
        ...steps, submitOrder: () => ({ state: 'RESTING', filledQuantity: 0, openQuantity: 10, reason: null }),
        cancelInBook: (i) => ({ state: 'DONE', filledQuantity: 0, openQuantity: 10, reason: (i as { reason: string }).reason, expired: (i as { expired: boolean }).expired }),
        settleOrder: (i) => ({ status: (i as { ending: { status: string } }).ending.status, filledQuantity: 0, quantity: 10 }),
      },
    });
    expect(run.output).to.equal('EXPIRED');
    expect(run.calls.find((c) => c.name === 'cancelInBook')?.input).to.include({ expired: true });
  });

  it('when the trade service is down for an hour after the lock, then the submit gives up, the order is taken out of the book and given back, FAILED', async () => {
    const run = await runFakeSaga(order, input, {
      activities: { ...steps, submitOrder: () => { throw new Error('trade-service did not answer'); }, cancelInBook: () => ({ state: 'DONE', filledQuantity: 0, openQuantity: 10, reason: 'never reached the book' }) },
    });
    expect(run.output).to.equal('FAILED');
    expect(run.calls.map((c) => c.name).filter((n) => n !== 'submitOrder')).to.deep.equal(['acceptOrder', 'cancelInBook', 'abandonOrder']);
  });
});
