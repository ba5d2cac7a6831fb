// ADMIN only, through the gateway: orders of every user (by ids, by status), and those past
// their validity that have not ended, paged with the kit's cursor. The invariant checker
// reads them (every order past its validity terminal; no lock or reservation held for an
// order that has ended). Nothing here changes anything.
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import {
  authenticate, DEFAULT_PAGE_SIZE, encodeCursor, ORDER_STATUSES, PageQuery, pageStart, parseQuery, problems, requireRole, Router,
  type OrderStatus, type TokenVerifier,
} from '@winvestco/common';
import { OrderAdminStore } from './admin-store.ts';
import type { Order } from './domain/order.ts';
import { orderView } from './dto.ts';
import type { OrderDb } from './usecases.ts';

const MAX_IDS = 100;
const split = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((id) => id.trim().toLowerCase()) : value);

class AdminOrdersQuery extends PageQuery {
  @IsOptional() @Transform(split) @ArrayMaxSize(MAX_IDS, { message: `ids must be at most ${MAX_IDS} order ids` })
  @IsUUID('all', { each: true, message: 'ids must be order ids (UUIDs) separated by commas' })
  ids?: string[];

  @IsOptional() @IsIn(ORDER_STATUSES, { message: `status must be one of ${ORDER_STATUSES.join(', ')}` }) status?: OrderStatus;
}

class PastValidityQuery extends PageQuery {
  /** Validity that ended before this instant; now when not given (a checker gives now less a grace period). */
  @IsOptional() @IsISO8601({ strict: true }, { message: 'before must be an ISO 8601 instant' }) before?: string;
}

const adminOrderView = (o: Order) => ({ ...orderView(o), userId: o.userId, lockId: o.lockId });

export function orderAdminRoutes(db: OrderDb, verifier: TokenVerifier): Router {
  const router = new Router({ prefix: '/admin' });
  const signedIn = authenticate(verifier);
  const admin = requireRole('ADMIN');
  const store = new OrderAdminStore(db);

  // Registered before /orders/:anything could be: "past-validity" is not an order id.
  router.get('/orders/past-validity', signedIn, admin, async (ctx) => {
    const query = await parseQuery(PastValidityQuery, ctx.query);
    const before = query.before ? new Date(query.before) : new Date();
    if (Number.isNaN(before.getTime()) || before.getUTCFullYear() < 1970 || before.getUTCFullYear() > 9999) {
      throw problems.validation([{ field: 'before', message: 'before must be an instant between 1970 and 9999' }]);
    }
    const page = await store.pastValidity(before, query.limit ?? DEFAULT_PAGE_SIZE, pageStart(query));
    ctx.body = { before: before.toISOString(), items: page.items.map(adminOrderView), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  router.get('/orders', signedIn, admin, async (ctx) => {
    const query = await parseQuery(AdminOrdersQuery, ctx.query);
    const page = await store.orders({ ids: query.ids ?? null, status: query.status ?? null }, query.limit ?? DEFAULT_PAGE_SIZE, pageStart(query));
    ctx.body = { items: page.items.map(adminOrderView), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  return router;
}
