import { subscribe, usersTopic, type ServiceConfig, type ServiceDeps, type ServiceParts } from '@winvestco/common';
import { fundsRoutes } from './routes.ts';
import type { FundsRepositories } from './store.ts';
import { openWallet } from './usecases.ts';

/** The funds service: wallets opened from user.registered; the routes. */
export async function buildFundsService({ db, verifier }: ServiceDeps<FundsRepositories, ServiceConfig>): Promise<ServiceParts<FundsRepositories>> {
  return {
    routes: fundsRoutes(db, verifier),
    subscriptions: [
      subscribe(usersTopic, {
        'user.registered': async (t, user) => void (await openWallet(t, user.userId)),
      }),
    ],
  };
}
