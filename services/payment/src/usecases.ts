// The payment service's operations. Routes create payments and take webhooks; the sagas'
// activities move payments along; each change and its event commit together.
import { randomUUID } from 'node:crypto';
import { DEFAULT_CURRENCY, problems, type DaprSidecar, type Db, type PageKey, type PaymentDirection } from '@winvestco/common';
import {
  DEFAULT_PAYER_HANDLE, TERMINAL, withdrawalRefusal, type Method, type Payment, type PaymentStatus,
} from './domain/payment.ts';
import { paymentPart, paymentsTopic } from './events.ts';
import type { PaymentProvider, ProviderResult } from './providers/provider.ts';
import type { PaymentRepositories, Transition } from './store.ts';

export type PaymentDb = Db<PaymentRepositories>;

export interface PaymentDeps {
  db: PaymentDb;
  dapr: DaprSidecar;
  provider: PaymentProvider;
  /** Starts the payment's saga (once: its instance id is derived from the payment id). */
  startSaga: (payment: Payment) => Promise<void>;
  depositTimeoutSeconds: number;
}

export interface PaymentRequest {
  amount: string;
  method: Method;
  payerHandle?: string;
  /** The client's Idempotency-Key, when it sent one. */
  clientKey?: string;
}

/** Asks the user service whether the user may move money now (a token lives minutes). */
async function mustBeActive(dapr: DaprSidecar, userId: string): Promise<void> {
  const reply = await dapr.invoke<{ mayTrade?: boolean; status?: string }>('user-service', `internal/users/${userId}`);
  if (reply.status === 404) throw problems.forbidden('No such account');
  if (reply.status !== 200) throw problems.unavailable('Your account cannot be checked right now; try again');
  if (!reply.body.mayTrade) throw problems.forbidden(`This account is ${reply.body.status}; it cannot move money`);
}

async function create(deps: PaymentDeps, userId: string, direction: PaymentDirection, request: PaymentRequest, status: PaymentStatus): Promise<{ payment: Payment; created: boolean }> {
  const { db } = deps;
  const outcome = await db.tx(async (t) => {
    if (request.clientKey) {
      const earlier = await t.payments.byClientKey(userId, request.clientKey);
      if (earlier) return { payment: earlier, created: false };
    }
    const payment = await t.payments.add({
      id: randomUUID(), userId, direction, amount: request.amount, currency: DEFAULT_CURRENCY, method: request.method,
      provider: deps.provider.name, payerHandle: request.payerHandle ?? DEFAULT_PAYER_HANDLE, status,
      expiresAt: direction === 'DEPOSIT' ? new Date(Date.now() + deps.depositTimeoutSeconds * 1000) : null, clientKey: request.clientKey ?? null,
    });
    await t.outbox.add(paymentsTopic, 'payment.created', payment.userId, { ...paymentPart(payment), method: payment.method, provider: payment.provider });
    return { payment, created: true };
  });
  // A start that fails here is made later by the reconciler; the payment is already safe.
  await deps.startSaga(outcome.payment);
  return outcome;
}

export async function createDeposit(deps: PaymentDeps, userId: string, request: PaymentRequest): Promise<{ payment: Payment; created: boolean }> {
  await mustBeActive(deps.dapr, userId);
  return create(deps, userId, 'DEPOSIT', request, 'CREATED');
}

/** A withdrawal of more than is available is refused here, before anything is locked. */
export async function createWithdrawal(deps: PaymentDeps, userId: string, request: PaymentRequest): Promise<{ payment: Payment; created: boolean }> {
  await mustBeActive(deps.dapr, userId);
  const wallet = await deps.dapr.invoke<{ available?: string }>('funds-service', `internal/wallets/${userId}`);
  if (wallet.status !== 200 && wallet.status !== 404) throw problems.unavailable('Your balance cannot be checked right now; try again');
  const refusal = withdrawalRefusal(request.amount, wallet.status === 200 ? wallet.body.available ?? '0' : '0');
  if (refusal) throw problems.validation([{ field: 'amount', message: refusal }]);
  return create(deps, userId, 'WITHDRAWAL', request, 'REQUESTED');
}

export async function paymentOf(db: PaymentDb, userId: string, paymentId: string): Promise<Payment> {
  const payment = await db.payments.byId(paymentId);
  // Another user's payment is as absent as one that does not exist.
  if (!payment || payment.userId !== userId) throw problems.notFound(`No payment ${paymentId}`);
  return payment;
}

export async function paymentsOf(db: PaymentDb, userId: string, limit: number, before: PageKey | null, filter: { direction?: PaymentDirection; status?: PaymentStatus }) {
  return db.payments.page(userId, limit, before, filter);
}

const EVENT_OF: Partial<Record<PaymentStatus, 'payment.succeeded' | 'payment.failed' | 'payment.expired' | 'payment.payout-completed'>> = {
  SUCCEEDED: 'payment.succeeded', FAILED: 'payment.failed', EXPIRED: 'payment.expired', PAID_OUT: 'payment.payout-completed',
};

/**
 * Moves a payment to `to` and writes the event of that status, in one transaction. A payment
 * already past that step (a replayed activity) is returned as it is.
 */
export async function moveTo(db: PaymentDb, paymentId: string, to: PaymentStatus, details: Transition = {}): Promise<Payment> {
  return db.tx(async (t) => {
    const moved = await t.payments.transition(paymentId, to, details);
    if (!moved) {
      const current = await t.payments.byId(paymentId);
      if (!current) throw new Error(`payment ${paymentId} does not exist`);
      return current;
    }
    const type = EVENT_OF[to];
    if (type === 'payment.failed') await t.outbox.add(paymentsTopic, type, moved.userId, { ...paymentPart(moved), reason: moved.failureReason ?? 'failed' });
    else if (type) await t.outbox.add(paymentsTopic, type, moved.userId, paymentPart(moved));
    return moved;
  });
}

/**
 * A provider's verified callback: recorded once per provider event; its outcome is handed to
 * the payment's saga, which acts on the first one it sees. Handing it again (a redelivered
 * webhook) changes nothing. A callback whose amount or currency is not the payment's is
 * refused.
 */
export async function receiveProviderResult(db: PaymentDb, provider: string, result: ProviderResult, raise: (payment: Payment, result: ProviderResult) => Promise<void>): Promise<'accepted' | 'duplicate' | 'too-late'> {
  const { payment, first } = await db.tx(async (t) => {
    const found = await t.payments.byId(result.paymentId);
    if (!found || found.provider !== provider) throw problems.notFound(`No ${provider} payment ${result.paymentId}`);
    if (found.amount !== result.amount || found.currency !== result.currency) {
      throw problems.conflict(`The callback says ${result.amount} ${result.currency}; the payment is ${found.amount} ${found.currency}`);
    }
    return { payment: found, first: await t.payments.recordWebhook(provider, result.eventId, found.id, result.status) };
  });
  if (TERMINAL.has(payment.status)) return 'too-late';
  // Handed on even when recorded before: the process may have died between recording and handing it on.
  await raise(payment, result);
  return first ? 'accepted' : 'duplicate';
}

/** Sagas that never started (the process died between the commit and the start). */
export async function unstartedPayments(db: PaymentDb, olderThanSeconds: number): Promise<Payment[]> {
  return db.payments.unstarted(olderThanSeconds);
}
