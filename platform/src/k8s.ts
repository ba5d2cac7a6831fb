// The Kubernetes manifests, generated from the topology (services/common/src/topology.ts) by
// `npm run k8s`: a kustomize base (k8s/base) and two overlays, dev (a PostgreSQL StatefulSet
// per service) and prod (a CloudNativePG Cluster per service, autoscaling, disruption
// budgets, network policies). A contract test proves the checked-in files are current, and
// k8s-apiserver.test.ts applies both rendered overlays to a real kube-apiserver.
//
// On a cluster the sidecars read secrets from their own environment (secretstores.local.env
// with a prefix), filled by `dapr.io/env-from-secret` from Kubernetes Secrets: Secret names
// must be lowercase DNS names, but the platform's secret keys (JWT_PUBLIC_KEY, ORDER_DB_URL)
// are not, and each pod then holds only the secrets its app may read and its components need.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_PREFIX, databaseNames, deadLetterTopicOf, TOPOLOGY } from '@winvestco/common';
import YAML from 'yaml';
import { REPO_ROOT } from './paths.ts';
import { callersByCallee, databaseUrlKeyOf, runningApps, scopesOf, stateStoreName, type DeclaredApp, type Topology } from './topology-files.ts';

export const NAMESPACE = 'winvestco';
export const OVERLAYS = ['dev', 'prod'] as const;
export type Overlay = (typeof OVERLAYS)[number];

const GENERATED = 'Generated from services/common/src/topology.ts by `npm run k8s`; edit that file (or platform/src/k8s.ts), not this one.';
/** Prefix of the sidecar environment variables its secret store reads. */
const SECRET_ENV_PREFIX = 'WINVESTCO_SECRET_';
/** Secrets made by `npm run k8s -- secrets` (platform/src/k8s-secrets.ts), never kept in the repository. */
export const PLATFORM_SECRET = 'winvestco-platform';
export const CHANNELS_SECRET = 'notification-channels';
const BROKER_SECRET = 'winvestco-broker';
const SIDECAR_HTTP_PORT = 3500;

type Obj = Record<string, unknown>;

const label = (app: string) => ({ 'app.kubernetes.io/name': app });
const labels = (app: string, component: string) => ({ ...label(app), 'app.kubernetes.io/component': component });

/** Names of an app's objects: all lowercase DNS names. */
export const objectNames = (app: DeclaredApp) => ({
  deployment: app.appId,
  config: `${app.appId}-env`,
  daprConfig: app.appId,
  apiToken: `${app.appId}-dapr-api-token`,
  appToken: `${app.appId}-app-token`,
  migrate: `${app.appId}-migrate`,
  /** The database: a StatefulSet (dev) or a CloudNativePG Cluster (prod); `-rw` its writable endpoint, `-app` its credentials. */
  db: `${app.name}-db`,
  dbHost: `${app.name}-db-rw`,
  dbSecret: `${app.name}-db-app`,
});

export function imageOf(app: DeclaredApp): string {
  return app.image ?? `winvestco/${app.appId}`;
}

/** Where each secret key the platform uses lives on a cluster: Secret name and key. */
function secretSource(key: string, topology: Topology): [string, string] {
  if (['REDIS_HOST', 'RABBITMQ_URL', 'MQTT_URL', 'NATS_URL'].includes(key)) return [BROKER_SECRET, key];
  if (['SMTP_HOST', 'SMTP_PORT', 'SMS_SINK_URL', 'PUSH_SINK_URL'].includes(key)) return [CHANNELS_SECRET, key];
  const owner = Object.entries(topology).find(([name, app]) => app.database && databaseUrlKeyOf(name) === key);
  if (owner) return [`${owner[0]}-db-app`, 'uri'];
  return [PLATFORM_SECRET, key];
}

interface Component extends Obj {
  kind: string;
  metadata: { name: string };
  spec: { type: string; version?: string; metadata?: { name: string; value?: string; secretKeyRef?: { name: string; key: string } }[] };
  auth?: { secretStore: string };
  scopes?: string[];
}

