// What the payment service publishes (topic `payments`), built from a payment.
import { paymentsTopic } from '@winvestco/common';
import type { Payment } from './domain/payment.ts';

export { paymentsTopic };

export function paymentPart(payment: Payment) {
  return { paymentId: payment.id, userId: payment.userId, direction: payment.direction, amount: payment.amount, currency: payment.currency };
}
