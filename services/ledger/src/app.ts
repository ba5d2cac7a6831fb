import type { ServiceDeps, ServiceParts } from '@winvestco/common';
import type { LedgerConfig } from './config.ts';
import { fundsWallets } from './funds.ts';
import { fundsSubscription } from './handlers.ts';
import { ledgerRoutes } from './routes.ts';
import type { LedgerRepositories } from './store.ts';

/**
 * The ledger service: posts one journal entry per money movement of the funds service
 * (topic `funds`), and answers balances, statements, the trial balance and the
 * reconciliation with the funds service's wallets. Tokens: the kit's verifier (signature and session projection).
 */
export async function buildLedgerService({ dapr, db, verifier }: ServiceDeps<LedgerRepositories, LedgerConfig>): Promise<ServiceParts<LedgerRepositories>> {
  return {
    routes: ledgerRoutes(db, verifier, fundsWallets(dapr)),
    subscriptions: [fundsSubscription()],
  };
}
