import type { ServiceDeps, ServiceParts } from '@winvestco/common';
import type { PaymentConfig } from './config.ts';
import { SimulatedProvider } from './providers/simulator.ts';
import { paymentRoutes } from './routes.ts';
import type { PaymentRepositories } from './store.ts';
import { paymentActivities } from './workflows/activities.ts';
import { deposit, lateDeposit, withdrawal } from './workflows/sagas.ts';

/**
 * The payment service: the simulated provider, the deposit and withdrawal sagas, the routes.
 * Sagas are asked for in the transaction that creates their payment and started by the
 * kit's saga dispatcher, which also starts any whose start failed.
 */
export async function buildPaymentService({ config, dapr, db, log, sagas, verifier }: ServiceDeps<PaymentRepositories, PaymentConfig>): Promise<ServiceParts<PaymentRepositories>> {
  const store = config.dapr.secretStore;
  const webhookSecret = await dapr.secret(store, 'PAYMENT_WEBHOOK_SECRET');
  const provider = new SimulatedProvider(db, {
    webhookUrl: `${config.gatewayUrl}/v1.0/invoke/${config.appId}/method/payments/webhooks/simulator`, secret: webhookSecret, delayMs: config.simulatorDelayMs,
  }, log);

  return {
    routes: paymentRoutes({
      db, dapr, provider, sagas, depositTimeoutSeconds: config.depositTimeoutSeconds, payoutTimeoutSeconds: config.payoutTimeoutSeconds,
      verifier, webhookSecrets: { [provider.name]: webhookSecret }, log,
    }),
    workflows: { workflows: [deposit, lateDeposit, withdrawal], activities: paymentActivities(db, dapr, provider) },
    start: async () => provider.start(),
    stop: async () => provider.stop(),
  };
}
