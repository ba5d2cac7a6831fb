// HTTP: parse and validate, call a use case, shape the reply.
import {
  authenticate, caller, problems, DEFAULT_PAGE_SIZE, encodeCursor, pageStart, parseBody, parseQuery, Router, uuidParam, type SagaDispatch, type TokenVerifier,
} from '@winvestco/common';
import { ModifyOrderRequest, orderView, OrdersQuery, PlaceOrderRequest } from './dto.ts';
import * as orders from './usecases.ts';

export interface OrderRouteDeps extends orders.OrderDeps {
  verifier: TokenVerifier;
  sagas: SagaDispatch;
}

export function orderRoutes(deps: OrderRouteDeps): Router {
  const { db, sagas } = deps;
  const router = new Router();
  const signedIn = authenticate(deps.verifier);

  // Answered once the order and its saga's start are committed; the saga starts right after
  // (or, when the workflow engine is down, as soon as it is back).
  router.post('/orders', signedIn, async (ctx) => {
    const body = await parseBody(PlaceOrderRequest, ctx.request.body);
    const { order, created } = await orders.placeOrder(deps, caller(ctx).id, body);
    ctx.status = created ? 201 : 200;
    ctx.body = orderView(order);
    if (created) sagas.wake();
  });

  router.get('/orders', signedIn, async (ctx) => {
    const query = await parseQuery(OrdersQuery, ctx.query);
    const page = await orders.ordersOf(db, caller(ctx).id, query.limit ?? DEFAULT_PAGE_SIZE, pageStart(query), { symbol: query.symbol, status: query.status });
    ctx.body = { items: page.orders.map((o) => orderView(o)), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  router.get('/orders/:id', signedIn, async (ctx) => {
    const { order, history, fills } = await orders.orderOf(db, caller(ctx).id, uuidParam(ctx, 'id'));
    ctx.body = orderView(order, { history, fills });
  });

  // Answered once the funds or shares set aside and the book have both taken the change.
  router.patch('/orders/:id', signedIn, async (ctx) => {
    const id = uuidParam(ctx, 'id');
    const body = await parseBody(ModifyOrderRequest, ctx.request.body);
    if (body.quantity === undefined && body.limitPrice === undefined) throw problems.validation([{ field: 'quantity', message: 'give a new quantity, a new limitPrice, or both' }]);
    ctx.body = orderView(await orders.modifyOrder(deps, caller(ctx).id, id, body));
    sagas.wake();
  });

  // A cancel is a request: the saga takes the order out of its book and settles what filled.
  router.delete('/orders/:id', signedIn, async (ctx) => {
    const { order, instanceId } = await orders.requestCancel(db, caller(ctx).id, uuidParam(ctx, 'id'));
    await sagas.deliver(instanceId);
    ctx.status = 202;
    ctx.body = { ...orderView(order), cancelRequested: true };
  });

  return router;
}
