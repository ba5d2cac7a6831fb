// ADMIN only, through the gateway: Σ fills per user and symbol, paged with the kit's cursor
// (a page of users). The invariant checker compares it with the portfolio's holdings.
// Nothing here changes anything.
import { authenticate, DEFAULT_PAGE_SIZE, encodeCursor, PageQuery, pageStart, parseQuery, requireRole, Router, type TokenVerifier } from '@winvestco/common';
import { TradeAdminStore } from './admin-store.ts';
import type { TradeDb } from './usecases.ts';

export function tradeAdminRoutes(db: TradeDb, verifier: TokenVerifier): Router {
  const router = new Router({ prefix: '/admin' });
  const store = new TradeAdminStore(db);

  router.get('/positions', authenticate(verifier), requireRole('ADMIN'), async (ctx) => {
    const query = await parseQuery(PageQuery, ctx.query);
    const page = await store.positions(query.limit ?? DEFAULT_PAGE_SIZE, pageStart(query));
    ctx.body = {
      items: page.items.map(({ userId, symbols }) => ({ userId, symbols: symbols.map((s) => ({ ...s, net: s.bought - s.sold })) })),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    };
  });

  return router;
}
