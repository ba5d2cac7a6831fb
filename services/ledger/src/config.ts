import { loadConfig, type ServiceConfig } from '@winvestco/common';

export interface LedgerConfig extends ServiceConfig {
  /** Whom the reconciliation asks for a wallet (dapr/policy.yaml lets the ledger call it). */
  fundsAppId: string;
}

export function readLedgerConfig(): LedgerConfig {
  return loadConfig('ledger', (reader) => ({
    fundsAppId: reader.string('FUNDS_APP_ID', 'funds-service'),
  }));
}
