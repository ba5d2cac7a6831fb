// The deposit and withdrawal sagas. Steps are activities (payment-service's own); money
// moves only through the funds service with idempotency keys, so a saga replayed after a
// crash repeats no movement.
import type { Task, WorkflowContext } from '@dapr/dapr';
import { callWithRetries, type Workflow } from '@winvestco/common';
import type { ProviderResult } from '../providers/provider.ts';

export const PROVIDER_RESULT = 'provider-result';

export interface DepositInput {
  paymentId: string;
  /** How long to wait for the provider before the deposit EXPIRES. */
  timeoutSeconds: number;
}

export interface WithdrawalInput {
  paymentId: string;
}

type Outcome = Pick<ProviderResult, 'status' | 'reason'>;

/** CREATED → PENDING → (webhook) credit the wallet → SUCCEEDED; FAILED; no webhook in time → EXPIRED. */
export async function* deposit(ctx: WorkflowContext, input: DepositInput): Workflow<string> {
  const step = { paymentId: input.paymentId };
  yield* callWithRetries(ctx, 'requestCollection', step);
  const answer = ctx.waitForExternalEvent(PROVIDER_RESULT);
  const deadline = ctx.createTimer(input.timeoutSeconds);
  const first = (yield ctx.whenAny([answer, deadline])) as Task<unknown>;
  if (first !== answer) return yield* callWithRetries<string>(ctx, 'expireDeposit', step);
  const outcome = answer.getResult() as Outcome;
  if (outcome.status === 'SUCCEEDED') return yield* callWithRetries<string>(ctx, 'creditDeposit', step);
  return yield* callWithRetries<string>(ctx, 'failPayment', { ...step, reason: outcome.reason ?? 'the provider refused the payment' });
}

/** REQUESTED → lock funds (FUNDS_LOCKED) → payout → (webhook) settle → PAID_OUT; payout failed → release → FAILED. */
export async function* withdrawal(ctx: WorkflowContext, input: WithdrawalInput): Workflow<string> {
  const step = { paymentId: input.paymentId };
  const locked = yield* callWithRetries<{ locked: boolean }>(ctx, 'lockFunds', step);
  if (!locked.locked) return 'FAILED';
  yield* callWithRetries(ctx, 'requestPayout', step);
  const outcome = (yield ctx.waitForExternalEvent(PROVIDER_RESULT)) as Outcome;
  if (outcome.status === 'SUCCEEDED') return yield* callWithRetries<string>(ctx, 'settleWithdrawal', step);
  return yield* callWithRetries<string>(ctx, 'releaseWithdrawal', { ...step, reason: outcome.reason ?? 'the payout failed' });
}
