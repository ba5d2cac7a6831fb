import { loadConfig, type ServiceConfig } from '@winvestco/common';

export interface UserConfig extends ServiceConfig {
  /** Access tokens are short-lived; a refresh token gets the next one. */
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

export function readUserConfig(): UserConfig {
  return loadConfig('user', (reader) => ({
    accessTtlSeconds: reader.integer('JWT_TTL_SECONDS', 900, 60),
    refreshTtlSeconds: reader.integer('REFRESH_TTL_SECONDS', 7 * 24 * 3600, 300),
  }));
}
