// The payment service's operations. Routes create payments and take webhooks; the sagas'
// activities move payments along; each change, its history and its event commit together,
// and a saga to start or to tell something is written in that same transaction (the kit's
// saga book), so nothing waits on the workflow engine and nothing is lost when it is down.
import { randomUUID } from 'node:crypto';
import { call, DEFAULT_CURRENCY, fundsRoutes, problems, type DaprSidecar, type Db, type PageKey, type PaymentDirection } from '@winvestco/common';
import {
  DEFAULT_PAYER_HANDLE, instanceIdOf, lateInstanceIdOf, resultRoute, sameMoney, withdrawalRefusal,
  type Method, type Payment, type PaymentStatus,
} from './domain/payment.ts';
import { paymentPart, paymentsTopic } from './events.ts';
import type { PaymentProvider, ProviderResult } from './providers/provider.ts';
import type { HistoryEntry, PaymentRepositories, Transition } from './store.ts';
import { deposit, lateDeposit, PROVIDER_RESULT, withdrawal } from './workflows/sagas.ts';

export type PaymentDb = Db<PaymentRepositories>;

export interface PaymentDeps {
  db: PaymentDb;
  dapr: DaprSidecar;
  provider: PaymentProvider;
  depositTimeoutSeconds: number;
  payoutTimeoutSeconds: number;
}

export interface PaymentRequest {
  amount: string;
  method: Method;
  payerHandle?: string;
  /** The client's Idempotency-Key, when it sent one (kept on the payment for tracing). */
  clientKey?: string;
}

/** Writes the payment, its history, its event and its saga, in the caller's transaction. */
async function create(t: PaymentDb, deps: PaymentDeps, userId: string, direction: PaymentDirection, request: PaymentRequest, status: PaymentStatus): Promise<Payment> {
  const payment = await t.payments.add({
    id: randomUUID(), userId, direction, amount: request.amount, currency: DEFAULT_CURRENCY, method: request.method,
    provider: deps.provider.name, payerHandle: request.payerHandle ?? DEFAULT_PAYER_HANDLE, status,
    expiresAt: direction === 'DEPOSIT' ? new Date(Date.now() + deps.depositTimeoutSeconds * 1000) : null, clientKey: request.clientKey ?? null,
  });
  await t.payments.addHistory(payment.id, null, status, null);
  await t.outbox.add(paymentsTopic, 'payment.created', payment.userId, { ...paymentPart(payment), method: payment.method, provider: payment.provider });
  if (direction === 'DEPOSIT') await t.sagas.begin(deposit, instanceIdOf(payment), { paymentId: payment.id, timeoutSeconds: deps.depositTimeoutSeconds });
  else await t.sagas.begin(withdrawal, instanceIdOf(payment), { paymentId: payment.id, payoutTimeoutSeconds: deps.payoutTimeoutSeconds });
  return payment;
}

/**
 * A withdrawal of more than is available is refused here, before anything is locked (the
 * lock decides in the end). Whether the account may move money at all (its session stands,
 * it is ACTIVE) the kit's token check decided before the route ran.
 */
export async function mayWithdraw(deps: PaymentDeps, userId: string, amount: string): Promise<void> {
  let answer;
  try {
    answer = await call(deps.dapr, fundsRoutes.wallet, { params: { userId } });
  } catch {
    throw problems.unavailable('Your balance cannot be checked right now; try again');
  }
  if (!answer.ok && answer.status !== 404) throw problems.unavailable('Your balance cannot be checked right now; try again');
  const refusal = withdrawalRefusal(amount, answer.ok ? answer.body.available : '0');
  if (refusal) throw problems.validation([{ field: 'amount', message: refusal }]);
}

export async function createDeposit(t: PaymentDb, deps: PaymentDeps, userId: string, request: PaymentRequest): Promise<Payment> {
  return create(t, deps, userId, 'DEPOSIT', request, 'CREATED');
}

export async function createWithdrawal(t: PaymentDb, deps: PaymentDeps, userId: string, request: PaymentRequest): Promise<Payment> {
  return create(t, deps, userId, 'WITHDRAWAL', request, 'REQUESTED');
}

export async function paymentOf(db: PaymentDb, userId: string, paymentId: string): Promise<{ payment: Payment; history: HistoryEntry[] }> {
  const payment = await db.payments.byId(paymentId);
  // Another user's payment is as absent as one that does not exist.
  if (!payment || payment.userId !== userId) throw problems.notFound(`No payment ${paymentId}`);
  return { payment, history: await db.payments.history(paymentId) };
}

export async function paymentsOf(db: PaymentDb, userId: string, limit: number, before: PageKey | null, filter: { direction?: PaymentDirection; status?: PaymentStatus }) {
  return db.payments.page(userId, limit, before, filter);
}