const readDocs = (file: string) => YAML.parseAllDocuments(readFileSync(path.join(REPO_ROOT, file), 'utf8')).map((d) => d.toJSON() as Component);

/** The components the platform's sidecars load on a cluster (Redis Streams as the broker). */
function components(topology: Topology): Component[] {
  const apps = runningApps(topology);
  const running = new Set(apps.map((a) => a.appId));
  const scoped = (doc: Component): Component => ({ ...doc, scopes: scopesOf(doc, topology).filter((a) => running.has(a)) });
  const pubsub = readDocs('components/brokers/redis/pubsub.yaml')[0]!;
  // Each app publishes only its own topics and its dead letters (the local set-up renders the same).
  const publishing = apps.filter((a) => a.publishes.length || a.subscribes.length)
    .map((a) => `${a.appId}=${[...a.publishes, deadLetterTopicOf(a.appId)].join(',')}`).join(';');
  pubsub.spec.metadata = [...(pubsub.spec.metadata ?? []), { name: 'publishingScopes', value: publishing }];
  const secretstore: Component = {
    apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'secretstore' },
    spec: { type: 'secretstores.local.env', version: 'v1', metadata: [{ name: 'prefix', value: SECRET_ENV_PREFIX }] },
  };
  const own = apps.filter((a) => a.stateStore).map((a) => readDocs(`components/common/${stateStoreName(a)}.yaml`)[0]!);
  const bindings = [...new Set(apps.flatMap((a) => a.components ?? []))].map((name) => readDocs(`components/common/${name}.yaml`)[0]!);
  return [secretstore, pubsub, ...own, ...bindings].map(scoped).filter((c) => c.scopes?.length);
}

/** The secret keys an app's sidecar needs in its environment: what its app reads and what its components refer to. */
function sidecarSecrets(app: DeclaredApp, all: Component[]): string[] {
  const keys = new Set(app.secrets);
  for (const component of all.filter((c) => c.scopes?.includes(app.appId) && c.auth?.secretStore === 'secretstore')) {
    for (const item of component.spec.metadata ?? []) if (item.secretKeyRef) keys.add(item.secretKeyRef.key);
  }
  return [...keys];
}

function configMap(app: DeclaredApp): Obj {
  const n = objectNames(app);
  const data: Record<string, string> = { APP_PORT: String(app.portBase), APP_HOST: '0.0.0.0', LOG_LEVEL: 'info', DAPR_HTTP_PORT: String(SIDECAR_HTTP_PORT) };
  if (app.database) {
    const { database, role } = databaseNames(app.name);
    Object.assign(data, { WINVESTCO_SERVICE: app.name, PGHOST: n.dbHost, PGPORT: '5432', DB_NAME: database, DB_USER: role });
  }
  Object.assign(data, app.clusterEnv ?? {});
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n.config, labels: labels(app.appId, 'config') }, data };
}

const secretEnv = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });

function appEnv(app: DeclaredApp): Obj[] {
  const n = objectNames(app);
  const env = [secretEnv('DAPR_API_TOKEN', n.apiToken, 'token'), secretEnv('APP_API_TOKEN', n.appToken, 'token')];
  if (app.database) env.push(secretEnv('DB_PASSWORD', n.dbSecret, 'password'));
  return env;
}

const podSecurity = { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } };
const containerSecurity = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } };
const tmp = { volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }], mounts: [{ name: 'tmp', mountPath: '/tmp' }] };

