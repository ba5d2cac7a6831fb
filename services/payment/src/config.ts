import { loadConfig, type ServiceConfig } from '@winvestco/common';

export interface PaymentConfig extends ServiceConfig {
  /** A deposit nobody confirms within this time EXPIRES. */
  depositTimeoutSeconds: number;
  /** A payout whose callback has not come after this long is asked after; still pending, its withdrawal is STUCK for an operator. */
  payoutTimeoutSeconds: number;
  /** The client gateway, through which providers call the webhook. */
  gatewayUrl: string;
  /** How long the simulated provider takes to answer. */
  simulatorDelayMs: number;
}

export function readPaymentConfig(): PaymentConfig {
  return loadConfig('payment', (reader) => ({
    depositTimeoutSeconds: reader.integer('PAYMENT_DEPOSIT_TIMEOUT_SECONDS', 900, 1),
    payoutTimeoutSeconds: reader.integer('PAYMENT_PAYOUT_TIMEOUT_SECONDS', 1800, 1),
    gatewayUrl: reader.string('GATEWAY_URL', 'http://127.0.0.1:8080'),
    simulatorDelayMs: reader.integer('PAYMENT_SIMULATOR_DELAY_MS', 500, 0),
  }));
}
