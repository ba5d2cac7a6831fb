// HTTP: parse and validate, hand the order to its symbol's book (an actor, wherever
// placement put it), shape the reply.
import {
  authenticate, caller, CancelOrderRequest, ModifyOrderRequest, parseBody, parseQuery, problems, Router, SIDES, SubmitOrderRequest, SYMBOL, SYMBOL_MESSAGE, uuidParam,
  type DaprSidecar, type Side, type TokenVerifier,
} from '@winvestco/common';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsUUID, Matches, Max, Min } from 'class-validator';
import { IsMoney, toNumber } from '@winvestco/common';
import { BOOK_ACTOR, type BookAnswer } from './actor.ts';
import { estimateCharges } from './domain/charges.ts';
import { executionView } from './dto.ts';
import type { TradeDb } from './usecases.ts';

class ExecutionsQuery {
  @IsUUID() orderId!: string;
}

class EstimateQuery {
  @Matches(SYMBOL, { message: SYMBOL_MESSAGE }) symbol!: string;
  @IsIn(SIDES, { message: 'side must be BUY or SELL' }) side!: Side;
  @Transform(toNumber) @IsInt({ message: 'quantity must be a whole number of shares' }) @Min(1) @Max(10_000_000) quantity!: number;
  @IsMoney({ positive: true, max: '10000000' }) price!: string;
}

export interface TradeRouteDeps {
  db: TradeDb;
  dapr: DaprSidecar;
  verifier: TokenVerifier;
}

export function tradeRoutes({ db, dapr, verifier }: TradeRouteDeps): Router {
  const router = new Router();
  const signedIn = authenticate(verifier);

  /** One call into a symbol's book; its refusals come back as problems, its failures as 503. */
  const book = async (symbol: string, method: string, body: unknown) => {
    const reply = await dapr.invokeActor<BookAnswer>(BOOK_ACTOR, symbol, method, body).catch(() => null);
    if (!reply || reply.status !== 200) throw problems.unavailable(`The ${symbol} book cannot be reached now; try again`, 1);
    const answer = reply.body;
    if (!answer.ok) throw answer.status === 404 ? problems.notFound(answer.detail) : answer.status === 409 ? problems.conflict(answer.detail) : problems.unprocessable([{ field: answer.field ?? 'order', message: answer.detail }]);
    return answer.body;
  };

  router.post('/internal/trade/orders', async (ctx) => {
    const order = await parseBody(SubmitOrderRequest, ctx.request.body);
    ctx.body = await book(order.symbol, 'submit', order);
  });

  router.post('/internal/trade/orders/:orderId/cancel', async (ctx) => {
    const orderId = uuidParam(ctx, 'orderId');
    const body = await parseBody(CancelOrderRequest, ctx.request.body);
    ctx.body = await book(body.symbol, 'cancel', { orderId, reason: body.reason ?? 'cancelled', expired: body.expired === true });
  });

  router.post('/internal/trade/orders/:orderId/modify', async (ctx) => {
    const orderId = uuidParam(ctx, 'orderId');
    const body = await parseBody(ModifyOrderRequest, ctx.request.body);
    ctx.body = await book(body.symbol, 'modify', { orderId, quantity: body.quantity, limitPrice: body.limitPrice });
  });

  // A client sees the executions of its own orders only; another user's order has none to show.
  router.get('/executions', signedIn, async (ctx) => {
    const { orderId } = await parseQuery(ExecutionsQuery, ctx.query);
    const executions = (await db.book.executions(orderId)).filter((e) => e.userId === caller(ctx).id);
    ctx.body = { items: executions.map(executionView) };
  });

  router.get('/orderbook/:symbol', async (ctx) => {
    const symbol = ctx.params.symbol ?? '';
    if (!SYMBOL.test(symbol)) throw problems.validation([{ field: 'symbol', message: SYMBOL_MESSAGE }]);
    ctx.body = await book(symbol, 'depth', {});
  });

  router.get('/charges/estimate', async (ctx) => {
    const query = await parseQuery(EstimateQuery, ctx.query);
    ctx.body = estimateCharges({ symbol: query.symbol, side: query.side, quantity: query.quantity, price: query.price });
  });

  return router;
}