function deployment(app: DeclaredApp, all: Component[], topology: Topology): Obj {
  const n = objectNames(app);
  const secrets = sidecarSecrets(app, all).map((key) => {
    const [secret, secretKey] = secretSource(key, topology);
    return `${SECRET_ENV_PREFIX}${key}=${secret}:${secretKey}`;
  });
  const annotations: Record<string, string> = {
    'dapr.io/enabled': 'true',
    'dapr.io/app-id': app.appId,
    'dapr.io/app-port': String(app.portBase),
    'dapr.io/app-protocol': 'http',
    'dapr.io/config': n.daprConfig,
    'dapr.io/api-token-secret': n.apiToken,
    'dapr.io/app-token-secret': n.appToken,
    'dapr.io/log-as-json': 'true',
    'dapr.io/enable-metrics': 'true',
    'dapr.io/metrics-port': '9090',
    // As locally: an app that is not ready gets no events and no calls until it is.
    'dapr.io/enable-app-health-check': 'true',
    'dapr.io/app-health-check-path': '/readyz',
    'dapr.io/app-health-probe-interval': '2',
    'dapr.io/app-health-threshold': '2',
    'dapr.io/sidecar-cpu-request': '50m',
    'dapr.io/sidecar-memory-request': '64Mi',
    'dapr.io/sidecar-cpu-limit': '500m',
    'dapr.io/sidecar-memory-limit': '256Mi',
    ...(secrets.length ? { 'dapr.io/env-from-secret': secrets.join(',') } : {}),
  };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: n.deployment, labels: labels(app.appId, app.kind) },
    spec: {
      replicas: 1,
      revisionHistoryLimit: 5,
      selector: { matchLabels: label(app.appId) },
      // Two replicas of a single-instance app must never overlap, even during a rollout.
      strategy: app.replicas === 'one' ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labels(app.appId, app.kind), annotations },
        spec: {
          securityContext: podSecurity,
          terminationGracePeriodSeconds: 30,
          containers: [{
            name: 'app',
            image: imageOf(app),
            imagePullPolicy: 'IfNotPresent',
            ports: [{ name: 'http', containerPort: app.portBase, protocol: 'TCP' }],
            envFrom: [{ configMapRef: { name: n.config } }],
            env: appEnv(app),
            // The service migrates and waits for its sidecar before it listens.
            startupProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 2, failureThreshold: 90 },
            readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
            livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
            resources: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '1', memory: '512Mi' } },
            securityContext: containerSecurity,
            volumeMounts: tmp.mounts,
          }],
          volumes: tmp.volumes,
        },
      },
    },
  };
}

function service(app: DeclaredApp): Obj {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: app.appId, labels: labels(app.appId, app.kind) },
    spec: { selector: label(app.appId), ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  };
}

function migrationJob(app: DeclaredApp): Obj {
  const n = objectNames(app);
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name: n.migrate, labels: labels(app.appId, 'migration') },
    spec: {
      backoffLimit: 6,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: labels(app.appId, 'migration'), annotations: { 'dapr.io/enabled': 'false' } },
        spec: {
          restartPolicy: 'OnFailure',
          securityContext: podSecurity,
          containers: [{
            name: 'migrate',
            image: imageOf(app),
            imagePullPolicy: 'IfNotPresent',
            command: ['node', '/app/services/common/dist/migrate-main.js'],
            envFrom: [{ configMapRef: { name: n.config } }],
            env: [secretEnv('DB_PASSWORD', n.dbSecret, 'password')],
            resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
            securityContext: containerSecurity,
            volumeMounts: tmp.mounts,
          }],
          volumes: tmp.volumes,
        },
      },
    },
  };
}