const EVENT_OF: Partial<Record<PaymentStatus, 'payment.succeeded' | 'payment.failed' | 'payment.expired' | 'payment.payout-completed'>> = {
  SUCCEEDED: 'payment.succeeded', FAILED: 'payment.failed', EXPIRED: 'payment.expired', PAID_OUT: 'payment.payout-completed',
};

async function announce(t: PaymentDb, moved: Payment): Promise<void> {
  const type = EVENT_OF[moved.status];
  if (type === 'payment.failed') await t.outbox.add(paymentsTopic, type, moved.userId, { ...paymentPart(moved), reason: moved.failureReason ?? 'failed' });
  else if (type === 'payment.succeeded') await t.outbox.add(paymentsTopic, type, moved.userId, { ...paymentPart(moved), ...(moved.confirmedLate ? { confirmedLate: true } : {}) });
  else if (type) await t.outbox.add(paymentsTopic, type, moved.userId, paymentPart(moved));
}

/**
 * Moves a payment to `to`, with its history and the event of that status, in one
 * transaction. A payment already past that step (a replayed activity) is returned as it is.
 */
export async function moveTo(db: PaymentDb, paymentId: string, to: PaymentStatus, details: Transition = {}): Promise<Payment> {
  return db.tx(async (t) => {
    const before = await t.payments.byId(paymentId);
    if (!before) throw new Error(`payment ${paymentId} does not exist`);
    const moved = await t.payments.transition(paymentId, to, details);
    if (!moved) return before;
    await t.payments.addHistory(paymentId, before.status, to, details.reason ?? null);
    await announce(t, moved);
    return moved;
  });
}

/**
 * The deposit's deadline passed: EXPIRED, unless the provider's confirmation was recorded
 * meanwhile (it and this decision take the payment's row lock in turn), which the saga
 * then credits.
 */
export async function expireDeposit(db: PaymentDb, paymentId: string): Promise<{ status: PaymentStatus; confirmed: boolean }> {
  return db.tx(async (t) => {
    const payment = await t.payments.lock(paymentId);
    if (!payment) throw new Error(`payment ${paymentId} does not exist`);
    if (payment.status === 'PENDING' || payment.status === 'CREATED') {
      if (await t.payments.confirmation(paymentId)) return { status: payment.status, confirmed: true };
    }
    return { status: (await moveTo(t, paymentId, 'EXPIRED', { reason: 'no confirmation from the provider before the deadline' })).status, confirmed: false };
  });
}

/** A deposit confirmed after its saga had ended without crediting it: SUCCEEDED, confirmed late (the credit is the late saga's). */
export async function confirmLate(db: PaymentDb, paymentId: string): Promise<Payment> {
  return db.tx(async (t) => {
    const before = await t.payments.lock(paymentId);
    if (!before) throw new Error(`payment ${paymentId} does not exist`);
    const moved = await t.payments.confirmLate(paymentId);
    if (!moved) return before;
    await t.payments.addHistory(paymentId, before.status, 'SUCCEEDED', `the provider confirmed it after it was ${before.status}; the money was collected, so it was credited`);
    await announce(t, moved);
    return moved;
  });
}

export type ResultOutcome = 'accepted' | 'duplicate' | 'late-credit' | 'too-late';

/**
 * A provider's verified callback. Recorded once per provider event, and handed on in the
 * same transaction: as a signal to the waiting saga, or, for a deposit that ended without
 * credit (EXPIRED, FAILED), as a late-credit saga: the money was collected. Amount and
 * currency must be the payment's (compared as money). Returns the saga instance to tell now.
 */
export async function receiveProviderResult(db: PaymentDb, provider: string, result: ProviderResult): Promise<{ outcome: ResultOutcome; instanceId: string | null }> {
  return db.tx(async (t) => {
    const payment = await t.payments.lock(result.paymentId);
    if (!payment || payment.provider !== provider) throw problems.notFound(`No ${provider} payment ${result.paymentId}`);
    if (!sameMoney(payment, result.amount, result.currency)) {
      throw problems.conflict(`The callback says ${result.amount} ${result.currency}; the payment is ${payment.amount} ${payment.currency}`);
    }
    const first = await t.payments.recordWebhook(provider, result.eventId, payment.id, result.status);
    const route = resultRoute(payment, result.status);
    if (route === 'saga') {
      const instanceId = instanceIdOf(payment);
      await t.sagas.signal(instanceId, PROVIDER_RESULT, { status: result.status, reason: result.reason }, `${provider}:${result.eventId}`);
      return { outcome: first ? 'accepted' : 'duplicate', instanceId };
    }
    // A provider's retry of a callback already recorded is a duplicate whatever the payment
    // became since; the late credit's begin is idempotent, so doing it again is harmless.
    if (route === 'late-credit') {
      await t.sagas.begin(lateDeposit, lateInstanceIdOf(payment), { paymentId: payment.id });
      return { outcome: first ? 'late-credit' : 'duplicate', instanceId: null };
    }
    return { outcome: first ? 'too-late' : 'duplicate', instanceId: null };
  });
}
