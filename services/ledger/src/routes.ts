// HTTP: parse and validate, call a use case, shape the reply. Every route needs a bearer
// token; a client sees only their own accounts, an admin everything.
import {
  authenticate, caller, DEFAULT_PAGE_SIZE, DEFAULT_CURRENCY, pageStart, encodeCursor, parseBody, parseQuery, problems, requireRole, Router, uuidParam,
  type Caller, type TokenVerifier,
} from '@winvestco/common';
import { accountOf, cashAccount, lockedAccount, ownsAccount, type Account } from './domain/accounts.ts';
import { balanceView, BalanceQuery, EntriesQuery, entryView, MismatchesQuery, mismatchesView, reconciliationView, ReversalRequest, trialBalanceView } from './dto.ts';
import type { WalletLookup } from './funds.ts';
import type { Reconciler } from './reconciler.ts';
import * as ledger from './usecases.ts';

const isAdmin = (who: Caller) => who.roles.includes('ADMIN');


function accountParam(text: string | undefined, field: string): Account {
  const account = accountOf(text ?? '');
  if (!account) {
    throw problems.validation([{ field, message: `${field} must be cash:<userId>, cash-locked:<userId>, payment-gateway, exchange-settlement, fees-revenue or holdings-clearing` }]);
  }
  return account;
}

/** Clients read their own accounts only; which accounts exist is no secret, their contents are. */
function mayRead(who: Caller, account: Account): void {
  if (!isAdmin(who) && !ownsAccount(who.id, account)) throw problems.forbidden('You may read only your own accounts (cash:<your id> and cash-locked:<your id>)');
}

/** An ISO 8601 instant as PostgreSQL takes it, or a 400 naming the field. */
function instant(text: string | undefined, field: string): string | null {
  if (text === undefined) return null;
  const at = new Date(text);
  const year = at.getUTCFullYear();
  if (Number.isNaN(at.getTime()) || year < 1970 || year > 9999) throw problems.validation([{ field, message: `${field} must be a date between 1970 and 9999` }]);
  return at.toISOString();
}

export function ledgerRoutes(db: ledger.LedgerDb, verifier: TokenVerifier, wallets: WalletLookup, reconciler: Reconciler): Router {
  const router = new Router({ prefix: '/ledger' });
  const signedIn = authenticate(verifier);
  const admin = requireRole('ADMIN');

  router.get('/accounts/:account/balance', signedIn, async (ctx) => {
    const account = accountParam(ctx.params.account, 'account');
    mayRead(caller(ctx), account);
    const query = await parseQuery(BalanceQuery, ctx.query);
    ctx.body = balanceView(await ledger.accountBalance(db, account, query.currency ?? DEFAULT_CURRENCY));
  });

  router.get('/entries', signedIn, async (ctx) => {
    const who = caller(ctx);
    const query = await parseQuery(EntriesQuery, ctx.query);
    const account = query.account === undefined ? null : accountParam(query.account, 'account');
    if (account) mayRead(who, account);
    const from = instant(query.from, 'from');
    const to = instant(query.to, 'to');
    if (from && to && from > to) throw problems.validation([{ field: 'to', message: 'to must not be before from' }]);
    const after = pageStart(query);
    const accounts = account ? [account.code] : isAdmin(who) ? null : [cashAccount(who.id), lockedAccount(who.id)];
    const page = await ledger.listEntries(db, { accounts, from, to, after, limit: query.limit ?? DEFAULT_PAGE_SIZE });
    ctx.body = { items: page.entries.map(entryView), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  router.post('/entries/:id/reversal', signedIn, admin, async (ctx) => {
    const id = uuidParam(ctx, 'id');
    const body = await parseBody(ReversalRequest, ctx.request.body);
    const { created, entry } = await ledger.reverseEntry(db, id, body.reason);
    ctx.status = created ? 201 : 200;
    ctx.body = entryView(entry);
  });

  router.get('/trial-balance', signedIn, admin, async (ctx) => {
    ctx.body = trialBalanceView(await ledger.trialBalance(db));
  });

  // The continuous reconciliation's findings: open dead letters first, then lasting differences.
  router.get('/reconciliation', signedIn, admin, async (ctx) => {
    const query = await parseQuery(MismatchesQuery, ctx.query);
    const report = await ledger.mismatches(db, query.suspects === 'true');
    const letters = await db.deadLetters.list({ openOnly: true, limit: 200 });
    ctx.body = mismatchesView(report, letters, reconciler.lastSweep);
  });

  router.post('/reconciliation/sweep', signedIn, admin, async (ctx) => {
    reconciler.sweepNow();
    ctx.status = 202;
    ctx.body = { sweep: 'started' };
  });

  router.get('/reconciliation/:userId', signedIn, async (ctx) => {
    const userId = uuidParam(ctx, 'userId');
    const who = caller(ctx);
    if (!isAdmin(who) && who.id.toLowerCase() !== userId) throw problems.forbidden('You may reconcile only your own wallet');
    ctx.body = reconciliationView(await ledger.reconcile(db, wallets, userId));
  });

  return router;
}
