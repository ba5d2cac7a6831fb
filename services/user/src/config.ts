import { loadConfig, type ServiceConfig } from '@winvestco/common';

export interface UserConfig extends ServiceConfig {
  jwtTtlSeconds: number;
}

export function readUserConfig(): UserConfig {
  return loadConfig('user', (reader) => ({ jwtTtlSeconds: reader.integer('JWT_TTL_SECONDS', 3600, 60) }));
}
