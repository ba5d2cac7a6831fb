import type { IBaseProtocol } from 'pg-promise';
import { nextPageKey, sqlFolder, type PageKey, type PaymentDirection, type Queryable } from '@winvestco/common';
import { predecessors, type Method, type Payment, type PaymentStatus } from './domain/payment.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  insert: sql('payment-insert'),
  byId: sql('payment-by-id'),
  lock: sql('payment-lock'),
  transition: sql('payment-transition'),
  confirmLate: sql('payment-confirm-late'),
  page: sql('payments-page'),
  recordWebhook: sql('webhook-record'),
  confirmation: sql('webhook-confirmation'),
  historyAdd: sql('history-add'),
  historyOf: sql('history-of'),
  simInsert: sql('sim-request-insert'),
  simByPayment: sql('sim-request-by-payment'),
  simDue: sql('sim-due'),
  simDelivered: sql('sim-delivered'),
  simRetry: sql('sim-retry'),
  simStatus: sql('sim-status'),
};

type Row = Record<string, unknown>;

function toPayment(r: Row): Payment {
  return {
    id: r.id as string, userId: r.user_id as string, direction: r.direction as PaymentDirection, amount: r.amount as string,
    currency: r.currency as string, method: r.method as Method, provider: r.provider as string, payerHandle: r.payer_handle as string,
    providerReference: (r.provider_reference as string | null) ?? null, status: r.status as PaymentStatus, lockId: (r.lock_id as string | null) ?? null,
    expiresAt: (r.expires_at as Date | null) ?? null, failureReason: (r.failure_reason as string | null) ?? null,
    confirmedLate: r.confirmed_late === true, createdAt: r.created_at as Date, updatedAt: r.updated_at as Date,
  };
}

export type NewPayment = Pick<Payment, 'id' | 'userId' | 'direction' | 'amount' | 'currency' | 'method' | 'provider' | 'payerHandle' | 'status' | 'expiresAt'> & {
  clientKey: string | null;
};

export interface HistoryEntry {
  from: PaymentStatus | null;
  to: PaymentStatus;
  note: string | null;
  at: Date;
}

export interface Transition {
  providerReference?: string;
  lockId?: string;
  reason?: string;
}

export class PaymentsRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async add(payment: NewPayment): Promise<Payment> {
    return toPayment(await this.q.one<Row>(SQL.insert, payment));
  }

  async byId(id: string): Promise<Payment | null> {
    const row = await this.q.oneOrNone<Row>(SQL.byId, { id });
    return row ? toPayment(row) : null;
  }

  /** The payment, row-locked until the transaction ends. */
  async lock(id: string): Promise<Payment | null> {
    const row = await this.q.oneOrNone<Row>(SQL.lock, { id });
    return row ? toPayment(row) : null;
  }

  /** The payment moved to `to`, or null when it was not in a status that leads there. */
  async transition(id: string, to: PaymentStatus, details: Transition = {}): Promise<Payment | null> {
    const row = await this.q.oneOrNone<Row>(SQL.transition, {
      id, to, from: predecessors(to), providerReference: details.providerReference ?? null, lockId: details.lockId ?? null, reason: details.reason ?? null,
    });
    return row ? toPayment(row) : null;
  }

  async page(userId: string, limit: number, before: PageKey | null, filter: { direction?: PaymentDirection; status?: PaymentStatus }): Promise<{ payments: Payment[]; next: PageKey | null }> {
    const rows = await this.q.any<Row>(SQL.page, {
      userId, limit, direction: filter.direction ?? null, status: filter.status ?? null, beforeAt: before?.createdAt ?? null, beforeId: before?.id ?? null,
    });
    return { payments: rows.map(toPayment), next: nextPageKey(rows as { id: string; page_at: string }[], limit) };
  }

  /** An uncredited deposit (EXPIRED or FAILED) that the provider confirmed after all: SUCCEEDED, confirmed late. */
  async confirmLate(id: string): Promise<Payment | null> {
    const row = await this.q.oneOrNone<Row>(SQL.confirmLate, { id });
    return row ? toPayment(row) : null;
  }

  async addHistory(paymentId: string, from: PaymentStatus | null, to: PaymentStatus, note: string | null): Promise<void> {
    await this.q.none(SQL.historyAdd, { paymentId, from, to, note });
  }

  async history(paymentId: string): Promise<HistoryEntry[]> {
    const rows = await this.q.any<Row>(SQL.historyOf, { paymentId });
    return rows.map((r) => ({ from: (r.from_status as PaymentStatus | null) ?? null, to: r.to_status as PaymentStatus, note: (r.note as string | null) ?? null, at: r.created_at as Date }));
  }

  /** The provider's confirmation of a payment, if one arrived. */
  async confirmation(paymentId: string): Promise<{ eventId: string } | null> {
    const row = await this.q.oneOrNone<Row>(SQL.confirmation, { paymentId });
    return row ? { eventId: row.event_id as string } : null;
  }

  /** False when this provider event was received before. */
  async recordWebhook(provider: string, eventId: string, paymentId: string, status: string): Promise<boolean> {
    return (await this.q.oneOrNone(SQL.recordWebhook, { provider, eventId, paymentId, status })) !== null;
  }
}

export type SimulatorKind = 'COLLECT' | 'PAYOUT';

export interface SimulatorRequest {
  id: string;
  paymentId: string;
  kind: SimulatorKind;
  outcome: 'SUCCEEDED' | 'FAILED' | 'NEVER';
  amount: string;
  currency: string;
  attempts: number;
}

function toSimulatorRequest(r: Row): SimulatorRequest {
  return {
    id: r.id as string, paymentId: r.payment_id as string, kind: r.kind as SimulatorKind, outcome: r.outcome as SimulatorRequest['outcome'],
    amount: r.amount as string, currency: r.currency as string, attempts: r.attempts as number,
  };
}

/** The simulated provider's requests and the delivery of its callbacks. */
export class SimulatorRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async request(request: Omit<SimulatorRequest, 'attempts'> & { delaySeconds: number }): Promise<SimulatorRequest> {
    await this.q.none(SQL.simInsert, request);
    return toSimulatorRequest(await this.q.one<Row>(SQL.simByPayment, { paymentId: request.paymentId, kind: request.kind }));
  }

  async due(limit: number): Promise<SimulatorRequest[]> {
    return (await this.q.any<Row>(SQL.simDue, { limit })).map(toSimulatorRequest);
  }

  async delivered(id: string): Promise<void> {
    await this.q.none(SQL.simDelivered, { id });
  }

  async retryLater(id: string): Promise<void> {
    await this.q.none(SQL.simRetry, { id });
  }

  /** What the simulator decided for a payment and kind, and whether it has called back; null when never asked. */
  async status(paymentId: string, kind: SimulatorKind): Promise<{ outcome: SimulatorRequest['outcome']; delivered: boolean } | null> {
    const row = await this.q.oneOrNone<Row>(SQL.simStatus, { paymentId, kind });
    return row ? { outcome: row.outcome as SimulatorRequest['outcome'], delivered: row.delivered_at !== null } : null;
  }
}

export interface PaymentRepositories {
  payments: PaymentsRepository;
  simulator: SimulatorRepository;
}

export const repositories = (q: Queryable): PaymentRepositories => ({ payments: new PaymentsRepository(q), simulator: new SimulatorRepository(q) });
