import type { ServiceDeps, ServiceParts } from '@winvestco/common';
import type { PortfolioConfig } from './config.ts';
import { portfolioAdminRoutes } from './admin-routes.ts';
import { portfolioSubscriptions } from './events.ts';
import { MarketQuotes } from './quotes.ts';
import { portfolioRoutes } from './routes.ts';
import type { PortfolioRepositories } from './store.ts';

/**
 * The portfolio service: client routes behind a bearer token (verified with the platform's
 * public key), internal reservation routes for the order saga, and the users and trades
 * subscriptions. Prices come from the market service by invocation.
 */
export async function buildPortfolioService({ config, dapr, db, log, verifier }: ServiceDeps<PortfolioRepositories, PortfolioConfig>): Promise<ServiceParts<PortfolioRepositories>> {
  const quotes = new MarketQuotes(dapr, { appId: config.marketAppId, timeoutMs: config.marketTimeoutMs, pauseMs: config.marketPauseMs }, log);
  const deps = { db, quotes, currency: config.currency, log, remembered: new Map<string, { quotedAt: number; keptAt: number }>() };
  const routes = portfolioRoutes(deps, verifier);
  routes.use(portfolioAdminRoutes(deps, verifier).routes());
  return {
    routes,
    subscriptions: portfolioSubscriptions(config.currency),
  };
}
