import { tokenVerifier, type ServiceDeps, type ServiceParts } from '@winvestco/common';
import type { FundsConfig } from './config.ts';
import { fundsSubscriptions } from './events.ts';
import { fundsRoutes } from './routes.ts';
import type { FundsRepositories } from './store.ts';

/** The funds service: the wallets' routes, and wallets opened from user.registered. */
export async function buildFundsService({ config, dapr, db }: ServiceDeps<FundsRepositories, FundsConfig>): Promise<ServiceParts<FundsRepositories>> {
  return {
    routes: fundsRoutes(db, await tokenVerifier(dapr, config.dapr.secretStore)),
    subscriptions: fundsSubscriptions(),
  };
}
