// The continuous reconciliation with the funds service (docs/domain.md, Ledger): every user
// a posting touched is checked against their wallet a moment later, and every wallet in a
// full sweep on a schedule, both with the kit's repeat(). A difference that lasts is
// reported until resolved: the ledger_reconciliation_mismatches gauge, an error log line
// naming the open dead letters of that user (the likely cause), and GET /ledger/reconciliation.
import { Gauge } from 'prom-client';
import { repeat, type Logger, type Metrics, type Repeating } from '@winvestco/common';
import type { Timing } from './domain/reconciliation.ts';
import type { WalletLookup } from './funds.ts';
import { checkUser, followUp, sweep, type LedgerDb, type Observation, type SweepResult } from './usecases.ts';

export interface ReconcilerSettings extends Timing {
  sweepMs: number;
  pollMs: number;
}

export interface LastSweep {
  startedAt: Date;
  finishedAt: Date | null;
  wallets: number;
  withoutWallet: number;
  differences: number;
  error: string | null;
}

// A check that could not ask the funds service tries again this much later.
const RETRY_MS = 5000;
const LEASE_SECONDS = 30;
const BATCH = 50;

export class Reconciler {
  private checks?: Repeating;
  private sweeps?: Repeating;
  lastSweep: LastSweep | null = null;

  constructor(private readonly db: LedgerDb, private readonly wallets: WalletLookup, private readonly settings: ReconcilerSettings, private readonly log: Logger, metrics: Metrics) {
    new Gauge({
      name: 'ledger_reconciliation_mismatches',
      help: 'Users whose wallet and cash accounts have differed for longer than the grace period (GET /ledger/reconciliation)',
      registers: [metrics.registry],
      collect: async function (this: Gauge) {
        this.set(await db.reconciliation.counts().then((c) => c.mismatches, () => -1));
      },
    });
  }

  start(): void {
    this.checks = repeat(() => this.checkDue(), this.settings.pollMs, (error) => this.log.warn({ err: error }, 'the reconciliation checks failed; trying again'));
    this.sweeps = repeat(() => this.sweepAll(), this.settings.sweepMs, (error) => this.log.warn({ err: error }, 'the reconciliation sweep failed; it runs again at the next interval'));
  }

  async stop(): Promise<void> {
    await Promise.all([this.checks?.stop(), this.sweeps?.stop()]);
  }

  /** Runs the full sweep now (after the one in progress, if any). */
  sweepNow(): void {
    this.sweeps?.wake();
  }

  /** The users due a check: each compared, recorded, and released (or retried later when the funds service did not answer). */
  private async checkDue(): Promise<void> {
    for (;;) {
      const due = await this.db.reconciliation.claim(BATCH, LEASE_SECONDS);
      if (due.length === 0) return;
      for (const { userId, leasedUntil } of due) {
        try {
          const observation = await checkUser(this.db, this.wallets, userId, this.settings);
          // Released first, then the next check the verdict asks for (a posting meanwhile keeps its own).
          await this.db.reconciliation.done(userId, leasedUntil);
          await followUp(this.db, observation);
          await this.report(observation);
        } catch (error) {
          await this.db.reconciliation.done(userId, leasedUntil);
          await this.db.reconciliation.schedule(userId, new Date(Date.now() + RETRY_MS));
          this.log.warn({ userId, reason: error instanceof Error ? error.message : String(error) }, 'a reconciliation check could not be made; trying again shortly');
        }
      }
    }
  }

  private async sweepAll(): Promise<void> {
    const startedAt = new Date();
    this.lastSweep = { startedAt, finishedAt: null, wallets: 0, withoutWallet: 0, differences: 0, error: null };
    let result: SweepResult;
    try {
      result = await sweep(this.db, this.wallets, this.settings);
    } catch (error) {
      this.lastSweep = { ...this.lastSweep, finishedAt: new Date(), error: error instanceof Error ? error.message : String(error) };
      throw error;
    }
    for (const observation of result.observations) await this.report(observation);
    const differences = result.observations.filter((o) => o.mismatch).length;
    this.lastSweep = { startedAt, finishedAt: result.finishedAt, wallets: result.wallets, withoutWallet: result.withoutWallet, differences, error: null };
    this.log.info({ wallets: result.wallets, withoutWallet: result.withoutWallet, differences, ms: result.finishedAt.getTime() - startedAt.getTime() }, 'reconciliation sweep done');
  }

  /** Says what a check found: a new mismatch as an error naming the user's open dead letters, a resolved one as info. */
  private async report({ userId, verdict, mismatch }: Observation): Promise<void> {
    if (verdict.kind === 'resolved' && verdict.wasReported) {
      this.log.info({ userId }, 'the ledger matches the wallet again: the mismatch is resolved');
    }
    if (verdict.kind === 'mismatch' && verdict.newly && mismatch) {
      const letters = await this.db.deadLetters.list({ subject: userId, openOnly: true, limit: 20 });
      this.log.error({
        userId, currency: mismatch.currency, since: mismatch.firstSeenAt.toISOString(),
        differences: { available: mismatch.differences.available.toFixed(4), locked: mismatch.differences.locked.toFixed(4) },
        deadLetters: letters.map((d) => ({ id: d.id, type: d.type, reason: d.reason })),
      }, letters.length > 0
        ? `the ledger does not match the wallet of ${userId}: ${letters.length} of their funds events are dead letters (GET /admin/dead-letters, replay them)`
        : `the ledger does not match the wallet of ${userId}, and no dead letter explains it`);
    }
  }
}
