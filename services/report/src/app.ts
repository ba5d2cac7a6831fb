import type { ServiceDeps, ServiceParts } from '@winvestco/common';
import type { ReportConfig } from './config.ts';
import { reportSubscriptions } from './events.ts';
import { ReportGenerator } from './generator.ts';
import { Rebuilder } from './rebuild.ts';
import { findFonts } from './render/fonts.ts';
import { reportRoutes } from './routes.ts';
import type { ReportRepositories } from './store.ts';

/**
 * The report service: projections of orders, fills, ledger entries, wallets and quotes,
 * built only from events (each once by id, every one kept in an archive a rebuild replays),
 * and reports generated from them asynchronously, as CSV and PDF.
 */
export async function buildReportService({ config, db, log, metrics, verifier }: ServiceDeps<ReportRepositories, ReportConfig>): Promise<ServiceParts<ReportRepositories>> {
  // Found at start-up: a machine without the font fails now, not at the first PDF.
  const fonts = findFonts();
  const generator = new ReportGenerator(db, fonts, {
    pollMs: config.pollMs, leaseMs: config.leaseMs, maxAttempts: config.maxAttempts, retentionSeconds: config.retentionSeconds, expirySweepMs: config.expirySweepMs,
  }, log, metrics);
  const rebuilder = new Rebuilder(db, log);
  return {
    routes: reportRoutes({ db, verifier, generator, rebuilder }),
    subscriptions: reportSubscriptions(),
    start: async () => generator.start(),
    stop: async () => {
      await generator.stop();
      await rebuilder.stop();
    },
  };
}
