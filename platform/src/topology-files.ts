// The files generated from the topology (services/common/src/topology.ts) for running the
// platform on one machine: the multi-app run file, the access policy, tye.yaml, the workflow
// and actor stores, and the `scopes` of every component and Resiliency. Pure functions of
// the declaration (and, for scopes, of the files they rewrite, whose comments they keep), so
// `npm run topology` writes them and a contract test proves the checked-in ones are current.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { declaredApps, TOPOLOGY, type AppDeclaration } from '@winvestco/common';
import YAML from 'yaml';
import { BROKERS } from './brokers.ts';
import { REPO_ROOT } from './paths.ts';

export type DeclaredApp = AppDeclaration & { name: string };
export type Topology = Readonly<Record<string, AppDeclaration>>;

const GENERATED = 'Generated from services/common/src/topology.ts by `npm run topology`; edit that file, not this one.';

/** Apps that run (in the run file, tye.yaml, Kubernetes): every declared app not merely planned. */
export function runningApps(topology: Topology = TOPOLOGY): DeclaredApp[] {
  return declaredApps(topology).filter((a) => !a.planned);
}

const servicesOf = (topology: Topology) => declaredApps(topology).filter((a) => a.kind === 'service');

/** The callee's internal routes each caller may invoke, keyed by callee app id, then caller app id ("*": every service). */
export function callersByCallee(topology: Topology = TOPOLOGY): Map<string, Map<string, string[]>> {
  const apps = declaredApps(topology);
  const byName = new Map(apps.map((a) => [a.name, a]));
  const result = new Map<string, Map<string, string[]>>();
  const grant = (callee: string, caller: string, rules: readonly string[]) => {
    const callers = result.get(callee) ?? new Map<string, string[]>();
    callers.set(caller, [...(callers.get(caller) ?? []), ...rules]);
    result.set(callee, callers);
  };
  for (const app of apps) {
    if (app.servesEveryService?.length) grant(app.appId, '*', app.servesEveryService);
  }
  for (const app of apps) {
    for (const [calleeName, rules] of Object.entries(app.invokes ?? {})) {
      const callee = byName.get(calleeName);
      if (!callee) throw new Error(`topology: ${app.name} invokes "${calleeName}", which is not declared`);
      for (const rule of rules) if (!/^(GET|POST|PUT|PATCH|DELETE|\*) \/\S+$/.test(rule)) throw new Error(`topology: ${app.name} -> ${calleeName}: "${rule}" is not "VERB /path"`);
      grant(callee.appId, app.appId, rules);
    }
  }
  return result;
}

/** Checks what the type system cannot: naming, ports, topics and callers that exist. */
export function checkTopology(topology: Topology = TOPOLOGY): string[] {
  const problems: string[] = [];
  const apps = declaredApps(topology);
  const ports = new Map<number, string>();
  const publishers = new Map<string, string>();
  for (const app of apps) {
    if (!/^[a-z][a-z0-9-]*$/.test(app.appId)) problems.push(`${app.name}: app id "${app.appId}" is not a lowercase DNS label`);
    if (app.kind === 'service' && app.appId !== `${app.name}-service`) problems.push(`${app.name}: a service's app id is "${app.name}-service"`);
    if (app.kind !== 'service' && app.database) problems.push(`${app.name}: only services own a database`);
    for (let i = 0; i < 5; i += 1) {
      const port = app.portBase + i;
      if ([3500, 50001, 50005, 50006, 9090].includes(port)) problems.push(`${app.name}: port ${port} is a Dapr default`);
      if (ports.has(port)) problems.push(`${app.name}: port ${port} is also ${ports.get(port)}'s`);
      ports.set(port, app.name);
    }
    for (const topic of app.publishes) {
      if (publishers.has(topic)) problems.push(`topic ${topic} has two publishers: ${publishers.get(topic)} and ${app.appId}`);
      publishers.set(topic, app.appId);
    }
  }
  for (const app of apps) {
    for (const topic of app.subscribes) if (!publishers.has(topic)) problems.push(`${app.name} subscribes to "${topic}", which no app publishes`);
  }
  try {
    callersByCallee(topology);
  } catch (error) {
    problems.push((error as Error).message);
  }
  return problems;
}

/** The five local ports of an app's block. */
export function portsOf(app: AppDeclaration) {
  return { appPort: app.portBase, daprHTTPPort: app.portBase + 1, daprGRPCPort: app.portBase + 2, metricsPort: app.portBase + 3, daprInternalGRPCPort: app.portBase + 4 };
}

