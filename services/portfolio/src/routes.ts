// HTTP: parse and validate, call a use case, shape the reply.
import {
  answerOnce, authenticate, caller, parseBody, portfolioRoutes as routes, problems, ReservationAdjustRequest, ReservationReleaseRequest, ReserveRequest,
  Router, SYMBOL, uuidParam, type TokenVerifier,
} from '@winvestco/common';
import { holdingDetailView, performanceView, portfolioView, reservationView, SYMBOL_MESSAGE } from './dto.ts';
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

  // For the order saga (contracts/routes/portfolio.ts): shares set aside for open SELL
  // orders. Each change runs once per Idempotency-Key; a repeat gets the first answer, a
  // refusal included. Sales are not reported here: fills come from trade.executed.
  router.post(routes.reserve.path, async (ctx) => {
    const body = await parseBody(ReserveRequest, ctx.request.body);
    await answerOnce(ctx, db, async (t) => ({ status: 201, body: reservationView(await portfolio.reserve(t, body)) }));
  });

  router.get(routes.reservation.path, async (ctx) => {
    ctx.body = reservationView(await portfolio.reservation(db, orderIdParam(ctx)));
  });

  router.post(routes.release.path, async (ctx) => {
    const orderId = orderIdParam(ctx);
    const body = await parseBody(ReservationReleaseRequest, ctx.request.body ?? {});
    await answerOnce(ctx, db, async (t) => ({ status: 200, body: reservationView(await portfolio.release(t, orderId, body.reason ?? null)) }));
  });

  router.post(routes.adjust.path, async (ctx) => {
    const orderId = orderIdParam(ctx);
    const body = await parseBody(ReservationAdjustRequest, ctx.request.body);
    await answerOnce(ctx, db, async (t) => ({ status: 200, body: reservationView(await portfolio.adjustReservation(t, orderId, body.quantity)) }));
  });

  return router;
}
