// The deposit and withdrawal sagas, written with the kit's Saga (see docs/architecture.md,
// "How a saga is written"). Money moves only through the funds service with idempotency
// keys (instance id + step), so a saga replayed after a crash repeats no movement; once
// money has moved outside the platform (a collection, a payout), the steps that follow must
// complete: they are tried for a day, then the saga is STUCK for an operator, never FAILED
// with money held.
import { defineWorkflow, RETRY, Saga, StepFailed, type SagaContext, type Workflow } from '@winvestco/common';
import type { ProviderStatus } from '../providers/provider.ts';
import {
  abandonWithdrawal, creditDeposit, creditLateDeposit, expireDeposit, failPayment, lockFunds, queryPayout, releaseWithdrawal,
  requestCollection, requestPayout, settleWithdrawal,
} from './steps.ts';

export const PROVIDER_RESULT = 'provider-result';

export interface DepositInput {
  paymentId: string;
  /** How long to wait for the provider before the deposit EXPIRES. */
  timeoutSeconds: number;
}

export interface WithdrawalInput {
  paymentId: string;
  /** How long to wait for the payout's callback before asking the provider. */
  payoutTimeoutSeconds: number;
}

type Outcome = { status: 'SUCCEEDED' | 'FAILED'; reason?: string };

const done = (moved: { status: string } | null, instead: string) => moved?.status ?? instead;

/** CREATED → PENDING → (provider) credit → SUCCEEDED | FAILED; no answer in time → EXPIRED. */
export const deposit = defineWorkflow('deposit', async function* (ctx: SagaContext, input: DepositInput): Workflow<string> {
  const saga = new Saga(ctx);
  const step = { paymentId: input.paymentId };
  try {
    yield* saga.step(requestCollection, step);
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    // Nothing was collected; a confirmation that comes anyway is credited late.
    return done(yield* saga.finish(failPayment, { ...step, reason: `the provider could not be asked to collect: ${error.lastError}` }), 'FAILED');
  }
  let outcome = yield* saga.waitFor<Outcome>(PROVIDER_RESULT, input.timeoutSeconds);
  if (!outcome) {
    const expired = yield* saga.finish(expireDeposit, step);
    if (!expired?.confirmed) return done(expired, 'EXPIRED');
    outcome = { status: 'SUCCEEDED' };
  }
  if (outcome.status === 'SUCCEEDED') return done(yield* saga.finish(creditDeposit, step), 'SUCCEEDED');
  return done(yield* saga.finish(failPayment, { ...step, reason: outcome.reason ?? 'the provider refused the payment' }), 'FAILED');
});

/** A deposit confirmed after its saga ended without credit: credited once, SUCCEEDED (confirmed late). */
export const lateDeposit = defineWorkflow('late-deposit', async function* (ctx: SagaContext, input: { paymentId: string }): Workflow<string> {
  return done(yield* new Saga(ctx).finish(creditLateDeposit, { paymentId: input.paymentId }), 'SUCCEEDED');
});

/** REQUESTED → lock (FUNDS_LOCKED) → payout → (provider) settle → PAID_OUT; payout failed → release → FAILED. */
export const withdrawal = defineWorkflow('withdrawal', async function* (ctx: SagaContext, input: WithdrawalInput): Workflow<string> {
  const saga = new Saga(ctx);
  const step = { paymentId: input.paymentId };
  let locked;
  try {
    locked = yield* saga.step(lockFunds, step);
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    return done(yield* saga.finish(abandonWithdrawal, { ...step, reason: `the funds could not be locked: ${error.lastError}` }), 'FAILED');
  }
  if (!locked.locked) return 'FAILED';

  let outcome: Outcome | null = null;
  try {
    yield* saga.step(requestPayout, step);
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    // The request may have reached the provider: release only what it never got.
    const known = yield* saga.step(queryPayout, step, RETRY.mustComplete);
    if (known.status === 'UNKNOWN') {
      return done(yield* saga.finish(releaseWithdrawal, { ...step, reason: `the payout could not be requested: ${error.lastError}` }), 'FAILED');
    }
    outcome = decided(known);
  }
  outcome ??= yield* saga.waitFor<Outcome>(PROVIDER_RESULT, input.payoutTimeoutSeconds);
  outcome ??= decided(yield* saga.step(queryPayout, step, RETRY.mustComplete));
  if (!outcome) {
    // The money may or may not have left: releasing it could pay twice, settling it could
    // take what was never paid. An operator finds out from the provider, or its answer comes.
    const resolution = yield* saga.stuck(
      `the payout has had no answer for ${input.payoutTimeoutSeconds} s and the provider still has it pending`,
      'payout', ['PAID_OUT', 'RELEASE'], [PROVIDER_RESULT],
    );
    outcome = resolution.event === PROVIDER_RESULT
      ? resolution.payload as Outcome
      : resolution.decision === 'PAID_OUT' ? { status: 'SUCCEEDED' } : { status: 'FAILED', reason: `released by an operator (${resolution.by})${resolution.note ? `: ${resolution.note}` : ''}` };
  }
  if (outcome.status === 'SUCCEEDED') return done(yield* saga.finish(settleWithdrawal, step), 'PAID_OUT');
  return done(yield* saga.finish(releaseWithdrawal, { ...step, reason: outcome.reason ?? 'the payout failed' }), 'FAILED');
});

function decided(known: ProviderStatus): Outcome | null {
  if (known.status === 'SUCCEEDED') return { status: 'SUCCEEDED' };
  if (known.status === 'FAILED') return { status: 'FAILED', reason: known.reason ?? 'the payout failed' };
  return null;
}
