import { loadConfig, type ServiceConfig } from '@winvestco/common';

export interface ReportConfig extends ServiceConfig {
  /** How long a generated report can be downloaded; then it is EXPIRED (410). */
  retentionSeconds: number;
  /** How often due reports are looked for (a new request wakes the generator at once). */
  pollMs: number;
  /** How long a generator holds a report before another may claim it again. */
  leaseMs: number;
  /** Attempts per report; after the last failure it is FAILED. */
  maxAttempts: number;
  expirySweepMs: number;
}

export function readReportConfig(): ReportConfig {
  return loadConfig('report', (reader) => ({
    retentionSeconds: reader.integer('REPORT_RETENTION_SECONDS', 7 * 24 * 3600, 1),
    pollMs: reader.integer('REPORT_POLL_MS', 1_000, 10),
    leaseMs: reader.integer('REPORT_LEASE_MS', 120_000, 100),
    maxAttempts: reader.integer('REPORT_MAX_ATTEMPTS', 3, 1),
    expirySweepMs: reader.integer('REPORT_EXPIRY_SWEEP_MS', 60_000, 100),
  }));
}
