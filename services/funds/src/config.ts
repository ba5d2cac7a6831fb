import { loadConfig, type ServiceConfig } from '@winvestco/common';

/** The funds service needs only the kit's settings (port, database, sidecar, ...). */
export type FundsConfig = ServiceConfig;

export function readFundsConfig(): FundsConfig {
  return loadConfig('funds');
}
