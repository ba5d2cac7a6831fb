// HTTP: parse and validate, call a use case, shape the reply. Market data is public (not
// personal), so no route asks for a token; the test controls exist only when configured.
import { answerOnce, parseBody, parseQuery, problems, Router, SYMBOL } from '@winvestco/common';
import {
  CandlesQuery, candleView, decodeSymbolCursor, encodeSymbolCursor, instrumentView, ListInstrumentsQuery, marketStatusView, QuotesQuery, quoteView,
  SetClockRequest, SetPriceRequest,
} from './dto.ts';
import * as market from './usecases.ts';

/**
 * A path symbol. Anything that is not even shaped like a symbol is simply not one we know
 * (404), and never reaches the database.
 */
function symbolParam(ctx: { params: Record<string, string | undefined> }): string {
  const symbol = ctx.params.symbol ?? '';
  if (!SYMBOL.test(symbol)) throw problems.notFound('No instrument with that symbol');
  return symbol;
}

export function marketRoutes(live: market.Market, testControls: boolean): Router {
  const { db } = live;
  const router = new Router();

  router.get('/instruments', async (ctx) => {
    const query = await parseQuery(ListInstrumentsQuery, ctx.query);
    const after = query.cursor === undefined ? undefined : decodeSymbolCursor(query.cursor);
    if (after === null) throw problems.validation([{ field: 'cursor', message: 'cursor is not one this service issued' }]);
    const page = await market.listInstruments(db, { q: query.q, status: query.status, exchange: query.exchange, after, limit: query.limit ?? 50 });
    ctx.body = { items: page.instruments.map(instrumentView), nextCursor: page.next ? encodeSymbolCursor(page.next) : null };
  });

  router.get('/instruments/:symbol', async (ctx) => {
    ctx.body = instrumentView(await market.instrument(db, symbolParam(ctx)));
  });

  // The portfolio service prices holdings with this, by service invocation, without a token.
  router.get('/quotes', async (ctx) => {
    const query = await parseQuery(QuotesQuery, ctx.query);
    const found = market.quotes(live, query.symbols.split(','));
    ctx.body = { quotes: found.quotes.map(quoteView), unknown: found.unknown };
  });

  router.get('/quotes/:symbol', (ctx) => {
    ctx.body = quoteView(market.quote(live, symbolParam(ctx)));
  });

  router.get('/candles/:symbol', async (ctx) => {
    const query = await parseQuery(CandlesQuery, ctx.query);
    const series = await market.candles(live, symbolParam(ctx), query.interval, {
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    });
    ctx.body = {
      symbol: series.instrument.symbol, interval: series.interval, currency: series.instrument.currency,
      from: series.from.toISOString(), to: series.to.toISOString(), candles: series.candles.map(candleView),
    };
  });

  router.get('/market/status', (ctx) => {
    ctx.body = marketStatusView(market.marketStatus(live));
  });

  if (testControls) {
    // Tests move the market deterministically through the market service's own sidecar.
    router.post('/internal/market/prices/:symbol', async (ctx) => {
      const symbol = symbolParam(ctx);
      const body = await parseBody(SetPriceRequest, ctx.request.body);
      await answerOnce(ctx, db, async (t) => ({ status: 200, body: quoteView(await market.setPrice(t, live, symbol, body.price)) }));
    });

    router.post('/internal/market/clock', async (ctx) => {
      const body = await parseBody(SetClockRequest, ctx.request.body);
      await answerOnce(ctx, db, async () => ({ status: 200, body: { now: market.setClock(live, new Date(body.now), body.alwaysOpen).toISOString() } }));
    });
  }

  return router;
}
