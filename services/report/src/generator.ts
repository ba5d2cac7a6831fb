// The generator: claims due reports from the database by a lease (never an in-memory
// queue), so a report asked for survives a crash: a generator that dies mid-way leaves
// its report RUNNING with a lease that runs out, and the next pass (here or in another
// replica) claims it again. A failed attempt is tried again up to maxAttempts, then FAILED.
// The same loop expires reports past their retention.
import { Histogram } from 'prom-client';
import { repeat, type Database, type Logger, type Metrics, type Repeating } from '@winvestco/common';
import { documentFor, render } from './generate.ts';
import type { FontFiles } from './render/fonts.ts';
import type { ClaimedReport, ReportRepositories } from './store.ts';

export interface GeneratorOptions {
  pollMs: number;
  leaseMs: number;
  maxAttempts: number;
  retentionSeconds: number;
  expirySweepMs: number;
}

export class ReportGenerator {
  private loop?: Repeating;
  private sweep?: Repeating;
  private readonly duration: Histogram;

  constructor(
    private readonly db: Database<ReportRepositories>,
    private readonly fonts: FontFiles,
    private readonly options: GeneratorOptions,
    private readonly log: Logger,
    metrics: Metrics,
  ) {
    this.duration = new Histogram({
      name: 'report_generation_seconds', help: 'Time to generate one report (CSV and PDF), by type and outcome',
      labelNames: ['type', 'outcome'], registers: [metrics.registry], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    });
  }

  start(): void {
    this.loop = repeat(() => this.pass(), this.options.pollMs, (error) => this.log.warn({ err: error }, 'could not claim reports; trying again later'));
    this.sweep = repeat(async () => {
      const expired = await this.db.reports.expire();
      if (expired) this.log.info({ expired }, 'reports past their retention expired');
    }, this.options.expirySweepMs, (error) => this.log.warn({ err: error }, 'the expiry sweep failed'));
  }

  wake(): void {
    this.loop?.wake();
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
    await this.sweep?.stop();
  }

  private async pass(): Promise<void> {
    for (;;) {
      const claim = await this.db.reports.claim(this.options.leaseMs);
      if (!claim) return;
      await this.generate(claim);
    }
  }

  private async generate(claim: ClaimedReport): Promise<void> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const output = await render(await documentFor(this.db, claim), this.fonts);
      const kept = await this.db.reports.complete(claim, output, this.options.retentionSeconds);
      this.duration.observe({ type: claim.type, outcome: kept ? 'completed' : 'lease_lost' }, seconds());
      this.log.info({ reportId: claim.id, type: claim.type, rows: output.rows, ms: Math.round(seconds() * 1000), kept }, 'report generated');
    } catch (error) {
      const final = claim.attempt >= this.options.maxAttempts;
      this.duration.observe({ type: claim.type, outcome: final ? 'failed' : 'retry' }, seconds());
      this.log.error({ err: error, reportId: claim.id, attempt: claim.attempt, final }, 'report generation failed');
      await this.db.reports.failed(claim, error instanceof Error ? error.message : String(error), final);
    }
  }
}
