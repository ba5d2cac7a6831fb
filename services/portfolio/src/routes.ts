// HTTP: parse and validate, call a use case, shape the reply.
import {
  answerOnce, authenticate, caller, parseBody, problems, Router, SYMBOL, uuidParam, type TokenVerifier,
} from '@winvestco/common';
import {
  ConsumeRequest, holdingDetailView, performanceView, portfolioView, ReleaseRequest, ReserveRequest, reservationView, SYMBOL_MESSAGE,
} from './dto.ts';
import * as portfolio from './usecases.ts';

const orderIdParam = (ctx: { params: Record<string, string | undefined> }) => uuidParam(ctx, 'orderId');

/** Symbols are capitals; a client's `infy` means INFY. */
function symbolParam(ctx: { params: Record<string, string | undefined> }): string {
  const symbol = (ctx.params.symbol ?? '').toUpperCase();
  if (!SYMBOL.test(symbol)) throw problems.validation([{ field: 'symbol', message: SYMBOL_MESSAGE }]);
  return symbol;
}

export function portfolioRoutes(deps: portfolio.PortfolioDeps, verifier: TokenVerifier): Router {
  const { db } = deps;
  const router = new Router();
  // The caller's own portfolio only: no route takes a user id from the client.
  const signedIn = authenticate(verifier);

  router.get('/portfolio', signedIn, async (ctx) => {
    ctx.body = portfolioView(await portfolio.valuePortfolio(deps, caller(ctx).id));
  });

  router.get('/portfolio/performance', signedIn, async (ctx) => {
    ctx.body = performanceView(await portfolio.valuePortfolio(deps, caller(ctx).id));
  });

  router.get('/portfolio/holdings/:symbol', signedIn, async (ctx) => {
    const { valued, reserved } = await portfolio.holdingOf(deps, caller(ctx).id, symbolParam(ctx));
    ctx.body = holdingDetailView(valued, reserved);
  });

  // For the order saga: shares set aside for open SELL orders. Each change runs once per
  // Idempotency-Key; a repeat gets the first answer, a refusal included.
  router.post('/internal/holdings/reservations', async (ctx) => {
    const body = await parseBody(ReserveRequest, ctx.request.body);
    await answerOnce(ctx, db, async (t) => ({ status: 201, body: reservationView(await portfolio.reserve(t, body)) }));
  });

  router.get('/internal/holdings/reservations/:orderId', async (ctx) => {
    ctx.body = reservationView(await portfolio.reservation(db, orderIdParam(ctx)));
  });

  router.post('/internal/holdings/reservations/:orderId/release', async (ctx) => {
    const orderId = orderIdParam(ctx);
    const body = await parseBody(ReleaseRequest, ctx.request.body ?? {});
    await answerOnce(ctx, db, async (t) => ({ status: 200, body: reservationView(await portfolio.release(t, orderId, body.reason ?? null)) }));
  });

  router.post('/internal/holdings/reservations/:orderId/consume', async (ctx) => {
    const orderId = orderIdParam(ctx);
    const body = await parseBody(ConsumeRequest, ctx.request.body);
    await answerOnce(ctx, db, async (t) => ({ status: 200, body: reservationView(await portfolio.consume(t, orderId, body.quantity)) }));
  });

  return router;
}
