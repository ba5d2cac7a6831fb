// Renders the Dapr files sidecars load from the checked-in sources: components/,
// dapr/resiliency/ and dapr/config.yaml. daprd resolves relative paths in components and
// Configurations against its working directory, which the Dapr CLI sets to each app's
// folder, so every path here is made absolute; and tye, the CLI, the launcher and the test
// harness all load the one rendered folder, so they cannot drift apart.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deadLetterTopicOf, PUBLIC_ROUTES, SERVICE_APP_IDS, TOPICS } from '@winvestco/common';
import YAML from 'yaml';
import type { Broker } from './brokers.ts';
import { REPO_ROOT } from './paths.ts';

export const CONFIG_SOURCE = path.join(REPO_ROOT, 'dapr', 'config.yaml');
export const POLICY_SOURCE = path.join(REPO_ROOT, 'dapr', 'policy.yaml');

interface AppPolicy {
  secrets?: string[];
  api?: string[];
  callers?: Record<string, string[]>;
}

interface Policy {
  defaults: AppPolicy;
  apps: Record<string, AppPolicy>;
}

export function readPolicy(): Policy {
  const policy = YAML.parse(readFileSync(POLICY_SOURCE, 'utf8')) as Partial<Policy>;
  return { defaults: policy.defaults ?? {}, apps: policy.apps ?? {} };
}

/** The secret scopes and API allowlist of one app: what its sidecar serves it at all. */
function appSpec(policy: Policy, appId: string): Record<string, unknown> {
  const own = policy.apps[appId] ?? {};
  const secrets = own.secrets ?? policy.defaults.secrets ?? [];
  const api = own.api ?? policy.defaults.api;
  return {
    secrets: { scopes: [{ storeName: 'secretstore', defaultAccess: 'deny', allowedSecrets: secrets }] },
    // Each rule names its protocol: a rule without one is dropped, and an empty list allows everything.
    ...(api ? { api: { allowed: api.flatMap((name) => [{ name, version: 'v1.0', protocol: 'http' }, { name, version: 'v1', protocol: 'grpc' }]) } } : {}),
  };
}

interface Operation {
  name: string;
  httpVerb: string[];
  action: 'allow' | 'deny';
}

/**
 * Who may invoke `callee`, by mTLS identity (SPIFFE id; self-hosted trust domain `public`,
 * namespace `default`): every known app its public routes, and the internal routes
 * dapr/policy.yaml lists for that caller (or for `'*'`, every service: not the gateway, not test apps); test apps everything; anyone else nothing.
 */
function accessControl(policy: Policy, callee: string, appIds: readonly string[], testApps: readonly string[]): Record<string, unknown> {
  if (testApps.includes(callee)) return { accessControl: { defaultAction: 'allow', trustDomain: 'public' } };
  const publicOps: Operation[] = (PUBLIC_ROUTES[callee] ?? []).flatMap((prefix) => [
    { name: `/${prefix}`, httpVerb: ['*'], action: 'allow' },
    { name: `/${prefix}/**`, httpVerb: ['*'], action: 'allow' },
  ]);
  // defaults.callers: what every app lets a caller reach (the console: health and metrics).
  const own = policy.apps[callee]?.callers ?? {};
  const callers: Record<string, string[]> = { ...own };
  for (const [caller, rules] of Object.entries(policy.defaults.callers ?? {})) callers[caller] = [...rules, ...(own[caller] ?? [])];
  const policies = appIds.filter((caller) => caller !== callee).map((caller) => {
    const verbsByPath = new Map<string, string[]>();
    for (const rule of [...(SERVICE_APP_IDS.includes(caller) ? callers['*'] ?? [] : []), ...(callers[caller] ?? [])]) {
      const [verb, route] = rule.trim().split(/\s+/);
      if (!verb || !route) throw new Error(`dapr/policy.yaml: "${rule}" (${caller} calling ${callee}) is not "VERB /path"`);
      verbsByPath.set(route, [...(verbsByPath.get(route) ?? []), verb.toUpperCase()]);
    }
    const internalOps: Operation[] = [...verbsByPath].map(([name, httpVerb]) => ({ name, httpVerb, action: 'allow' }));
    return { appId: caller, defaultAction: 'deny', trustDomain: 'public', namespace: 'default', operations: [...publicOps, ...internalOps] };
  });
  const tests = testApps.map((appId) => ({ appId, defaultAction: 'allow', trustDomain: 'public', namespace: 'default' }));
  return { accessControl: { defaultAction: 'deny', trustDomain: 'public', policies: [...policies, ...tests] } };
}

/** Each app publishes only its own topics and its own dead letters. */
function publishingScopes(appIds: readonly string[], topicPrefix: string): string {
  return appIds.map((appId) => {
    const topics = [...TOPICS.filter((t) => t.owner === appId).map((t) => t.name), deadLetterTopicOf(appId)];
    return `${appId}=${topics.map((t) => topicPrefix + t).join(',')}`;
  }).join(';');
}

export function resourceSources(broker: Broker): string[] {
  return [
    path.join(REPO_ROOT, 'components', 'common'),
    path.join(REPO_ROOT, 'components', 'brokers', broker),
    path.join(REPO_ROOT, 'dapr', 'resiliency'),
  ];
}

interface Metadata {
  name: string;
  value?: string;
  secretKeyRef?: { name: string; key: string };
}

interface Resource {
  kind: string;
  metadata: { name: string };
  spec?: { type?: string; metadata?: Metadata[] };
  scopes?: string[];
}

