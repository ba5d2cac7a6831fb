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

/** Apps at the edge that are not services: they own no database and publish no topic. */
export const GATEWAY_APP_ID = 'gateway';
/** The developer console (services/console): reads the platform through Dapr, owns no database. */
export const CONSOLE_APP_ID = 'console';

/**
 * The route prefixes each service serves to clients: all the gateway forwards, and all a
 * caller reaches without a rule of its own in dapr/policy.yaml. Everything else an app
 * serves (`/internal/**`, the event routes Dapr delivers to, `/dapr/**`, health, metrics)
 * stays between sidecars.
 */
const OWN_ROUTES: Readonly<Record<string, readonly string[]>> = {
  'user-service': ['auth', 'users', '.well-known'],
  'market-service': ['instruments', 'quotes', 'candles', 'market'],
  'portfolio-service': ['portfolio'],
  'funds-service': ['wallets'],
  'ledger-service': ['ledger'],
  'order-service': ['orders'],
  'trade-service': ['executions', 'orderbook', 'charges'],
  'payment-service': ['payments'],
  'notification-service': ['notifications'],
  'report-service': ['reports'],
};

/** Every service's kit ops routes (dead letters, sagas), for ADMIN tokens only. */
export const ADMIN_PREFIX = 'admin';

export const PUBLIC_ROUTES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(OWN_ROUTES).map(([appId, prefixes]) => [appId, [...prefixes, ADMIN_PREFIX]]),
);
