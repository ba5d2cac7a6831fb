import { tokenVerifier, type ServiceDeps, type ServiceParts } from '@winvestco/common';
import type { LedgerConfig } from './config.ts';
import { fundsWallets } from './funds.ts';
import { fundsSubscription } from './handlers.ts';
import { ledgerRoutes } from './routes.ts';
import type { LedgerRepositories } from './store.ts';

/**
 * The ledger service: posts one journal entry per money movement of the funds service
 * (topic `funds`), and answers balances, statements, the trial balance and the
 * reconciliation with the funds service's wallets. It verifies tokens with the public key.
 */
export async function buildLedgerService({ config, dapr, db }: ServiceDeps<LedgerRepositories, LedgerConfig>): Promise<ServiceParts<LedgerRepositories>> {
  const verifier = await tokenVerifier(dapr, config.dapr.secretStore);
  return {
    routes: ledgerRoutes(db, verifier, fundsWallets(dapr)),
    subscriptions: [fundsSubscription()],
  };
}