function runFile(topology: Topology): string {
  const apps = runningApps(topology).map((app) => {
    const ports = portsOf(app);
    const comment = app.name === 'gateway' ? '  # The one entry point for clients: http://127.0.0.1:8080/v1.0/invoke/<app id>/method/<path>\n'
      : app.name === 'console' ? '  # The developer console: open http://127.0.0.1:8090/ and log in as an ADMIN.\n' : '';
    return `${comment}  - appID: ${app.appId}
    appDirPath: ../${app.dir}
    configFilePath: ${path.posix.relative(app.dir, '.tmp/dapr/config')}/${app.appId}.yaml
    appPort: ${ports.appPort}
    daprHTTPPort: ${ports.daprHTTPPort}
    daprGRPCPort: ${ports.daprGRPCPort}
    metricsPort: ${ports.metricsPort}
    daprInternalGRPCPort: ${ports.daprInternalGRPCPort}
    command: ${JSON.stringify(app.command).replace(/","/g, '", "')}
`;
  });
  return `# ${GENERATED}
# Dapr multi-app run file: every app with its ports (a block of five per app, clear of the
# Dapr defaults). \`npm start\` reads it and starts the same processes itself. With the Dapr
# CLI 1.18: \`npm run setup\`, then \`dapr run -f dapr/dapr.yaml\` (placement and scheduler
# running); the set-up renders the files referenced below into .tmp/dapr/ (paths here are
# relative to this file; an app's configFilePath to its folder).
version: 1
common:
  resourcesPaths:
    - ../.tmp/dapr/resources
  appProtocol: http
  logLevel: info
  # An app that is not ready gets no events and no calls until it is (see platform/src/sidecar.ts).
  enableAppHealthCheck: true
  appHealthCheckPath: /readyz
  appHealthProbeInterval: 2
  appHealthProbeTimeout: 1500
  appHealthThreshold: 2
  env:
    LOG_LEVEL: info
apps:
${apps.join('')}`;
}

const list = (items: readonly string[]) => `[${items.map((i) => (/^[A-Za-z0-9_.-]+$/.test(i) ? i : JSON.stringify(i))).join(', ')}]`;

function policyFile(topology: Topology): string {
  const callers = callersByCallee(topology);
  const apps = declaredApps(topology).map((app) => {
    const lines = [`  ${app.appId}:`, `    secrets: ${list(app.secrets)}`];
    if (app.api) lines.push(`    api: ${list(app.api)}`);
    const own = callers.get(app.appId);
    if (own?.size) {
      lines.push('    callers:');
      for (const [caller, rules] of own) lines.push(`      ${JSON.stringify(caller)}: ${JSON.stringify(rules).replace(/","/g, '", "')}`);
    }
    return lines.join('\n');
  });
  const reachers = declaredApps(topology).filter((a) => a.callsEveryApp?.length);
  // Callers every app lets reach these routes of its own, on top of its callers below.
  const everyApp = reachers.length ? `  callers:\n${reachers.map((a) => `    ${a.appId}: ${JSON.stringify(a.callsEveryApp).replace(/","/g, '", "')}\n`).join('')}` : '';
  return `# ${GENERATED}
# What each app's sidecar lets it do, rendered by the set-up into the app's Configuration:
#   secrets  the keys it may read through the secrets API (anything else: 403); \`defaults\`
#            applies to every app not listed (the test suite's probes)
#   api      the sidecar APIs served at all (absent: all of them)
#   callers  per calling app ("*": every service, never the gateway), the internal routes it may invoke, as "VERB /path/**"
# Every app may call every service's public routes (services/common/src/names.ts,
# PUBLIC_ROUTES); nothing else, unless listed under callers. Callers are told apart by their
# mTLS identity; a caller without one, or an app unknown here, is refused (403).
defaults:
  secrets: [JWT_PUBLIC_KEY]
${everyApp}apps:
${apps.join('\n')}
`;
}

function tyeFile(topology: Topology): string {
  const apps = runningApps(topology);
  const dapr = apps.map((a) => `      ${a.appId}:\n        config: .tmp/dapr/config/${a.appId}.yaml\n`).join('');
  const services = apps.map((a) => `  - name: ${a.appId}
    executable: ${a.command[0]}
    args: ${a.command.slice(1).join(' ')}
    workingDirectory: ${a.dir}
    bindings:
      - protocol: http
        port: ${a.portBase}
`).join('');
  return `# ${GENERATED}
# The same apps as dapr/dapr.yaml, for \`tye run\` with its Dapr extension, loading the same
# rendered resources and Configurations (run \`npm run setup\` first). Tye needs .NET, which
# Winvestco machines lack, so this file is generated and a contract test keeps it current.
name: winvestco
extensions:
  - name: dapr
    log-level: info
    components-path: .tmp/dapr/resources
    placement-port: 50005
    services:
${dapr}services:
${services}`;
}

/** The component name of an app's own state store. */
export function stateStoreName(app: DeclaredApp): string {
  return `${app.name}-${app.stateStore === 'actors' ? 'actorstore' : 'workflowstore'}`;
}

export function databaseUrlKeyOf(service: string): string {
  return `${service.toUpperCase()}_DB_URL`;
}