export interface RenderOptions {
  /** Where the rendered files go (`<state dir>/dapr`). */
  targetDir: string;
  broker: Broker;
  /** Every app that gets a sidecar: one Configuration each. */
  appIds: readonly string[];
  /** Prepended to topic names in publishing scopes (a test run's). */
  topicPrefix?: string;
  /** The local file secret store's file. */
  secretsFile: string;
  /** Test-only apps, added to the scopes of what every service shares. */
  extraApps?: readonly string[];
  /** A test run's own broker client ids and consumer groups: `{appID}` becomes `{appID}-<suffix>`. */
  consumerSuffix?: string;
  /** Test runs: queues and sessions that vanish when the run's apps stop. */
  ephemeralBroker?: boolean;
}

export interface RenderedDapr {
  resourcesDir: string;
  /** The app's Configuration: name resolution, tracing, secret scopes, API allowlist. */
  configFile: (appId: string) => string;
  /** Laid over it when sidecars run with mTLS: access control by caller identity. */
  mtlsConfigFile: (appId: string) => string;
  nameResolutionDb: string;
}

function setMetadata(resource: Resource, name: string, value: string): void {
  const items = (resource.spec!.metadata ??= []);
  const item = items.find((m) => m.name === name);
  if (item) {
    delete item.secretKeyRef;
    item.value = value;
  } else {
    items.push({ name, value });
  }
}

/** Shared by every service (pub/sub, the secret store, resiliency), not one app's own (a workflow store). */
function sharedByAllServices(resource: Resource): boolean {
  return SERVICE_APP_IDS.every((appId) => resource.scopes?.includes(appId));
}

function renderResource(resource: Resource, options: RenderOptions): Resource {
  // Test-only apps get what every service gets.
  if (options.extraApps?.length && resource.scopes && sharedByAllServices(resource)) resource.scopes = [...resource.scopes, ...options.extraApps];
  if (resource.kind !== 'Component') return resource;
  const type = resource.spec?.type ?? '';
  if (type === 'secretstores.local.file') setMetadata(resource, 'secretsFile', options.secretsFile);
  if (type.startsWith('pubsub.')) {
    setMetadata(resource, 'publishingScopes', publishingScopes(options.appIds.filter((a) => !options.extraApps?.includes(a)), options.topicPrefix ?? ''));
    for (const item of resource.spec?.metadata ?? []) {
      if (options.consumerSuffix && item.value?.includes('{appID}')) item.value = item.value.replace('{appID}', `{appID}-${options.consumerSuffix}`);
    }
    if (options.ephemeralBroker) {
      if (type === 'pubsub.rabbitmq') {
        setMetadata(resource, 'durable', 'false');
        setMetadata(resource, 'deletedWhenUnused', 'true');
      }
      if (type === 'pubsub.mqtt3') setMetadata(resource, 'cleanSession', 'true');
    }
  }
  return resource;
}

/** Writes `<target>/resources/*.yaml` and `<target>/config/<app id>.yaml`. */
export function renderDapr(options: RenderOptions): RenderedDapr {
  const resourcesDir = path.join(options.targetDir, 'resources');
  const configDir = path.join(options.targetDir, 'config');
  rmSync(resourcesDir, { recursive: true, force: true });
  rmSync(configDir, { recursive: true, force: true });
  mkdirSync(resourcesDir, { recursive: true });
  mkdirSync(configDir, { recursive: true });

  const names = new Map<string, string>();
  for (const source of resourceSources(options.broker)) {
    for (const file of readdirSync(source).filter((f) => f.endsWith('.yaml')).sort()) {
      const docs = YAML.parseAllDocuments(readFileSync(path.join(source, file), 'utf8')).map((d) => d.toJSON() as Resource);
      for (const doc of docs) {
        const key = `${doc.kind}/${doc.metadata.name}`;
        if (names.has(key)) throw new Error(`${key} is defined twice: ${names.get(key)} and ${path.join(source, file)}`);
        names.set(key, path.join(source, file));
      }
      const header = `# Rendered by the platform set-up from ${path.relative(REPO_ROOT, path.join(source, file))}; edit that file, not this one.\n`;
      writeFileSync(path.join(resourcesDir, file), header + docs.map((d) => YAML.stringify(renderResource(d, options))).join('---\n'));
    }
  }

  const nameResolutionDb = path.join(options.targetDir, 'nameresolution.db');
  const policy = readPolicy();
  const testApps = options.extraApps ?? [];
  const configFile = (appId: string) => path.join(configDir, `${appId}.yaml`);
  const mtlsConfigFile = (appId: string) => path.join(configDir, `${appId}.mtls.yaml`);
  for (const appId of options.appIds) {
    const config = YAML.parse(readFileSync(CONFIG_SOURCE, 'utf8')) as { spec: { nameResolution: { configuration: Record<string, string> } } };
    config.spec.nameResolution.configuration.connectionString = nameResolutionDb;
    Object.assign(config.spec, appSpec(policy, appId));
    const header = `# Rendered by the platform set-up for ${appId} from dapr/config.yaml and dapr/policy.yaml; edit those, not this.\n`;
    writeFileSync(configFile(appId), header + YAML.stringify(config));
    const overlay = { apiVersion: 'dapr.io/v1alpha1', kind: 'Configuration', metadata: { name: `${appId}-mtls` }, spec: accessControl(policy, appId, options.appIds.filter((a) => !testApps.includes(a)), testApps) };
    writeFileSync(mtlsConfigFile(appId), `# Rendered for ${appId}, loaded after ${appId}.yaml when its sidecar runs with mTLS.\n${YAML.stringify(overlay)}`);
  }
  return { resourcesDir, nameResolutionDb, configFile, mtlsConfigFile };
}
