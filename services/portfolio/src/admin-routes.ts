// ADMIN only, through the gateway: every holding and every share reservation, paged with
// the kit's cursor. The invariant checker reads them (holdings = Σ fills per user and
// symbol; no reservation held for an order that has ended). Nothing here changes anything.
import { IsIn, IsOptional, Matches } from 'class-validator';
import { Transform } from 'class-transformer';
import {
  authenticate, DEFAULT_PAGE_SIZE, encodeCursor, PageQuery, pageStart, parseQuery, requireRole, RESERVATION_STATUSES, Router, SYMBOL, SYMBOL_MESSAGE,
  type ReservationStatus, type TokenVerifier,
} from '@winvestco/common';
import { PortfolioAdminStore, type AdminHolding } from './admin-store.ts';
import { reservationView } from './dto.ts';
import type { PortfolioDeps } from './usecases.ts';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);

class AdminHoldingsQuery extends PageQuery {
  @IsOptional() @Transform(upper) @Matches(SYMBOL, { message: SYMBOL_MESSAGE }) symbol?: string;
}

class AdminReservationsQuery extends PageQuery {
  @IsOptional() @IsIn(RESERVATION_STATUSES, { message: `status must be one of ${RESERVATION_STATUSES.join(', ')}` }) status?: ReservationStatus;
}

const holdingView = (h: AdminHolding) => ({
  holdingId: h.holdingId, userId: h.userId, symbol: h.symbol, currency: h.currency, quantity: h.quantity, reservedQuantity: h.reservedQuantity,
  averageCost: h.averageCost, realisedPnl: h.realisedPnl, createdAt: h.createdAt.toISOString(), updatedAt: h.updatedAt.toISOString(),
});

export function portfolioAdminRoutes({ db }: Pick<PortfolioDeps, 'db'>, verifier: TokenVerifier): Router {
  const router = new Router({ prefix: '/admin' });
  const signedIn = authenticate(verifier);
  const admin = requireRole('ADMIN');
  const store = new PortfolioAdminStore(db);

  router.get('/holdings', signedIn, admin, async (ctx) => {
    const query = await parseQuery(AdminHoldingsQuery, ctx.query);
    const page = await store.holdings({ symbol: query.symbol ?? null }, query.limit ?? DEFAULT_PAGE_SIZE, pageStart(query));
    ctx.body = { items: page.items.map(holdingView), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  router.get('/reservations', signedIn, admin, async (ctx) => {
    const query = await parseQuery(AdminReservationsQuery, ctx.query);
    const page = await store.reservations({ status: query.status ?? null }, query.limit ?? DEFAULT_PAGE_SIZE, pageStart(query));
    ctx.body = { items: page.items.map(reservationView), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  return router;
}