/** The app's Dapr Configuration: tracing, metrics, secret scopes, API allowlist, access control by caller identity. */
function daprConfiguration(app: DeclaredApp, topology: Topology): Obj {
  const apps = runningApps(topology);
  const callers = callersByCallee(topology).get(app.appId) ?? new Map<string, string[]>();
  const publicOps = (app.kind === 'service' ? [...app.routes, ADMIN_PREFIX] : []).flatMap((prefix) => [
    { name: `/${prefix}`, httpVerb: ['*'], action: 'allow' },
    { name: `/${prefix}/**`, httpVerb: ['*'], action: 'allow' },
  ]);
  const policies = apps.filter((caller) => caller.appId !== app.appId).map((caller) => {
    const verbsByPath = new Map<string, string[]>();
    for (const rule of [...(caller.kind === 'service' ? callers.get('*') ?? [] : []), ...(callers.get(caller.appId) ?? [])]) {
      const [verb, route] = rule.split(' ') as [string, string];
      verbsByPath.set(route, [...(verbsByPath.get(route) ?? []), verb]);
    }
    const internal = [...verbsByPath].map(([name, httpVerb]) => ({ name, httpVerb, action: 'allow' }));
    return { appId: caller.appId, defaultAction: 'deny', trustDomain: 'public', namespace: NAMESPACE, operations: [...publicOps, ...internal] };
  });
  return {
    apiVersion: 'dapr.io/v1alpha1', kind: 'Configuration',
    metadata: { name: objectNames(app).daprConfig, labels: labels(app.appId, 'dapr') },
    // mTLS, which the access control below needs, is the control plane's on a cluster (the
    // daprsystem Configuration; the Helm chart's global.mtls.enabled, on by default): an app's
    // Configuration may not carry it without the control plane's trust domain and sentry address.
    spec: {
      tracing: { samplingRate: '1' },
      metric: { enabled: true },
      secrets: { scopes: [{ storeName: 'secretstore', defaultAccess: 'deny', allowedSecrets: [...app.secrets] }] },
      ...(app.api ? { api: { allowed: app.api.flatMap((name) => [{ name, version: 'v1.0', protocol: 'http' }, { name, version: 'v1', protocol: 'grpc' }]) } } : {}),
      accessControl: { defaultAction: 'deny', trustDomain: 'public', policies },
    },
  };
}

/**
 * Declarative Subscriptions of what the app consumes, with its dead-letter topic. The kit
 * also declares them programmatically (per event type), which Dapr prefers; these make
 * `kubectl get subscriptions` say who consumes what, and route to the same default routes.
 */
function subscriptions(app: DeclaredApp): Obj[] {
  if (!app.subscribes.length) return [];
  const deadLetters = deadLetterTopicOf(app.appId);
  const sub = (name: string, topic: string, route: string, deadLetterTopic?: string) => ({
    apiVersion: 'dapr.io/v2alpha1', kind: 'Subscription',
    metadata: { name, labels: labels(app.appId, 'dapr') },
    spec: { pubsubname: 'pubsub', topic, routes: { default: route }, ...(deadLetterTopic ? { deadLetterTopic } : {}) },
    scopes: [app.appId],
  });
  return [
    ...app.subscribes.map((topic) => sub(`${app.appId}-${topic}`, topic, `/events/${topic}`, deadLetters)),
    sub(`${app.appId}-deadletter`, deadLetters, '/events/dead-letters'),
  ];
}

function redis(): Obj[] {
  const name = 'redis';
  return [
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: BROKER_SECRET, labels: labels(name, 'broker') }, type: 'Opaque', stringData: { REDIS_HOST: `${name}:6379` } },
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name, labels: labels(name, 'broker') },
      spec: { selector: label(name), ports: [{ name: 'redis', port: 6379, targetPort: 'redis', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, labels: labels(name, 'broker') },
      spec: {
        serviceName: name, replicas: 1, selector: { matchLabels: label(name) },
        template: {
          metadata: { labels: labels(name, 'broker') },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'redis', image: 'redis:7.4-alpine',
              // Streams survive a restart: an append-only file on the volume.
              args: ['--appendonly', 'yes', '--dir', '/data'],
              ports: [{ name: 'redis', containerPort: 6379, protocol: 'TCP' }],
              readinessProbe: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 'redis' }, periodSeconds: 10 },
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } },
              securityContext: containerSecurity,
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            }],
          },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } }],
      },
    },
  ];
}

/** Resiliency as the local platform loads it (dapr/resiliency), scoped to the apps that run. */
function resiliency(topology: Topology): Obj[] {
  const running = new Set(runningApps(topology).map((a) => a.appId));
  return readDocs('dapr/resiliency/resiliency.yaml').map((doc) => ({ ...doc, scopes: scopesOf(doc, topology).filter((a) => running.has(a)) }));
}

