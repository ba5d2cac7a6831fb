import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsMoney, PageQuery, PAYMENT_DIRECTIONS, type PaymentDirection } from '@winvestco/common';
import { DEPOSIT_STATUSES, MAX_AMOUNT, METHODS, MIN_AMOUNT, WITHDRAWAL_STATUSES, type Method, type Payment, type PaymentStatus } from './domain/payment.ts';
import type { HistoryEntry } from './store.ts';

const HANDLE = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,64}$/;
const STATUSES = [...new Set([...DEPOSIT_STATUSES, ...WITHDRAWAL_STATUSES])];

export class DepositRequest {
  @IsMoney({ min: MIN_AMOUNT, max: MAX_AMOUNT }) amount!: string;
  @IsIn(METHODS, { message: `method must be one of ${METHODS.join(', ')}` }) method!: Method;
  @IsOptional() @Matches(HANDLE, { message: 'payerHandle must look like name@provider (a UPI id, say)' }) payerHandle?: string;
}

export class WithdrawalRequest {
  @IsMoney({ min: MIN_AMOUNT, max: MAX_AMOUNT }) amount!: string;
  @IsOptional() @IsIn(METHODS, { message: `method must be one of ${METHODS.join(', ')}` }) method?: Method;
  @IsOptional() @Matches(HANDLE, { message: 'payerHandle must look like name@provider (a UPI id, say)' }) payerHandle?: string;
}

export class PaymentsQuery extends PageQuery {
  @IsOptional() @IsIn(PAYMENT_DIRECTIONS, { message: `direction must be one of ${PAYMENT_DIRECTIONS.join(', ')}` })
  direction?: PaymentDirection;

  @IsOptional() @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: PaymentStatus;
}

/** What the simulated provider (and a real one, translated) calls back with. */
export class ProviderResultBody {
  @IsString() @Length(1, 100) eventId!: string;
  @IsUUID() paymentId!: string;
  @IsString() @Length(1, 100) providerReference!: string;
  @IsIn(['SUCCEEDED', 'FAILED']) status!: 'SUCCEEDED' | 'FAILED';
  @IsMoney({ positive: true }) amount!: string;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsOptional() @IsString() @Length(1, 500) reason?: string;
  @IsOptional() @IsIn(['COLLECT', 'PAYOUT']) kind?: string;
}

/** A payment as its owner sees it; with its history when one payment is asked for. */
export function paymentView(payment: Payment, history?: HistoryEntry[]) {
  return {
    paymentId: payment.id, direction: payment.direction, amount: payment.amount, currency: payment.currency, method: payment.method,
    payerHandle: payment.payerHandle, provider: payment.provider, providerReference: payment.providerReference, status: payment.status,
    failureReason: payment.failureReason, confirmedLate: payment.confirmedLate, expiresAt: payment.expiresAt?.toISOString() ?? null,
    createdAt: payment.createdAt.toISOString(), updatedAt: payment.updatedAt.toISOString(),
    ...(history ? { history: history.map((h) => ({ from: h.from, to: h.to, note: h.note, at: h.at.toISOString() })) } : {}),
  };
}
