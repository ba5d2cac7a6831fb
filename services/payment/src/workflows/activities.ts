// The sagas' steps (declared in steps.ts), implemented. Each is idempotent: it may run again
// after a crash or a retry. Calls to the funds service carry an idempotency key (instance id
// and step), so money moves once; the provider is asked once per payment and kind; a status
// moves only from its predecessor. The funds service's transient failures throw (the saga
// retries them); its refusals come back as values ({ refused }).
import { call, fundsRoutes, implement, type Answer, type DaprSidecar } from '@winvestco/common';
import type { PaymentProvider } from '../providers/provider.ts';
import { confirmLate, expireDeposit as expire, moveTo, type PaymentDb } from '../usecases.ts';
import * as steps from './steps.ts';

const refusal = (answer: Answer<unknown> & { ok: false }) => ({ refused: `${answer.status} ${answer.problem.detail ?? answer.problem.title}` });

export function paymentActivities(db: PaymentDb, dapr: DaprSidecar, provider: PaymentProvider) {
  const payment = async (id: string) => {
    const found = await db.payments.byId(id);
    if (!found) throw new Error(`payment ${id} does not exist`);
    return found;
  };
  const credit = async (key: string, paymentId: string) => {
    const p = await payment(paymentId);
    return call(dapr, fundsRoutes.credit, { body: { userId: p.userId, amount: p.amount, currency: p.currency, reference: p.id, kind: 'DEPOSIT' }, idempotencyKey: key });
  };
  const release = async (key: string, paymentId: string, reason: string) => {
    const p = await payment(paymentId);
    if (!p.lockId) return moveTo(db, p.id, 'FAILED', { reason });
    const answer = await call(dapr, fundsRoutes.release, { params: { lockId: p.lockId }, body: { reason: reason.slice(0, 500) }, idempotencyKey: key });
    if (!answer.ok) return refusal(answer);
    return moveTo(db, p.id, 'FAILED', { reason });
  };

  return [
    implement(steps.requestCollection, async (_step, input) => {
      const p = await payment(input.paymentId);
      const { providerReference } = await provider.request({ paymentId: p.id, kind: 'COLLECT', amount: p.amount, currency: p.currency, payerHandle: p.payerHandle });
      await moveTo(db, p.id, 'PENDING', { providerReference });
      return null;
    }),

    implement(steps.creditDeposit, async (step, input) => {
      const answer = await credit(step.key(), input.paymentId);
      if (!answer.ok) return refusal(answer);
      return moveTo(db, input.paymentId, 'SUCCEEDED');
    }),

    // The credit is keyed by the payment (funds credits a deposit reference once), so a late
    // confirmation of a deposit credited after all never credits twice.
    implement(steps.creditLateDeposit, async (step, input) => {
      const answer = await credit(step.key(), input.paymentId);
      if (!answer.ok) return refusal(answer);
      return confirmLate(db, input.paymentId);
    }),

    implement(steps.expireDeposit, async (_step, input) => expire(db, input.paymentId)),

    implement(steps.failPayment, async (_step, input) => moveTo(db, input.paymentId, 'FAILED', { reason: input.reason })),

    implement(steps.lockFunds, async (step, input) => {
      const p = await payment(input.paymentId);
      const answer = await call(dapr, fundsRoutes.lock, {
        body: { userId: p.userId, amount: p.amount, currency: p.currency, reference: p.id, purpose: 'WITHDRAWAL' }, idempotencyKey: step.key(),
      });
      if (!answer.ok) {
        await moveTo(db, p.id, 'FAILED', { reason: `the funds could not be locked: ${answer.problem.detail ?? answer.status}` });
        return { locked: false };
      }
      await moveTo(db, p.id, 'FUNDS_LOCKED', { lockId: answer.body.lockId });
      return { locked: true };
    }),

    implement(steps.abandonWithdrawal, async (step, input) => {
      // Asked again under the lock step's key, the funds service answers what it did then
      // (or locks now); either way the lock is known and can be given back.
      const p = await payment(input.paymentId);
      const answer = await call(dapr, fundsRoutes.lock, {
        body: { userId: p.userId, amount: p.amount, currency: p.currency, reference: p.id, purpose: 'WITHDRAWAL' }, idempotencyKey: `${step.instanceId}:lockFunds`,
      });
      if (!answer.ok) return moveTo(db, p.id, 'FAILED', { reason: input.reason });
      await moveTo(db, p.id, 'FUNDS_LOCKED', { lockId: answer.body.lockId });
      return release(step.key(), p.id, input.reason);
    }),

    implement(steps.requestPayout, async (_step, input) => {
      const p = await payment(input.paymentId);
      await provider.request({ paymentId: p.id, kind: 'PAYOUT', amount: p.amount, currency: p.currency, payerHandle: p.payerHandle });
      return null;
    }),

    implement(steps.queryPayout, async (_step, input) => provider.status(input.paymentId, 'PAYOUT')),

    implement(steps.settleWithdrawal, async (step, input) => {
      const p = await payment(input.paymentId);
      if (!p.lockId) return { refused: `withdrawal ${p.id} has no lock to settle` };
      const answer = await call(dapr, fundsRoutes.settle, { params: { lockId: p.lockId }, body: { amount: p.amount }, idempotencyKey: step.key() });
      if (!answer.ok) return refusal(answer);
      return moveTo(db, p.id, 'PAID_OUT');
    }),

    implement(steps.releaseWithdrawal, async (step, input) => release(step.key(), input.paymentId, input.reason)),
  ];
}
