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
/** The developer console (services/console): reads the platform through Dapr, owns no database. */
export const CONSOLE_APP_ID = TOPOLOGY.console.appId;

/**
 * The route prefixes each service serves to clients: all the gateway forwards, and all a
 * caller reaches without a rule of its own in dapr/policy.yaml. Everything else an app
 * serves (`/internal/**`, the event routes Dapr delivers to, `/dapr/**`, health, metrics)
 * stays between sidecars.
 */
const OWN_ROUTES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  declaredApps().filter((a) => a.kind === 'service').map((a) => [a.appId, a.routes]),
);

/**
 * Apps written in another language (examples/): they reach the platform only through their
 * own sidecar, own a database `winvestco_<service>_db` like a service, serve `routes` to
 * clients through the gateway, and consume what `consumes` says (topic: event types), which
 * their GET /dapr/subscribe must answer. `build` says how the platform builds them.
 */
export interface ForeignApp {
  dir: string;
  build: 'go';
  routes: readonly string[];
  consumes: Readonly<Record<string, readonly string[]>>;
}

export const FOREIGN_APPS: Readonly<Record<string, ForeignApp>> = {
  'surveillance-service': { dir: 'examples/surveillance', build: 'go', routes: ['surveillance'], consumes: { trades: ['trade.executed'] } },
};

export const FOREIGN_APP_IDS: readonly string[] = Object.keys(FOREIGN_APPS);

/** Every service's kit ops routes (dead letters, sagas), for ADMIN tokens only. */
export const ADMIN_PREFIX = 'admin';

export const PUBLIC_ROUTES: Readonly<Record<string, readonly string[]>> = Object.fromEntries<readonly string[]>([
  ...Object.entries(OWN_ROUTES).map(([appId, prefixes]): [string, string[]] => [appId, [...prefixes, ADMIN_PREFIX]]),
  // Not built on the kit: no admin routes of its own.
  ...Object.entries(FOREIGN_APPS).map(([appId, app]): [string, string[]] => [appId, [...app.routes]]),
]);
