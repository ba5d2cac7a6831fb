// The platform's topology: one declaration per app, the only place an app is registered.
// Everything else that names apps is generated from it (`npm run topology`: dapr/dapr.yaml,
// dapr/policy.yaml, tye.yaml, the scopes of components/** and dapr/resiliency, the workflow
// and actor stores; `npm run k8s`: k8s/**) or derived from it at run time (names.ts), and a
// contract test fails when a generated file is out of date or the code disagrees with it
// (a topic published or subscribed that is not declared here).
//
// Adding a service is one entry below, then `npm run topology && npm run k8s`.

/** What runs the app: the kit's Node services and the gateway, or an app of another stack. */
export type AppKind = 'service' | 'edge' | 'foreign';

/** The app's Dapr state store, when it hosts workflows (a workflow store) or actors. */
export type StateStoreUse = 'workflows' | 'actors';

export interface AppDeclaration {
  kind: AppKind;
  /** Dapr app id; for services always `<name>-service` (checked). */
  appId: string;
  /**
   * The first of a block of five local ports, in this order: the app, the sidecar's HTTP
   * API, its gRPC API, its metrics, its internal gRPC. Clear of the Dapr defaults.
   */
  portBase: number;
  /** Folder of the app, relative to the repository root. */
  dir: string;
  /** How to run it from its folder (`dapr run -f`, tye, `npm start`). */
  command: readonly string[];
  /** Owns the database `winvestco_<name>_db` through role `winvestco_<name>` (services only). */
  database: boolean;
  /** Route prefixes served to clients through the gateway (the kit adds `admin` to services'). */
  routes: readonly string[];
  /** Secrets its sidecar lets it read through the secrets API. */
  secrets: readonly string[];
  /** Takes traffic from outside the platform (on a cluster: from outside the namespace): the gateway alone. */
  entryPoint?: boolean;
  /** The sidecar APIs served at all; absent: all of them. */
  api?: readonly string[];
  /** Internal routes of other apps it may invoke, by the callee's name: "VERB /path/**". */
  invokes?: Readonly<Record<string, readonly string[]>>;
  /** Internal routes every service may invoke on it (not the gateway, not a foreign app). */
  servesEveryService?: readonly string[];
  /** Routes it may invoke on every app (the console reading health and metrics). */
  callsEveryApp?: readonly string[];
  /** Topics it publishes (it is their only publisher) and topics it consumes. */
  publishes: readonly string[];
  subscribes: readonly string[];
  stateStore?: StateStoreUse;
  /** Other components of components/common scoped to it alone (its output bindings). */
  components?: readonly string[];
  /** 'one': it must never run as two replicas (it keeps a price source in memory, say). */
  replicas: 'one' | 'many';
  /** Declared (database, scopes) but not built yet: no run file entry, no image, no Deployment. */
  planned?: boolean;
  /** Settings that differ on a cluster from the local defaults (addresses, mostly). */
  clusterEnv?: Readonly<Record<string, string>>;
  /** A foreign app's image, when its own build makes one (the kit's apps use the Dockerfile). */
  image?: string;
}

/** The secret every service reads: the token signing key's public half. */
const VERIFY = ['JWT_PUBLIC_KEY'] as const;

const node = (dir: string) => ({ dir: `services/${dir}`, command: ['node', 'dist/main.js'] as const });

const service = (name: string, portBase: number, rest: Omit<AppDeclaration, 'kind' | 'appId' | 'portBase' | 'dir' | 'command' | 'database' | 'secrets' | 'replicas'> & Partial<Pick<AppDeclaration, 'secrets' | 'replicas'>>): AppDeclaration & { kind: 'service' } => ({
  kind: 'service', appId: `${name}-service`, portBase, ...node(name), database: true, secrets: VERIFY, replicas: 'many', ...rest,
});

