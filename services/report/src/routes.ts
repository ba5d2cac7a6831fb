// HTTP: parse and validate, call a use case, shape the reply. Every route needs a bearer
// token; a user reaches only their own reports (another user's id is a 404). The admin
// routes show the projections' lag, rebuild them, and answer the ledger totals the
// invariant checker compares with the ledger's trial balance.
import {
  authenticate, caller, DEFAULT_PAGE_SIZE, encodeCursor, pageStart, parseBody, parseQuery, problems, requireRole, Router, uuidParam, type TokenVerifier,
} from '@winvestco/common';
import { DownloadQuery, FillsQuery, ReportRequest, ReportsQuery, reportView, TotalsQuery } from './dto.ts';
import type { ReportGenerator } from './generator.ts';
import type { Rebuilder } from './rebuild.ts';
import * as reports from './usecases.ts';

export function reportRoutes(deps: { db: reports.ReportDb; verifier: TokenVerifier; generator: ReportGenerator; rebuilder: Rebuilder }): Router {
  const { db, generator, rebuilder } = deps;
  const router = new Router();
  const signedIn = authenticate(deps.verifier);
  const admin = requireRole('ADMIN');

  router.post('/reports', signedIn, async (ctx) => {
    const body = await parseBody(ReportRequest, ctx.request.body);
    const report = await reports.requestReport(db, caller(ctx).id, body);
    generator.wake();
    ctx.status = 202;
    ctx.set('Location', `/reports/${report.id}`);
    ctx.body = reportView(report);
  });

  router.get('/reports', signedIn, async (ctx) => {
    const query = await parseQuery(ReportsQuery, ctx.query);
    const page = await reports.reportsOf(db, caller(ctx).id, pageStart(query), query.limit ?? DEFAULT_PAGE_SIZE);
    ctx.body = { items: page.items.map((r) => reportView(r)), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  // The caller's fills as the projection holds them, newest first: how soon a fill shows.
  router.get('/reports/fills', signedIn, async (ctx) => {
    const query = await parseQuery(FillsQuery, ctx.query);
    const fills = await db.projections.recentFills(caller(ctx).id, query.limit ?? DEFAULT_PAGE_SIZE);
    ctx.body = {
      items: fills.map((f) => ({
        executionId: f.executionId, orderId: f.orderId, symbol: f.symbol, side: f.side, quantity: f.quantity, price: f.price.toFixed(4), fees: f.fees.toFixed(4),
        charges: f.charges && Object.fromEntries(Object.entries(f.charges).map(([k, v]) => [k, v.toFixed(4)])), executedAt: f.executedAt.toISOString(),
      })),
    };
  });

  router.get('/reports/:id', signedIn, async (ctx) => {
    const found = await reports.reportOf(db, caller(ctx).id, uuidParam(ctx, 'id'));
    if (!found) throw problems.notFound('No such report');
    ctx.body = reportView(found);
  });

  router.get('/reports/:id/download', signedIn, async (ctx) => {
    const id = uuidParam(ctx, 'id');
    const { format } = await parseQuery(DownloadQuery, ctx.query);
    const file = await reports.download(db, caller(ctx).id, id, format);
    ctx.set('Content-Disposition', `attachment; filename="${file.name}"`);
    ctx.type = file.type;
    ctx.body = file.content;
  });

  router.get('/admin/reports/projections', signedIn, admin, async (ctx) => {
    const { status, archive, rebuild } = await reports.projections(db, rebuilder);
    ctx.body = {
      projections: status.map((p) => ({
        name: p.name, events: p.events, lastEventId: p.lastEventId, lastEventType: p.lastEventType, lastEventAt: p.lastEventAt?.toISOString() ?? null,
        lastAppliedAt: p.lastAppliedAt?.toISOString() ?? null, lastEventAgeSeconds: p.ageSeconds === null ? null : Math.round(p.ageSeconds * 1000) / 1000,
      })),
      archive: { events: archive.events, lastReceivedAt: archive.lastReceivedAt?.toISOString() ?? null },
      rebuild: rebuildView(rebuild),
    };
  });

  router.post('/admin/reports/rebuild', signedIn, admin, async (ctx) => {
    ctx.status = 202;
    ctx.body = rebuildView(rebuilder.start());
  });

  router.get('/admin/reports/totals', signedIn, admin, async (ctx) => {
    const { currency } = await parseQuery(TotalsQuery, ctx.query);
    ctx.body = await reports.ledgerTotals(db, currency);
  });

  return router;
}

function rebuildView(r: Rebuilder['state']) {
  return { status: r.status, startedAt: r.startedAt?.toISOString() ?? null, finishedAt: r.finishedAt?.toISOString() ?? null, replayed: r.replayed, error: r.error };
}
