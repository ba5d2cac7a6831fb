// A payment provider (gateway) behind one interface: the embedded simulator, or a real one.

export interface ProviderRequest {
  paymentId: string;
  kind: 'COLLECT' | 'PAYOUT';
  amount: string;
  currency: string;
  payerHandle: string;
}

export interface PaymentProvider {
  readonly name: string;
  /**
   * Asks the provider to collect money from the payer (a deposit) or pay it out (a
   * withdrawal). The outcome comes later, in a signed webhook. Asking twice for one payment
   * and kind is asking once.
   */
  request(request: ProviderRequest): Promise<{ providerReference: string }>;
  /**
   * What the provider says of a request when its callback is overdue: decided (SUCCEEDED or
   * FAILED), still PENDING with it, or UNKNOWN (it never got the request).
   */
  status(paymentId: string, kind: ProviderRequest['kind']): Promise<ProviderStatus>;
  start?(): void;
  stop?(): Promise<void>;
}

/** What a provider's webhook says, once its signature is checked. */
export interface ProviderResult {
  eventId: string;
  paymentId: string;
  providerReference: string;
  status: 'SUCCEEDED' | 'FAILED';
  amount: string;
  currency: string;
  reason?: string;
}

export interface ProviderStatus {
  status: 'SUCCEEDED' | 'FAILED' | 'PENDING' | 'UNKNOWN';
  reason?: string;
}
