import { createWorkflowClient, startOnce, tokenVerifier, type ServiceDeps, type ServiceParts } from '@winvestco/common';
import type { PaymentConfig } from './config.ts';
import { instanceIdOf, type Payment } from './domain/payment.ts';
import type { ProviderResult } from './providers/provider.ts';
import { SimulatedProvider } from './providers/simulator.ts';
import { paymentRoutes } from './routes.ts';
import type { PaymentRepositories } from './store.ts';
import { unstartedPayments } from './usecases.ts';
import { paymentActivities } from './workflows/activities.ts';
import { deposit, PROVIDER_RESULT, withdrawal } from './workflows/sagas.ts';

const RECONCILE_EVERY_MS = 30_000;

/**
 * The payment service: the simulated provider, the deposit and withdrawal sagas, the routes.
 * A saga that did not start with its payment (the process died in between) is started by
 * the reconciler, at start and every half minute.
 */
export async function buildPaymentService({ config, dapr, db, log }: ServiceDeps<PaymentRepositories, PaymentConfig>): Promise<ServiceParts<PaymentRepositories>> {
  const store = config.dapr.secretStore;
  const webhookSecret = await dapr.secret(store, 'PAYMENT_WEBHOOK_SECRET');
  const provider = new SimulatedProvider(db, {
    webhookUrl: `${config.gatewayUrl}/v1.0/invoke/${config.appId}/method/payments/webhooks/simulator`, secret: webhookSecret, delayMs: config.simulatorDelayMs,
  }, log);
  const workflowClient = createWorkflowClient(config.dapr);

  const startSaga = async (payment: Payment) => {
    const input = payment.direction === 'DEPOSIT' ? { paymentId: payment.id, timeoutSeconds: config.depositTimeoutSeconds } : { paymentId: payment.id };
    await startOnce(workflowClient, payment.direction === 'DEPOSIT' ? 'deposit' : 'withdrawal', instanceIdOf(payment), input)
      .catch((error: unknown) => log.warn({ err: error, paymentId: payment.id }, 'the saga did not start; the reconciler will start it'));
  };
  const raise = async (payment: Payment, result: ProviderResult) => {
    await workflowClient.raiseEvent(instanceIdOf(payment), PROVIDER_RESULT, { status: result.status, reason: result.reason })
      .catch((error: unknown) => log.info({ err: error, paymentId: payment.id }, 'the saga no longer waits for this result'));
  };
  const reconcile = async () => {
    for (const payment of await unstartedPayments(db, 10).catch(() => [])) await startSaga(payment);
  };

  let reconciling: NodeJS.Timeout | undefined;
  return {
    routes: paymentRoutes({
      db, dapr, provider, startSaga, depositTimeoutSeconds: config.depositTimeoutSeconds,
      verifier: await tokenVerifier(dapr, store), webhookSecrets: { [provider.name]: webhookSecret }, raise, log,
    }),
    workflows: { workflows: { deposit, withdrawal }, activities: paymentActivities(db, dapr, provider) },
    start: async () => {
      provider.start();
      void reconcile();
      reconciling = setInterval(() => void reconcile(), RECONCILE_EVERY_MS);
    },
    stop: async () => {
      clearInterval(reconciling);
      await provider.stop();
      await workflowClient.stop();
    },
  };
}
