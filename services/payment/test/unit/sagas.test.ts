import { expect } from 'chai';
import { OPERATOR_DECISION } from '@winvestco/common';
import { runFakeSaga, type FakeActivity } from '@winvestco/common/saga-testing';
import { deposit, PROVIDER_RESULT, withdrawal } from '../../src/workflows/sagas.ts';

const moved = (status: string) => () => ({ status });
const kit: Record<string, FakeActivity> = { 'kit-saga-stuck': () => null, 'kit-saga-resumed': () => null };
const down = () => {
  throw new Error('funds-service did not answer: connect ECONNREFUSED');
};

describe('the deposit saga', () => {
  const steps = { requestCollection: () => null, creditDeposit: moved('SUCCEEDED'), failPayment: moved('FAILED'), expireDeposit: () => ({ status: 'EXPIRED', confirmed: false }), ...kit };

  it('when the provider confirms, then the wallet is credited and it SUCCEEDED, in two steps', async () => {
    const run = await runFakeSaga(deposit, { paymentId: 'p1', timeoutSeconds: 900 }, { activities: steps, events: [{ name: PROVIDER_RESULT, payload: { status: 'SUCCEEDED' }, at: 2 }] });
    expect(run.output).to.equal('SUCCEEDED');
    expect(run.calls.map((c) => c.name)).to.deep.equal(['requestCollection', 'creditDeposit']);
  });

  it('when the confirmation was recorded just as the deadline passed, then it is credited, not expired', async () => {
    const run = await runFakeSaga(deposit, { paymentId: 'p1', timeoutSeconds: 900 }, { activities: { ...steps, expireDeposit: () => ({ status: 'PENDING', confirmed: true }) } });
    expect(run.output).to.equal('SUCCEEDED');
    expect(run.calls.map((c) => c.name)).to.deep.equal(['requestCollection', 'expireDeposit', 'creditDeposit']);
  });

  it('when the funds service is down for an hour after the collection, then the credit is kept trying and lands once', async () => {
    const run = await runFakeSaga(deposit, { paymentId: 'p1', timeoutSeconds: 900 }, {
      activities: { ...steps, creditDeposit: (_, __, at) => (at < 3600 ? down() : { status: 'SUCCEEDED' }) },
      events: [{ name: PROVIDER_RESULT, payload: { status: 'SUCCEEDED' }, at: 1 }],
    });
    expect(run.output).to.equal('SUCCEEDED');
    expect(run.calls.filter((c) => c.name === 'creditDeposit' && !c.failed)).to.have.length(1);
    expect(run.calls.map((c) => c.name)).not.to.include('failPayment');
  });
});

describe('the withdrawal saga', () => {
  const steps = {
    lockFunds: () => ({ locked: true }), requestPayout: () => null, queryPayout: () => ({ status: 'PENDING' }),
    settleWithdrawal: moved('PAID_OUT'), releaseWithdrawal: moved('FAILED'), abandonWithdrawal: moved('FAILED'), ...kit,
  };
  const input = { paymentId: 'p1', payoutTimeoutSeconds: 600 };

  it('when the payout succeeds, then the lock is settled: three steps', async () => {
    const run = await runFakeSaga(withdrawal, input, { activities: steps, events: [{ name: PROVIDER_RESULT, payload: { status: 'SUCCEEDED' }, at: 1 }] });
    expect(run.output).to.equal('PAID_OUT');
    expect(run.calls.map((c) => c.name)).to.deep.equal(['lockFunds', 'requestPayout', 'settleWithdrawal']);
  });

  it('when the payout never answers and the provider still has it pending, then it is STUCK until an operator releases it, and never settled', async () => {
    const run = await runFakeSaga(withdrawal, input, { activities: steps, events: [{ name: OPERATOR_DECISION, payload: { decision: 'RELEASE', by: 'ops' }, at: 7200 }] });
    expect(run.output).to.equal('FAILED');
    expect(run.calls.map((c) => c.name)).to.deep.equal(['lockFunds', 'requestPayout', 'queryPayout', 'kit-saga-stuck', 'kit-saga-resumed', 'releaseWithdrawal']);
  });

  it('when the provider\'s answer comes while it is STUCK, then that answer settles it', async () => {
    const run = await runFakeSaga(withdrawal, input, { activities: steps, events: [{ name: PROVIDER_RESULT, payload: { status: 'SUCCEEDED' }, at: 5000 }] });
    expect(run.output).to.equal('PAID_OUT');
    expect(run.calls.map((c) => c.name)).to.deep.equal(['lockFunds', 'requestPayout', 'queryPayout', 'kit-saga-stuck', 'kit-saga-resumed', 'settleWithdrawal']);
  });

  it('when the callback is late but the provider says it was paid, then it settles without an operator', async () => {
    const run = await runFakeSaga(withdrawal, input, { activities: { ...steps, queryPayout: () => ({ status: 'SUCCEEDED' }) } });
    expect(run.output).to.equal('PAID_OUT');
  });

  it('when the lock cannot be made for half a minute, then the withdrawal is abandoned, its lock (if any) given back', async () => {
    const run = await runFakeSaga(withdrawal, input, { activities: { ...steps, lockFunds: down } });
    expect(run.output).to.equal('FAILED');
    expect(run.calls.at(-1)!.name).to.equal('abandonWithdrawal');
  });

  it('when the funds service refuses the lock, then FAILED with nothing to undo', async () => {
    const run = await runFakeSaga(withdrawal, input, { activities: { ...steps, lockFunds: () => ({ locked: false }) } });
    expect(run.output).to.equal('FAILED');
    expect(run.calls.map((c) => c.name)).to.deep.equal(['lockFunds']);
  });
});