const yamlDocs = (header: string, docs: Obj[]) => `# ${GENERATED}\n# ${header}\n${docs.map((d) => YAML.stringify(d, { lineWidth: 0 })).join('---\n')}`;

const kustomization = (body: Obj) => YAML.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...body }, { lineWidth: 0 });

function devDatabase(app: DeclaredApp): Obj[] {
  const n = objectNames(app);
  const { database, role } = databaseNames(app.name);
  // A developer's cluster only: the password is in the repository on purpose.
  const password = `dev-only-${app.name}`;
  return [
    {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: n.dbSecret, labels: labels(n.db, 'database') }, type: 'Opaque',
      stringData: { username: role, password, dbname: database, uri: `postgresql://${role}:${password}@${n.dbHost}:5432/${database}` },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name: n.dbHost, labels: labels(n.db, 'database') },
      spec: { clusterIP: 'None', selector: label(n.db), ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: n.db, labels: labels(n.db, 'database') },
      spec: {
        serviceName: n.dbHost, replicas: 1, selector: { matchLabels: label(n.db) },
        template: {
          metadata: { labels: labels(n.db, 'database') },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 70, runAsGroup: 70, fsGroup: 70, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'postgres', image: 'postgres:17-alpine',
              ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }],
              env: [
                secretEnv('POSTGRES_USER', n.dbSecret, 'username'),
                secretEnv('POSTGRES_PASSWORD', n.dbSecret, 'password'),
                secretEnv('POSTGRES_DB', n.dbSecret, 'dbname'),
                { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
              ],
              readinessProbe: { exec: { command: ['pg_isready', '-U', role, '-d', database] }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 'postgres' }, periodSeconds: 10 },
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
              securityContext: { ...containerSecurity, readOnlyRootFilesystem: true },
              volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }, { name: 'run', mountPath: '/var/run/postgresql' }, ...tmp.mounts],
            }],
            volumes: [{ name: 'run', emptyDir: {} }, ...tmp.volumes],
          },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    },
  ];
}

function prodDatabase(app: DeclaredApp): Obj {
  const n = objectNames(app);
  const { database, role } = databaseNames(app.name);
  // The operator makes `<cluster>-rw` (the primary's Service, the app's PGHOST) and
  // `<cluster>-app` (username, password, uri of the owner), which the app and its sidecar read.
  return {
    apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: n.db, labels: labels(n.db, 'database') },
    spec: {
      instances: 3,
      primaryUpdateStrategy: 'unsupervised',
      storage: { size: '10Gi' },
      bootstrap: { initdb: { database, owner: role } },
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } },
    },
  };
}

function scaling(app: DeclaredApp): Obj[] {
  const pdb = {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: app.appId, labels: labels(app.appId, app.kind) },
    // A single-instance app may be moved (it cannot have a second replica to keep serving).
    spec: { selector: { matchLabels: label(app.appId) }, ...(app.replicas === 'one' ? { maxUnavailable: 1 } : { minAvailable: 1 }) },
  };
  if (app.replicas === 'one') return [pdb];
  return [{
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: app.appId, labels: labels(app.appId, app.kind) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app.appId },
      minReplicas: 2, maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
  }, pdb];
}

function networkPolicies(topology: Topology): Obj[] {
  const edge = runningApps(topology).filter((a) => a.entryPoint);
  return [
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny-ingress' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
    {
      // Pods of the namespace reach each other (sidecar to sidecar over mTLS, apps to their databases and the broker).
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-within-namespace' },
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] },
    },
    ...edge.map((app) => ({
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `${app.appId}-from-anywhere` },
      spec: {
        podSelector: { matchLabels: label(app.appId) }, policyTypes: ['Ingress'],
        ingress: [{ ports: [{ port: app.portBase, protocol: 'TCP' }] }],
      },
    })),
  ];
}