export const TOPOLOGY = {
  // The one entry point for clients: http://127.0.0.1:8080/v1.0/invoke/<app id>/method/<path>
  gateway: {
    kind: 'edge', appId: 'gateway', portBase: 8080, ...node('gateway'), database: false, routes: [], secrets: [], api: ['invoke'], entryPoint: true,
    publishes: [], subscribes: [], replicas: 'many',
  },
  user: service('user', 6100, {
    routes: ['auth', 'users', '.well-known'],
    secrets: ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'],
    // Every service's session projection catches up from here and reads an account through
    // when a token is new to it (services/common/src/sessions.ts).
    servesEveryService: ['GET /internal/sessions/**'],
    publishes: ['users'], subscribes: [],
  }),
  market: service('market', 6200, {
    routes: ['instruments', 'quotes', 'candles', 'market'], publishes: ['market'], subscribes: ['users'],
    // Each replica would run its own price source (services/market/src/app.ts).
    replicas: 'one',
  }),
  portfolio: service('portfolio', 6300, { routes: ['portfolio'], publishes: [], subscribes: ['users', 'trades'] }),
  funds: service('funds', 6400, { routes: ['wallets'], publishes: ['funds'], subscribes: ['users'] }),
  ledger: service('ledger', 6500, {
    routes: ['ledger'], invokes: { funds: ['GET /internal/wallets/**', 'GET /internal/wallets'] }, publishes: ['ledger'], subscribes: ['users', 'funds', 'trades'],
  }),
  order: service('order', 6600, {
    routes: ['orders'],
    invokes: {
      funds: ['POST /internal/funds/**', 'GET /internal/funds/**'],
      trade: ['POST /internal/trade/**'],
      portfolio: ['POST /internal/holdings/**', 'GET /internal/holdings/**'],
    },
    publishes: ['orders'], subscribes: ['users', 'trades'], stateStore: 'workflows',
  }),
  trade: service('trade', 6700, { routes: ['executions', 'orderbook', 'charges'], publishes: ['trades'], subscribes: ['users', 'market'], stateStore: 'actors' }),
  payment: service('payment', 6800, {
    routes: ['payments'], secrets: ['JWT_PUBLIC_KEY', 'PAYMENT_WEBHOOK_SECRET'],
    invokes: { user: ['GET /internal/users/**'], funds: ['POST /internal/funds/**', 'GET /internal/wallets/**'] },
    publishes: ['payments'], subscribes: ['users'], stateStore: 'workflows',
    // The simulated provider's webhooks come back through the gateway, as a real provider's would.
    clusterEnv: { GATEWAY_URL: 'http://gateway' },
  }),
  notification: service('notification', 6900, {
    // Its bindings read the sinks' addresses through the components, not through the secrets API.
    routes: ['notifications'], publishes: [], subscribes: ['users', 'payments', 'orders', 'trades', 'funds'],
    components: ['notification-email', 'notification-sms', 'notification-push'],
  }),
  // 7000 would be next, but macOS's AirPlay receiver listens there; the block of 7100 is clear.
  report: service('report', 7100, { routes: ['reports'], publishes: [], subscribes: ['users', 'orders', 'trades', 'ledger', 'funds', 'market'] }),
  // The developer console: http://127.0.0.1:8090/ (services/console). It reads every app
  // through Dapr (invocation, metadata, its subscriptions) and publishes nothing; its ops
  // views are the apps' /admin routes, public to an ADMIN token.
  console: {
    kind: 'edge', appId: 'console', portBase: 8090, ...node('console'), database: false, routes: [], secrets: VERIFY,
    api: ['invoke', 'metadata', 'healthz', 'secrets'], callsEveryApp: ['GET /healthz', 'GET /readyz', 'GET /metrics'],
    publishes: [], subscribes: ['users', 'market', 'funds', 'ledger', 'orders', 'trades', 'payments'], replicas: 'one',
  },
  // Large-trade surveillance in Go (examples/surveillance): built and started by the
  // platform's foreign-app support (names.ts FOREIGN_APPS; npm start and the test harness),
  // so it is not in the run file or on Kubernetes yet; declared here for its database, its
  // scopes and its access policy. It checks an ADMIN's session at the user service on each
  // call, having no session projection of its own; it reads no secret itself (its pub/sub
  // component does, through the store).
  surveillance: {
    kind: 'foreign', appId: 'surveillance-service', portBase: 7000, dir: 'examples/surveillance', command: ['./surveillance'], database: false,
    routes: ['surveillance'], secrets: [], invokes: { user: ['GET /internal/sessions/accounts/**'] },
    publishes: [], subscribes: ['trades'], replicas: 'many', planned: true,
  },
} as const satisfies Readonly<Record<string, AppDeclaration>>;

export type AppName = keyof typeof TOPOLOGY;

/** Every declared app with its name, in declaration order. */
export function declaredApps(topology: Readonly<Record<string, AppDeclaration>> = TOPOLOGY): (AppDeclaration & { name: string })[] {
  return Object.entries(topology).map(([name, app]) => ({ name, ...app }));
}
