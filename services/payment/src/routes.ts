// HTTP: parse and validate, call a use case, shape the reply.
import {
  authenticate, caller, DEFAULT_PAGE_SIZE, pageStart, encodeCursor, IDEMPOTENCY_HEADER, idempotencyKeyOf, parseBody, parseQuery, problems, Router, uuidParam,
  type AppContext, type Logger, type TokenVerifier,
} from '@winvestco/common';
import { signatureValid } from './domain/signature.ts';
import { DepositRequest, PaymentsQuery, paymentView, ProviderResultBody, WithdrawalRequest } from './dto.ts';
import type { Payment } from './domain/payment.ts';
import type { ProviderResult } from './providers/provider.ts';
import * as payments from './usecases.ts';

export interface PaymentRouteDeps extends payments.PaymentDeps {
  verifier: TokenVerifier;
  /** Each provider's webhook secret, by provider name. */
  webhookSecrets: Readonly<Record<string, string>>;
  raise: (payment: Payment, result: ProviderResult) => Promise<void>;
  log: Logger;
}

/** The client's own Idempotency-Key, when it sent one: a retried POST finds the first payment. */
function clientKey(ctx: AppContext): string | undefined {
  const sent = ctx.get(IDEMPOTENCY_HEADER);
  return sent ? idempotencyKeyOf(sent) : undefined;
}

export function paymentRoutes(deps: PaymentRouteDeps): Router {
  const { db } = deps;
  const router = new Router();
  const signedIn = authenticate(deps.verifier);

  router.post('/payments/deposits', signedIn, async (ctx) => {
    const body = await parseBody(DepositRequest, ctx.request.body);
    const { payment, created } = await payments.createDeposit(deps, caller(ctx).id, { ...body, clientKey: clientKey(ctx) });
    ctx.status = created ? 201 : 200;
    ctx.body = paymentView(payment);
  });

  router.post('/payments/withdrawals', signedIn, async (ctx) => {
    const body = await parseBody(WithdrawalRequest, ctx.request.body);
    const { payment, created } = await payments.createWithdrawal(deps, caller(ctx).id, { ...body, method: body.method ?? 'UPI', clientKey: clientKey(ctx) });
    ctx.status = created ? 201 : 200;
    ctx.body = paymentView(payment);
  });

  router.get('/payments', signedIn, async (ctx) => {
    const query = await parseQuery(PaymentsQuery, ctx.query);
    const before = pageStart(query);
    const page = await payments.paymentsOf(db, caller(ctx).id, query.limit ?? DEFAULT_PAGE_SIZE, before, { direction: query.direction, status: query.status });
    ctx.body = { items: page.payments.map(paymentView), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  router.get('/payments/:id', signedIn, async (ctx) => {
    const id = uuidParam(ctx, 'id');
    ctx.body = paymentView(await payments.paymentOf(db, caller(ctx).id, id));
  });

  // Called by the provider from outside, through the gateway: no token, a signature over the raw body.
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
    const outcome = await payments.receiveProviderResult(db, provider, result, deps.raise);
    ctx.body = { received: true, outcome };
  });

  return router;
}
