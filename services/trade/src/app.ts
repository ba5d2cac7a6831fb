import { actorHost, type ServiceDeps, type ServiceParts } from '@winvestco/common';
import { BOOK_ACTOR, bookActor } from './actor.ts';
import { tradeAdminRoutes } from './admin-routes.ts';
import type { TradeConfig } from './config.ts';
import { tradeSubscriptions } from './events.ts';
import { tradeRoutes } from './routes.ts';
import type { TradeRepositories } from './store.ts';

/**
 * The trade service: a book per symbol (an actor), executions and their charges, the
 * public depth and estimate routes. The market's quotes reach each book through its actor.
 */
export async function buildTradeService({ config, dapr, db, log, verifier }: ServiceDeps<TradeRepositories, TradeConfig>): Promise<ServiceParts<TradeRepositories>> {
  const routes = tradeRoutes({ db, dapr, verifier });
  routes.use(tradeAdminRoutes(db, verifier).routes());
  routes.use(actorHost({ [BOOK_ACTOR]: bookActor(db, dapr, log) }, { idleTimeout: config.bookIdleTimeout }).routes());
  return { routes, subscriptions: tradeSubscriptions(dapr) };
}
