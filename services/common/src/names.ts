// The platform's one naming rule. Service "user" runs as Dapr app id "user-service" and owns
// database "winvestco_user_db" through role "winvestco_user". Test runs use another prefix
// ("winvestco_t<run id>"), so they never touch a running platform's databases.

/** The ten services; each has a database from the first start on. */
export const SERVICES = ['user', 'market', 'portfolio', 'funds', 'ledger', 'order', 'trade', 'payment', 'notification', 'report'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const DEFAULT_DB_PREFIX = 'winvestco';

export function appIdOf(service: string): string {
  return `${service}-service`;
}

export function serviceOf(appId: string): string {
  return appId.replace(/-service$/, '');
}

/** The service apps' ids: what clients may call through the gateway. */
export const SERVICE_APP_IDS: readonly string[] = SERVICES.map(appIdOf);

export interface DatabaseNames {
  database: string;
  role: string;
}

export function databaseNames(service: string, prefix = DEFAULT_DB_PREFIX): DatabaseNames {
  return { database: `${prefix}_${service}_db`, role: `${prefix}_${service}` };
}
