// The sagas' steps. Each is idempotent: it may run again after a crash or a retry. Calls to
// the funds service carry an idempotency key (instance id + step), so money moves once; the
// provider is asked once per payment and kind; a status moves only from its predecessor.
import type { WorkflowActivityContext } from '@dapr/dapr';
import type { DaprSidecar } from '@winvestco/common';
import type { PaymentProvider } from '../providers/provider.ts';
import { moveTo, type PaymentDb } from '../usecases.ts';

export interface StepInput {
  paymentId: string;
}

interface FundsAnswer {
  lockId?: string;
  detail?: string;
}

/** A transient failure of the funds service throws (the workflow retries); a refusal is an answer. */
async function callFunds(dapr: DaprSidecar, path: string, body: object, key: string) {
  const reply = await dapr.invoke<FundsAnswer>('funds-service', path, { method: 'POST', body, idempotencyKey: key });
  if (reply.status >= 500) throw new Error(`funds-service answered ${reply.status} to ${path}`);
  return reply;
}

const stepKey = (context: WorkflowActivityContext, step: string) => `${context.getWorkflowInstanceId()}:${step}`;

export function paymentActivities(db: PaymentDb, dapr: DaprSidecar, provider: PaymentProvider) {
  const payment = async (id: string) => {
    const found = await db.payments.byId(id);
    if (!found) throw new Error(`payment ${id} does not exist`);
    return found;
  };

  return {
    /** Deposit: ask the provider to collect; the payment is PENDING. */
    async requestCollection(_context: WorkflowActivityContext, input: StepInput): Promise<void> {
      const p = await payment(input.paymentId);
      const { providerReference } = await provider.request({ paymentId: p.id, kind: 'COLLECT', amount: p.amount, currency: p.currency, payerHandle: p.payerHandle });
      await moveTo(db, p.id, 'PENDING', { providerReference });
    },

    /** Deposit confirmed: credit the wallet (once), then SUCCEEDED. */
    async creditDeposit(context: WorkflowActivityContext, input: StepInput): Promise<string> {
      const p = await payment(input.paymentId);
      const reply = await callFunds(dapr, 'internal/funds/credits', { userId: p.userId, amount: p.amount, currency: p.currency, reference: p.id, kind: 'DEPOSIT' }, stepKey(context, 'credit'));
      if (reply.status !== 201) return (await moveTo(db, p.id, 'FAILED', { reason: `the wallet refused the credit: ${reply.body.detail ?? reply.status}` })).status;
      return (await moveTo(db, p.id, 'SUCCEEDED')).status;
    },

    async failPayment(_context: WorkflowActivityContext, input: StepInput & { reason: string }): Promise<string> {
      return (await moveTo(db, input.paymentId, 'FAILED', { reason: input.reason })).status;
    },

    async expireDeposit(_context: WorkflowActivityContext, input: StepInput): Promise<string> {
      return (await moveTo(db, input.paymentId, 'EXPIRED', { reason: 'no confirmation from the provider before the deadline' })).status;
    },

    /** Withdrawal: lock the money; FUNDS_LOCKED, or FAILED when the wallet cannot cover it. */
    async lockFunds(context: WorkflowActivityContext, input: StepInput): Promise<{ locked: boolean }> {
      const p = await payment(input.paymentId);
      const reply = await callFunds(dapr, 'internal/funds/locks', { userId: p.userId, amount: p.amount, currency: p.currency, reference: p.id, purpose: 'WITHDRAWAL' }, stepKey(context, 'lock'));
      if (reply.status !== 201) {
        await moveTo(db, p.id, 'FAILED', { reason: `the funds could not be locked: ${reply.body.detail ?? reply.status}` });
        return { locked: false };
      }
      await moveTo(db, p.id, 'FUNDS_LOCKED', { lockId: reply.body.lockId });
      return { locked: true };
    },

    async requestPayout(_context: WorkflowActivityContext, input: StepInput): Promise<void> {
      const p = await payment(input.paymentId);
      await provider.request({ paymentId: p.id, kind: 'PAYOUT', amount: p.amount, currency: p.currency, payerHandle: p.payerHandle });
    },

    /** Withdrawal paid out: settle the lock (the money leaves the wallet), PAID_OUT. */
    async settleWithdrawal(context: WorkflowActivityContext, input: StepInput): Promise<string> {
      const p = await payment(input.paymentId);
      const reply = await callFunds(dapr, `internal/funds/locks/${p.lockId}/settle`, { amount: p.amount }, stepKey(context, 'settle'));
      if (reply.status !== 200) throw new Error(`the lock of ${p.id} could not be settled: ${reply.body.detail ?? reply.status}`);
      return (await moveTo(db, p.id, 'PAID_OUT')).status;
    },

    /** Payout failed: give the lock back in full, FAILED. */
    async releaseWithdrawal(context: WorkflowActivityContext, input: StepInput & { reason: string }): Promise<string> {
      const p = await payment(input.paymentId);
      const reply = await callFunds(dapr, `internal/funds/locks/${p.lockId}/release`, { reason: input.reason }, stepKey(context, 'release'));
      if (reply.status !== 200) throw new Error(`the lock of ${p.id} could not be released: ${reply.body.detail ?? reply.status}`);
      return (await moveTo(db, p.id, 'FAILED', { reason: input.reason })).status;
    },
  };
}

export type PaymentActivities = ReturnType<typeof paymentActivities>;
