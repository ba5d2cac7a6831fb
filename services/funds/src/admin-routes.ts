// ADMIN only, through the gateway: every wallet and every fund lock, paged with the kit's
// cursor. The invariant checker reads them (wallet = ledger per user; no lock held for an
// order that has ended). Nothing here changes anything.
import { IsIn, IsOptional, Matches } from 'class-validator';
import {
  authenticate, DEFAULT_PAGE_SIZE, encodeCursor, LOCK_PURPOSES, PageQuery, pageStart, parseQuery, requireRole, Router, type LockPurpose, type TokenVerifier,
} from '@winvestco/common';
import { FundsAdminStore } from './admin-store.ts';
import { LOCK_STATUSES, type LockStatus } from './domain/wallet.ts';
import { lockView, walletView } from './dto.ts';
import type { FundsDb } from './usecases.ts';

class AdminWalletsQuery extends PageQuery {
  @IsOptional() @Matches(/^[A-Z]{3}$/, { message: 'currency must be three capital letters' }) currency?: string;
}

class AdminLocksQuery extends PageQuery {
  @IsOptional() @IsIn(LOCK_STATUSES, { message: `status must be one of ${LOCK_STATUSES.join(', ')}` }) status?: LockStatus;
  @IsOptional() @IsIn(LOCK_PURPOSES, { message: `purpose must be one of ${LOCK_PURPOSES.join(', ')}` }) purpose?: LockPurpose;
}

export function fundsAdminRoutes(db: FundsDb, verifier: TokenVerifier): Router {
  const router = new Router({ prefix: '/admin' });
  const signedIn = authenticate(verifier);
  const admin = requireRole('ADMIN');
  const store = new FundsAdminStore(db);

  router.get('/wallets', signedIn, admin, async (ctx) => {
    const query = await parseQuery(AdminWalletsQuery, ctx.query);
    const page = await store.wallets({ currency: query.currency ?? null }, query.limit ?? DEFAULT_PAGE_SIZE, pageStart(query));
    ctx.body = { items: page.items.map(walletView), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  router.get('/locks', signedIn, admin, async (ctx) => {
    const query = await parseQuery(AdminLocksQuery, ctx.query);
    const page = await store.locks({ status: query.status ?? null, purpose: query.purpose ?? null }, query.limit ?? DEFAULT_PAGE_SIZE, pageStart(query));
    ctx.body = {
      items: page.items.map((lock) => ({ ...lockView(lock), userId: lock.userId, orderId: lock.purpose === 'ORDER' ? lock.reference : null })),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    };
  });

  return router;
}