/** Every file under k8s/ that `npm run k8s` owns, by repository path. */
export function k8sFiles(topology: Topology = TOPOLOGY): Map<string, string> {
  const apps = runningApps(topology);
  const all = components(topology);
  const files = new Map<string, string>();
  const appFile = (app: DeclaredApp) => `apps/${app.appId}.yaml`;
  const ownedBy = (c: Component) => (c.scopes?.length === 1 ? c.scopes[0] : undefined);
  const platformDocs: Obj[] = [...all.filter((c) => !ownedBy(c)), ...resiliency(topology), ...redis()];
  files.set('k8s/base/namespace.yaml', yamlDocs('The platform\'s namespace (the Dapr control plane runs in dapr-system).', [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }]));
  files.set('k8s/base/platform.yaml', yamlDocs('What every app shares: the secret store, pub/sub (Redis Streams), Resiliency, the broker.', platformDocs));
  for (const app of apps) {
    const ownComponents = all.filter((c) => ownedBy(c) === app.appId);
    const docs = [configMap(app), deployment(app, all, topology), service(app), daprConfiguration(app, topology), ...subscriptions(app), ...ownComponents, ...(app.database ? [migrationJob(app)] : [])];
    files.set(`k8s/base/${appFile(app)}`, yamlDocs(`${app.appId}: ${docs.map((d) => d.kind).join(', ')}.`, docs));
  }
  files.set('k8s/base/kustomization.yaml', `# ${GENERATED}\n${kustomization({
    namespace: NAMESPACE,
    labels: [{ pairs: { 'app.kubernetes.io/part-of': 'winvestco' } }],
    resources: ['namespace.yaml', 'platform.yaml', ...apps.map(appFile)],
  })}`);

  const withDb = apps.filter((a) => a.database);
  const images = apps.filter((a) => !a.image).map((a) => ({ name: imageOf(a), newTag: 'dev' }));
  files.set('k8s/dev/databases.yaml', yamlDocs('dev: one PostgreSQL StatefulSet per service, with its volume and its credentials.', withDb.flatMap(devDatabase)));
  files.set('k8s/dev/kustomization.yaml', `# ${GENERATED}\n# A developer's cluster: images tagged dev, one replica each, PostgreSQL in StatefulSets.\n${kustomization({
    resources: ['../base', 'databases.yaml'],
    images,
  })}`);

  files.set('k8s/prod/databases.yaml', yamlDocs('prod: one CloudNativePG Cluster per service (the operator must be installed).', withDb.map(prodDatabase)));
  files.set('k8s/prod/scaling.yaml', yamlDocs('prod: autoscaling and disruption budgets.', apps.flatMap(scaling)));
  files.set('k8s/prod/network-policies.yaml', yamlDocs('prod: only the gateway takes traffic from outside the namespace.', networkPolicies(topology)));
  files.set('k8s/prod/kustomization.yaml', `# ${GENERATED}\n# Production: operator-run PostgreSQL, autoscaling, disruption budgets, network policies.\n${kustomization({
    resources: ['../base', 'databases.yaml', 'scaling.yaml', 'network-policies.yaml'],
    images: apps.filter((a) => !a.image).map((a) => ({ name: imageOf(a), newName: `registry.example.com/${imageOf(a)}`, newTag: '1.0.0' })),
  })}`);
  return files;
}

/** The folders `npm run k8s` owns wholly: a file in them that it does not make is removed. */
export const K8S_GENERATED_DIRS = ['k8s/base', 'k8s/dev', 'k8s/prod'];

/** Files in the generated folders that the generator does not make (left from an app removed, say). */
export function strayK8sFiles(files: Map<string, string>): string[] {
  return K8S_GENERATED_DIRS.flatMap((dir) => {
    if (!existsSync(path.join(REPO_ROOT, dir))) return [];
    const entries = readdirSync(path.join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' });
    return entries.map((f) => path.posix.join(dir, f)).filter((f) => f.endsWith('.yaml') && !files.has(f));
  });
}
