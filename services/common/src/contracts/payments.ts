// Topic `payments`: published by the payment service as deposits and withdrawals progress.
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsMoney } from '../money.ts';
import { defineTopic } from './topic.ts';

export const PAYMENT_DIRECTIONS = ['DEPOSIT', 'WITHDRAWAL'] as const;
export type PaymentDirection = (typeof PAYMENT_DIRECTIONS)[number];

class PaymentEvent {
  @IsUUID() paymentId!: string;
  @IsUUID() userId!: string;
  @IsIn(PAYMENT_DIRECTIONS) direction!: PaymentDirection;
  @IsMoney({ positive: true }) amount!: string;
  @IsString() @Length(3, 3) currency!: string;
}

export class PaymentCreated extends PaymentEvent {
  @IsString() method!: string;
  @IsString() provider!: string;
}

export class PaymentSucceeded extends PaymentEvent {
  /** Confirmed by the provider after the deposit had expired (or failed here): credited all the same. */
  @IsOptional() @IsBoolean() confirmedLate?: boolean;
}

export class PaymentFailed extends PaymentEvent {
  @IsString() reason!: string;
}

export class PaymentExpired extends PaymentEvent {}

export class PaymentPayoutCompleted extends PaymentEvent {}

export const paymentsTopic = defineTopic('payments', 'payment-service', {
  'payment.created': PaymentCreated,
  'payment.succeeded': PaymentSucceeded,
  'payment.failed': PaymentFailed,
  'payment.expired': PaymentExpired,
  'payment.payout-completed': PaymentPayoutCompleted,
});
