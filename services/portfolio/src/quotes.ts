// Prices from the market service, by service invocation of its declared route
// (contracts/routes/market.ts, marketRoutes.quotes):
//   GET /quotes?symbols=INFY,TCS -> { quotes: [{ symbol, last, previousClose, updatedAt, ... }], unknown: [...] }
// A market that is down, slow or answers nonsense must never fail a portfolio read: the
// caller gets null and prices the holdings from what it kept.
import { call, marketRoutes, money, moneyProblem, type DaprSidecar, type Logger } from '@winvestco/common';
import type { Quote } from './domain/valuation.ts';

export interface QuoteSource {
  /** Fresh quotes of those symbols the market knows; null when it could not be asked. */
  quotes(symbols: readonly string[]): Promise<Map<string, Quote> | null>;
}

export interface MarketOptions {
  appId: string;
  timeoutMs: number;
  pauseMs: number;
}

// Keeps each query string short; a portfolio of more symbols asks in parallel batches.
const BATCH = 50;

const isPrice = (value: unknown) => moneyProblem(value, { positive: true }) === null;

/**
 * The quotes of the symbols asked for, from the market's answer. A quote that is malformed,
 * or of a symbol not asked for, is left out (that holding is then priced as stale); an
 * answer without a quotes list is no answer.
 */
export function quotesFrom(body: unknown, asked: readonly string[]): Quote[] {
  const list = (body as { quotes?: unknown } | null)?.quotes;
  if (!Array.isArray(list)) throw new Error('the answer has no quotes list');
  const wanted = new Set(asked);
  const quotes: Quote[] = [];
  for (const item of list as Array<Record<string, unknown>>) {
    const { symbol, last, previousClose, updatedAt } = item ?? {};
    if (typeof symbol !== 'string' || !wanted.has(symbol) || !isPrice(last)) continue;
    const at = typeof updatedAt === 'string' && !Number.isNaN(Date.parse(updatedAt)) ? new Date(updatedAt) : new Date();
    quotes.push({ symbol, last: money(last as string), previousClose: isPrice(previousClose) ? money(previousClose as string) : null, at });
  }
  return quotes;
}

export class MarketQuotes implements QuoteSource {
  private pausedUntil = 0;

  constructor(private readonly dapr: DaprSidecar, private readonly options: MarketOptions, private readonly log: Logger) {}

  async quotes(symbols: readonly string[]): Promise<Map<string, Quote> | null> {
    if (symbols.length === 0) return new Map();
    // Right after a failure every read would wait out the timeout again; for a while,
    // stale prices at once are the better answer.
    if (Date.now() < this.pausedUntil) return null;
    const batches: string[][] = [];
    for (let i = 0; i < symbols.length; i += BATCH) batches.push(symbols.slice(i, i + BATCH));
    try {
      const answers = await Promise.all(batches.map((batch) => this.ask(batch)));
      return new Map(answers.flat().map((quote) => [quote.symbol, quote]));
    } catch (error) {
      this.pausedUntil = Date.now() + this.options.pauseMs;
      this.log.warn({ reason: error instanceof Error ? error.message : String(error), pauseMs: this.options.pauseMs }, 'no quotes from the market service; pricing holdings from the last prices seen');
      return null;
    }
  }

  private async ask(symbols: readonly string[]): Promise<Quote[]> {
    const { appId, timeoutMs } = this.options;
    // The route as declared, at the app id this service is configured to ask (MARKET_APP_ID).
    const answer = await call(this.dapr, { ...marketRoutes.quotes, app: appId }, { query: { symbols: symbols.join(',') }, timeoutMs });
    if (!answer.ok) throw new Error(`${appId} answered ${answer.status} to GET /quotes: ${answer.problem.detail ?? answer.problem.title}`);
    return quotesFrom(answer.body, symbols);
  }
}
