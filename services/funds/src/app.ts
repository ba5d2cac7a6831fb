import type { ServiceDeps, ServiceParts } from '@winvestco/common';
import type { FundsConfig } from './config.ts';
import { fundsAdminRoutes } from './admin-routes.ts';
import { fundsSubscriptions } from './events.ts';
import { fundsRoutes } from './routes.ts';
import type { FundsRepositories } from './store.ts';

/** The funds service: the wallets' routes (tokens: the kit's verifier, signature and session projection), and wallets opened from user.registered. */
export async function buildFundsService({ db, verifier }: ServiceDeps<FundsRepositories, FundsConfig>): Promise<ServiceParts<FundsRepositories>> {
  const routes = fundsRoutes(db, verifier);
  routes.use(fundsAdminRoutes(db, verifier).routes());
  return {
    routes,
    subscriptions: fundsSubscriptions(),
  };
}
