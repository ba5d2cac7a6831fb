import { EnvReader, readServiceConfig, type ServiceConfig } from '@winvestco/common';

export interface UserConfig extends ServiceConfig {
  jwtTtlSeconds: number;
}

export function readUserConfig(): UserConfig {
  const reader = new EnvReader();
  const config = { ...readServiceConfig('user', reader), jwtTtlSeconds: reader.integer('JWT_TTL_SECONDS', 3600, 60) };
  reader.done();
  return config;
}
