// HTTP: parse and validate, call a use case, shape the reply.
import {
  authenticate, caller, clientOnce, DEFAULT_PAGE_SIZE, encodeCursor, pageStart, parseBody, parseQuery, problems, Router, uuidParam,
  type Logger, type SagaDispatch, type TokenVerifier,
} from '@winvestco/common';
import { signatureValid } from './domain/signature.ts';
import { DepositRequest, PaymentsQuery, paymentView, ProviderResultBody, WithdrawalRequest } from './dto.ts';
import * as payments from './usecases.ts';

export interface PaymentRouteDeps extends payments.PaymentDeps {
  verifier: TokenVerifier;
  /** Each provider's webhook secret, by provider name. */
  webhookSecrets: Readonly<Record<string, string>>;
  sagas: SagaDispatch;
  log: Logger;
}

export function paymentRoutes(deps: PaymentRouteDeps): Router {
  const { db, sagas } = deps;
  const router = new Router();
  const signedIn = authenticate(deps.verifier);

  // Answered once the payment and its saga's start are committed; the saga starts right
  // after, or, when the workflow engine is down, as soon as it is back.
  router.post('/payments/deposits', signedIn, async (ctx) => {
    const body = await parseBody(DepositRequest, ctx.request.body);
    const userId = caller(ctx).id;
    await clientOnce(ctx, db, userId, async (t) => ({ status: 201, body: paymentView(await payments.createDeposit(t, deps, userId, { ...body, clientKey: ctx.get('idempotency-key') || undefined })) }));
    sagas.wake();
  });

  router.post('/payments/withdrawals', signedIn, async (ctx) => {
    const body = await parseBody(WithdrawalRequest, ctx.request.body);
    const userId = caller(ctx).id;
    await payments.mayWithdraw(deps, userId, body.amount);
    await clientOnce(ctx, db, userId, async (t) => ({
      status: 201, body: paymentView(await payments.createWithdrawal(t, deps, userId, { ...body, method: body.method ?? 'UPI', clientKey: ctx.get('idempotency-key') || undefined })),
    }));
    sagas.wake();
  });

  router.get('/payments', signedIn, async (ctx) => {
    const query = await parseQuery(PaymentsQuery, ctx.query);
    const before = pageStart(query);
    const page = await payments.paymentsOf(db, caller(ctx).id, query.limit ?? DEFAULT_PAGE_SIZE, before, { direction: query.direction, status: query.status });
    ctx.body = { items: page.payments.map((p) => paymentView(p)), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  router.get('/payments/:id', signedIn, async (ctx) => {
    const { payment, history } = await payments.paymentOf(db, caller(ctx).id, uuidParam(ctx, 'id'));
    ctx.body = paymentView(payment, history);
  });

  // Called by the provider from outside, through the gateway: no token, a signature over the
  // raw body. 2xx only once the result is stored and handed to its saga; when the saga
  // cannot be told now (the workflow engine is down), 503, so the provider calls again
  // (the stored result is raised by the dispatcher meanwhile, and a repeat is recorded once).
  router.post('/payments/webhooks/:provider', async (ctx) => {
    const provider = ctx.params.provider ?? '';
    const secret = Object.hasOwn(deps.webhookSecrets, provider) ? deps.webhookSecrets[provider] : undefined;
    if (!secret) throw problems.notFound(`No payment provider ${provider}`);
    const signature = ctx.get('x-signature') || undefined;
    if (!signatureValid(secret, ctx.request.rawBody ?? '', signature)) {
      deps.log.warn({ provider, signature: signature ? 'wrong' : 'missing' }, 'a webhook with a missing or wrong signature was refused');
      throw problems.unauthorized('The webhook signature is missing or wrong');
    }
    const result = await parseBody(ProviderResultBody, ctx.request.body);
    const { outcome, instanceId } = await payments.receiveProviderResult(db, provider, result);
    if (instanceId && !(await sagas.deliver(instanceId))) {
      throw problems.unavailable('The result is stored, but its saga cannot be told now; call again', 5);
    }
    if (outcome === 'late-credit') sagas.wake();
    ctx.body = { received: true, outcome };
  });

  return router;
}
