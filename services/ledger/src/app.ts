import type { ServiceDeps, ServiceParts } from '@winvestco/common';
import type { LedgerConfig } from './config.ts';
import { fundsSubscription, tradesSubscription } from './events.ts';
import { fundsWallets } from './funds.ts';
import { Reconciler } from './reconciler.ts';
import { ledgerRoutes } from './routes.ts';
import type { LedgerRepositories } from './store.ts';

/**
 * The ledger service: posts one journal entry per money movement of the funds service
 * (topic `funds`), answers balances, statements and the trial balance, and reconciles each
 * user's cash accounts with their wallet continuously (after their postings, and in a full
 * sweep on a schedule). Tokens: the kit's verifier (signature and session projection).
 */
export async function buildLedgerService({ config, dapr, db, log, metrics, verifier }: ServiceDeps<LedgerRepositories, LedgerConfig>): Promise<ServiceParts<LedgerRepositories>> {
  const wallets = fundsWallets(dapr);
  const reconciler = new Reconciler(db, wallets, {
    graceMs: config.reconcileGraceMs, recheckMs: config.reconcileRecheckMs, sweepMs: config.reconcileSweepMs, pollMs: config.reconcilePollMs,
  }, log, metrics);
  return {
    routes: ledgerRoutes(db, verifier, wallets, reconciler),
    subscriptions: [fundsSubscription(), tradesSubscription()],
    start: async () => reconciler.start(),
    stop: () => reconciler.stop(),
  };
}
