// The embedded simulated payment provider, acting as an outside gateway would: it takes a
// request, decides the outcome from the payer handle (a sandbox's test handles), and calls
// back the payment service's public webhook through the client gateway, signed, retrying
// until the callback is accepted. Its book is the simulator_requests table.
import { randomUUID } from 'node:crypto';
import { repeat, type Database, type Logger } from '@winvestco/common';
import { simulatedOutcome } from '../domain/payment.ts';
import { signature } from '../domain/signature.ts';
import type { PaymentRepositories, SimulatorRequest } from '../store.ts';
import type { PaymentProvider, ProviderRequest, ProviderResult, ProviderStatus } from './provider.ts';

export interface SimulatorOptions {
  /** The webhook as an outsider reaches it: through the gateway. */
  webhookUrl: string;
  secret: string;
  delayMs: number;
  pollMs?: number;
}

const referenceOf = (request: Pick<SimulatorRequest, 'id'>) => `sim_${request.id}`;
const failureReason = (kind: ProviderRequest['kind']) => (kind === 'COLLECT' ? 'the payer declined (simulated)' : 'the beneficiary bank refused (simulated)');

export class SimulatedProvider implements PaymentProvider {
  readonly name = 'simulator';
  private polling?: { stop(): Promise<void> };

  constructor(private readonly db: Database<PaymentRepositories>, private readonly options: SimulatorOptions, private readonly log: Logger) {}

  async request(request: ProviderRequest): Promise<{ providerReference: string }> {
    const stored = await this.db.simulator.request({
      id: randomUUID(), paymentId: request.paymentId, kind: request.kind, outcome: simulatedOutcome(request.payerHandle),
      amount: request.amount, currency: request.currency, delaySeconds: this.options.delayMs / 1000,
    });
    return { providerReference: referenceOf(stored) };
  }

  async status(paymentId: string, kind: ProviderRequest['kind']): Promise<ProviderStatus> {
    const known = await this.db.simulator.status(paymentId, kind);
    if (!known) return { status: 'UNKNOWN' };
    if (known.outcome === 'NEVER') return { status: 'PENDING' };
    return known.outcome === 'FAILED' ? { status: 'FAILED', reason: failureReason(kind) } : { status: 'SUCCEEDED' };
  }

  start(): void {
    this.polling = repeat(() => this.deliverDue(), this.options.pollMs ?? 200,
      (error) => this.log.warn({ err: error }, 'the simulated provider could not deliver its callbacks; will retry'));
  }

  async stop(): Promise<void> {
    await this.polling?.stop();
  }

  /** Sends the callbacks that are due; the rows stay locked meanwhile, so two replicas never send one twice at once. */
  private async deliverDue(): Promise<void> {
    await this.db.tx(async (t) => {
      for (const request of await t.simulator.due(10)) {
        const result: ProviderResult = {
          eventId: request.id, paymentId: request.paymentId, providerReference: referenceOf(request),
          status: request.outcome === 'FAILED' ? 'FAILED' : 'SUCCEEDED', amount: request.amount, currency: request.currency,
          ...(request.outcome === 'FAILED' ? { reason: failureReason(request.kind) } : {}),
        };
        const body = JSON.stringify(result);
        const refused = await fetch(this.options.webhookUrl, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': signature(this.options.secret, body) }, body,
          signal: AbortSignal.timeout(10_000),
        }).then(
          async (r) => (r.ok ? undefined : `${r.status} ${(await r.text()).slice(0, 300)}`),
          (error: unknown) => (error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error)),
        );
        if (refused === undefined) {
          await t.simulator.delivered(request.id);
        } else {
          this.log.warn({ paymentId: request.paymentId, attempts: request.attempts + 1, reason: refused, url: this.options.webhookUrl }, 'the simulated provider\'s callback was not accepted; it will call again');
          await t.simulator.retryLater(request.id);
        }
      }
    });
  }
}
