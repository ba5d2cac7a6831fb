import { loadConfig, type ServiceConfig } from '@winvestco/common';

export type LedgerConfig = ServiceConfig;

export function readLedgerConfig(): LedgerConfig {
  return loadConfig('ledger');
}
