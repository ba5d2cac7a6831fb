import { loadConfig, type ServiceConfig } from '@winvestco/common';

export interface LedgerConfig extends ServiceConfig {
  /** How long a difference between a wallet and the ledger must stay the same before it is reported (events in flight settle well within it). */
  reconcileGraceMs: number;
  /** How often a reported mismatch is checked again, so it clears itself once resolved. */
  reconcileRecheckMs: number;
  /** How often every wallet is compared (the full sweep); also once at start. */
  reconcileSweepMs: number;
  /** How often the users due a check (touched by a posting, or a recheck) are looked for. */
  reconcilePollMs: number;
}

export function readLedgerConfig(): LedgerConfig {
  return loadConfig('ledger', (reader) => ({
    reconcileGraceMs: reader.integer('LEDGER_RECONCILE_GRACE_MS', 30_000, 0),
    reconcileRecheckMs: reader.integer('LEDGER_RECONCILE_RECHECK_MS', 60_000, 100),
    reconcileSweepMs: reader.integer('LEDGER_RECONCILE_SWEEP_MS', 15 * 60_000, 1000),
    reconcilePollMs: reader.integer('LEDGER_RECONCILE_POLL_MS', 1000, 50),
  }));
}