function stateStoreFile(app: DeclaredApp): string {
  const what = app.stateStore === 'actors' ? 'actor state store (Dapr needs one to host its actors)' : 'workflow (actor) state: its sagas keep their history here';
  return `# ${GENERATED}
# The ${app.name} service's ${what}; PostgreSQL in its own database, readable by no other app.
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: ${stateStoreName(app)}
spec:
  type: state.postgresql
  version: v1
  metadata:
    - name: connectionString
      secretKeyRef: { name: ${databaseUrlKeyOf(app.name)}, key: ${databaseUrlKeyOf(app.name)} }
    - name: actorStateStore
      value: "true"
auth:
  secretStore: secretstore
scopes:
  - ${app.appId}
`;
}

/** Which apps a component or Resiliency is for, by its kind, name and type. */
export function scopesOf(doc: { kind?: string; metadata?: { name?: string }; spec?: { type?: string } }, topology: Topology = TOPOLOGY): string[] {
  const apps = declaredApps(topology);
  const name = doc.metadata?.name ?? '';
  const type = doc.spec?.type ?? '';
  const services = servicesOf(topology).map((a) => a.appId);
  if (doc.kind === 'Resiliency') {
    // The gateway forwards what clients send and never retries on their behalf.
    return name === 'winvestco-gateway-resiliency' ? apps.filter((a) => a.kind === 'edge').map((a) => a.appId) : apps.filter((a) => a.kind !== 'edge').map((a) => a.appId);
  }
  const pubsubUsers = apps.filter((a) => a.kind !== 'service' && (a.publishes.length || a.subscribes.length)).map((a) => a.appId);
  if (type.startsWith('pubsub.')) return [...services, ...pubsubUsers];
  // The pub/sub components read the broker's address through the store, so their users need it too.
  if (name === 'secretstore') return [...services, ...apps.filter((a) => a.kind !== 'service' && (a.secrets.length || pubsubUsers.includes(a.appId))).map((a) => a.appId)];
  const stores = apps.filter((a) => a.stateStore && stateStoreName(a) === name);
  if (stores.length) return stores.map((a) => a.appId);
  const users = apps.filter((a) => a.components?.includes(name)).map((a) => a.appId);
  if (!users.length) throw new Error(`component ${name} is used by no app of the topology (give an app components: ["${name}"])`);
  return users;
}

/** Rewrites the `scopes` of every document of a YAML file, keeping everything else as written. */
export function withScopes(text: string, topology: Topology = TOPOLOGY): string {
  const docs = YAML.parseAllDocuments(text);
  return docs.map((doc) => {
    const scopes = scopesOf(doc.toJSON() as Parameters<typeof scopesOf>[0], topology);
    doc.set('scopes', doc.createNode(scopes));
    return doc.toString({ lineWidth: 0 });
  }).join('');
}

/** The YAML files whose scopes the topology owns. */
export function scopedFiles(): string[] {
  const dirs = ['components/common', ...BROKERS.map((b) => `components/brokers/${b}`), 'dapr/resiliency'];
  return dirs.flatMap((dir) => readdirSync(path.join(REPO_ROOT, dir)).filter((f) => f.endsWith('.yaml')).sort().map((f) => `${dir}/${f}`));
}

const STORE_FILE = /^components\/common\/[a-z0-9-]+-(workflowstore|actorstore)\.yaml$/;

/**
 * Every file `npm run topology` owns, by repository path, with its content: the run file,
 * policy, tye.yaml and stores wholly, the other components and resiliency for their scopes.
 * `stale` lists generated stores that no app declares any more (to delete).
 */
export function topologyFiles(topology: Topology = TOPOLOGY): { files: Map<string, string>; stale: string[] } {
  const problems = checkTopology(topology);
  if (problems.length) throw new Error(`the topology is inconsistent:\n  - ${problems.join('\n  - ')}`);
  const files = new Map<string, string>();
  files.set('dapr/dapr.yaml', runFile(topology));
  files.set('dapr/policy.yaml', policyFile(topology));
  files.set('tye.yaml', tyeFile(topology));
  for (const app of declaredApps(topology).filter((a) => a.stateStore)) files.set(`components/common/${stateStoreName(app)}.yaml`, stateStoreFile(app));
  const stale: string[] = [];
  for (const file of scopedFiles()) {
    if (STORE_FILE.test(file)) {
      if (!files.has(file)) stale.push(file);
      continue;
    }
    files.set(file, withScopes(readFileSync(path.join(REPO_ROOT, file), 'utf8'), topology));
  }
  return { files, stale };
}

/** Files on disk that differ from what the generator makes (or should not exist). */
export function outdated(files: Map<string, string>, stale: readonly string[] = []): string[] {
  const differing = [...files].filter(([file, content]) => {
    const target = path.join(REPO_ROOT, file);
    return !existsSync(target) || readFileSync(target, 'utf8') !== content;
  }).map(([file]) => file);
  return [...differing, ...stale.filter((f) => existsSync(path.join(REPO_ROOT, f)))];
}
