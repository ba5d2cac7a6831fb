// HTTP: parse and validate, call a use case, shape the reply.
import {
  AdjustmentRequest, answerOnce, authenticate, caller, CreditRequest, DebitRequest, DEFAULT_PAGE_SIZE, pageStart, DEFAULT_CURRENCY, encodeCursor,
  fundsRoutes as routes, LockRequest, parseBody, parseQuery, ReleaseRequest, Router, SettlementRequest, SettleRequest, uuidParam, WalletQuery, WalletsQuery,
  type TokenVerifier,
} from '@winvestco/common';
import { adjustmentAnswer, lockView, settlementAnswer, TransactionsQuery, transactionView, walletView } from './dto.ts';
import * as funds from './usecases.ts';

export function fundsRoutes(db: funds.FundsDb, verifier: TokenVerifier): Router {
  const router = new Router();
  const signedIn = authenticate(verifier);

  router.get('/wallets/me', signedIn, async (ctx) => {
    const { wallet, locks } = await funds.walletOf(db, caller(ctx).id);
    ctx.body = { ...walletView(wallet), openLocks: locks.map(lockView) };
  });

  router.get('/wallets/me/transactions', signedIn, async (ctx) => {
    const query = await parseQuery(TransactionsQuery, ctx.query);
    const before = pageStart(query);
    const page = await funds.transactionsOf(db, caller(ctx).id, query.limit ?? DEFAULT_PAGE_SIZE, before, query.type);
    ctx.body = { items: page.transactions.map(transactionView), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  // For other services (the payment and order sagas, the ledger's reconciliation). Every
  // route that moves money needs an Idempotency-Key: a repeat gets the first answer.
  router.get(routes.wallets.path, async (ctx) => {
    const query = await parseQuery(WalletsQuery, ctx.query);
    const page = await funds.walletsPage(db, query.currency ?? DEFAULT_CURRENCY, query.after ?? null, query.limit ?? 200);
    ctx.body = { items: page.wallets.map(walletView), nextAfter: page.nextAfter };
  });

  router.get(routes.wallet.path, async (ctx) => {
    const query = await parseQuery(WalletQuery, ctx.query);
    ctx.body = walletView((await funds.walletOf(db, uuidParam(ctx, 'userId'), query.currency ?? DEFAULT_CURRENCY)).wallet);
  });

  router.post(routes.lock.path, async (ctx) => {
    const body = await parseBody(LockRequest, ctx.request.body);
    await answerOnce(ctx, db, async (t) => ({ status: 201, body: lockView(await funds.lockFunds(t, { ...body, currency: body.currency ?? DEFAULT_CURRENCY })) }));
  });

  router.get(routes.getLock.path, async (ctx) => {
    ctx.body = lockView(await funds.lockById(db, uuidParam(ctx, 'lockId')));
  });

  router.post(routes.release.path, async (ctx) => {
    const lockId = uuidParam(ctx, 'lockId');
    const body = await parseBody(ReleaseRequest, ctx.request.body ?? {});
    await answerOnce(ctx, db, async (t) => ({ status: 200, body: lockView(await funds.releaseLock(t, lockId, body.reason ?? null)) }));
  });

  router.post(routes.settle.path, async (ctx) => {
    const lockId = uuidParam(ctx, 'lockId');
    const body = await parseBody(SettleRequest, ctx.request.body);
    await answerOnce(ctx, db, async (t) => {
      const settled = await funds.settleLock(t, lockId, body.amount, body.fee ?? '0');
      return { status: 200, body: { lock: lockView(settled.lock), transaction: transactionView(settled.transaction) } };
    });
  });

  // One fill's part of an order lock; the same fill again answers the same settlement.
  router.post(routes.settlement.path, async (ctx) => {
    const lockId = uuidParam(ctx, 'lockId');
    const body = await parseBody(SettlementRequest, ctx.request.body);
    await answerOnce(ctx, db, async (t) => ({ status: 201, body: settlementAnswer(await funds.settlePart(t, lockId, body.executionId, body.amount, body.fee ?? '0', body.closeLock ? { reason: body.reason ?? null } : null)) }));
  });

  router.post(routes.adjust.path, async (ctx) => {
    const lockId = uuidParam(ctx, 'lockId');
    const body = await parseBody(AdjustmentRequest, ctx.request.body);
    await answerOnce(ctx, db, async (t) => ({ status: 200, body: adjustmentAnswer(await funds.adjustLock(t, lockId, body.held)) }));
  });

  router.post(routes.credit.path, async (ctx) => {
    const body = await parseBody(CreditRequest, ctx.request.body);
    await answerOnce(ctx, db, async (t) => ({
      status: 201,
      body: transactionView(await funds.credit(t, { ...body, fee: body.fee ?? '0', currency: body.currency ?? DEFAULT_CURRENCY, executionId: body.executionId ?? null })),
    }));
  });

  router.post(routes.debit.path, async (ctx) => {
    const body = await parseBody(DebitRequest, ctx.request.body);
    await answerOnce(ctx, db, async (t) => {
      const settled = await funds.debit(t, { ...body, currency: body.currency ?? DEFAULT_CURRENCY });
      return { status: 201, body: { lock: lockView(settled.lock), transaction: transactionView(settled.transaction) } };
    });
  });

  return router;
}
