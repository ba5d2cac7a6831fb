// The platform's one naming rule. Service "user" runs as Dapr app id "user-service" and owns
// database "winvestco_user_db" through role "winvestco_user". Test runs use another prefix
// ("winvestco_t<run id>"), so they never touch a running platform's databases.

import { declaredApps, TOPOLOGY, type AppName } from './topology.ts';

/** The services of the topology (built or planned); each has a database from the first start on. */
export type ServiceName = { [K in AppName]: (typeof TOPOLOGY)[K]['kind'] extends 'service' ? K : never }[AppName];
export const SERVICES: readonly ServiceName[] = declaredApps().filter((a) => a.kind === 'service').map((a) => a.name as ServiceName);

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
export const GATEWAY_APP_ID = TOPOLOGY.gateway.appId;

/**
 * The route prefixes each service serves to clients: all the gateway forwards, and all a
 * caller reaches without a rule of its own in dapr/policy.yaml. Everything else an app
 * serves (`/internal/**`, the event routes Dapr delivers to, `/dapr/**`, health, metrics)
 * stays between sidecars.
 */
const OWN_ROUTES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  declaredApps().filter((a) => a.kind === 'service').map((a) => [a.appId, a.routes]),
);

/** Every service's kit ops routes (dead letters, sagas), for ADMIN tokens only. */
export const ADMIN_PREFIX = 'admin';

export const PUBLIC_ROUTES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(OWN_ROUTES).map(([appId, prefixes]) => [appId, [...prefixes, ADMIN_PREFIX]]),
);
