import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as common from '@winvestco/common';
import { declaredApps, PUBLIC_ROUTES, SERVICE_APP_IDS, SERVICES, TOPICS, TOPOLOGY, type AppDeclaration, type Topic } from '@winvestco/common';
import { expect } from 'chai';
import YAML from 'yaml';
import { REPO_ROOT } from '../../src/index.ts';
import { k8sFiles, strayK8sFiles } from '../../src/k8s.ts';
import { clusterSecrets } from '../../src/k8s-secrets.ts';
import { checkTopology, outdated, topologyFiles } from '../../src/topology-files.ts';

const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
type Obj = { apiVersion: string; kind: string; metadata: { name: string; annotations?: Record<string, string> }; [k: string]: unknown };

const docsOf = (text: string) => YAML.parseAllDocuments(text).map((d) => d.toJSON() as Obj).filter(Boolean);
const sources = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f)) : []);

/** Topic names by the kit's exported variable names (usersTopic -> users). */
const topicVariables = new Map(Object.entries(common).filter(([, value]) => TOPICS.includes(value as Topic)).map(([name, value]) => [name, (value as Topic).name]));

/** The topics a service's code subscribes to, plus the kit's session projection (every service but the accounts' owner). */
function subscribedInCode(name: string, appId: string): string[] {
  const topics = new Set<string>();
  for (const file of sources(path.join(REPO_ROOT, 'services', name, 'src'))) {
    // subscribe(usersTopic, ...), or a service's own wrapper of it, on(ordersTopic, ...).
    for (const match of readFileSync(file, 'utf8').matchAll(/\b(?:subscribe|on)(?:<[^>]*>)?\(\s*(\w+)/g)) {
      const topic = topicVariables.get(match[1]!);
      if (topic) topics.add(topic);
    }
  }
  if (appId !== common.usersTopic.owner) topics.add(common.usersTopic.name);
  return [...topics].sort();
}

function allK8sObjects(files = k8sFiles()): { file: string; doc: Obj }[] {
  return [...files].filter(([file]) => !file.endsWith('kustomization.yaml')).flatMap(([file, text]) => docsOf(text).map((doc) => ({ file, doc })));
}

describe('contract: one topology, and every file that names apps is generated from it', () => {
  it('the topology is consistent: app ids, ports, one publisher per topic, subscribed topics published, invoked apps declared', () => {
    expect(checkTopology()).to.deep.equal([]);
  });

  it('dapr/dapr.yaml, dapr/policy.yaml, tye.yaml, the components\' and Resiliency\'s scopes and the state stores are what `npm run topology` makes', () => {
    const { files, stale } = topologyFiles();
    expect(outdated(files, stale), 'run npm run topology').to.deep.equal([]);
  });

  it('k8s/base, k8s/dev and k8s/prod are what `npm run k8s` makes, and hold nothing else', () => {
    const files = k8sFiles();
    expect(outdated(files, strayK8sFiles(files)), 'run npm run k8s').to.deep.equal([]);
  });

  it('the kit derives its lists from it: SERVICES, app ids, PUBLIC_ROUTES', () => {
    const services = declaredApps().filter((a) => a.kind === 'service');
    expect([...SERVICES]).to.deep.equal(services.map((a) => a.name));
    expect([...SERVICE_APP_IDS]).to.deep.equal(services.map((a) => a.appId));
    for (const app of services) expect(PUBLIC_ROUTES[app.appId]).to.deep.equal([...app.routes, common.ADMIN_PREFIX]);
  });

  it('each app publishes exactly the topics the contracts name it the owner of', () => {
    for (const app of declaredApps()) {
      expect([...app.publishes].sort(), app.name).to.deep.equal(TOPICS.filter((t) => t.owner === app.appId).map((t) => t.name).sort());
    }
  });

  it('each built service subscribes to exactly the topics its code subscribes to (with the kit\'s session projection)', () => {
    for (const app of declaredApps().filter((a) => a.kind === 'service' && !a.planned)) {
      expect([...app.subscribes].sort(), app.name).to.deep.equal(subscribedInCode(app.name, app.appId));
    }
  });

  it('a service with workflows or actors declares its state store, and only then', () => {
    for (const app of declaredApps().filter((a) => a.kind === 'service' && !a.planned)) {
      const src = path.join(REPO_ROOT, 'services', app.name, 'src');
      const uses = existsSync(path.join(src, 'workflows')) ? 'workflows' : existsSync(path.join(src, 'actor.ts')) ? 'actors' : undefined;
      expect(app.stateStore, app.name).to.equal(uses);
    }
  });

  it('every built app has its folder, and every service folder is declared (planned ones have none yet)', () => {
    for (const app of declaredApps()) expect(existsSync(path.join(REPO_ROOT, app.dir, 'package.json')), app.dir).to.equal(!app.planned);
    const folders = readdirSync(path.join(REPO_ROOT, 'services')).filter((d) => d !== 'common');
    for (const folder of folders) expect(declaredApps().map((a) => a.dir), folder).to.include(`services/${folder}`);
  });

  it('when one service is added to the declaration, then every generated file carries it and nothing else needs an edit', () => {
    const added: AppDeclaration = {
      kind: 'service', appId: 'audit-service', portBase: 7300, dir: 'services/audit', command: ['node', 'dist/main.js'], database: true, routes: ['audits'],
      secrets: ['JWT_PUBLIC_KEY'], invokes: { funds: ['GET /internal/wallets/**'] }, publishes: [], subscribes: ['users', 'funds'], replicas: 'many',
    };
    const foreign: AppDeclaration = {
      kind: 'foreign', appId: 'quote-feed', portBase: 7200, dir: 'examples/quote-feed', command: ['./quote-feed'], database: false, routes: [],
      secrets: [], publishes: [], subscribes: ['market'], replicas: 'many', image: 'winvestco/quote-feed',
    };
    const topology = { ...TOPOLOGY, audit: added, quotefeed: foreign };
    expect(checkTopology(topology)).to.deep.equal([]);
    const { files } = topologyFiles(topology);
    const runFile = YAML.parse(files.get('dapr/dapr.yaml')!);
    expect(runFile.apps.map((a: { appID: string }) => a.appID)).to.include.members(['audit-service', 'quote-feed']);
    expect(YAML.parse(files.get('dapr/policy.yaml')!).apps['funds-service'].callers['audit-service']).to.deep.equal(['GET /internal/wallets/**']);
    expect(YAML.parse(files.get('tye.yaml')!).services.map((s: { name: string }) => s.name)).to.include.members(['audit-service', 'quote-feed']);
    expect(YAML.parse(files.get('components/brokers/redis/pubsub.yaml')!).scopes).to.include.members(['audit-service', 'quote-feed']);
    // The pub/sub components read the broker's address through the secret store, so an app of the broker needs its scope.
    expect(YAML.parse(files.get('components/common/secretstore.yaml')!).scopes).to.include.members(['audit-service', 'quote-feed']);
    const k8s = k8sFiles(topology);
    const audit = docsOf(k8s.get('k8s/base/apps/audit-service.yaml')!);
    expect(audit.map((d) => d.kind)).to.include.members(['Deployment', 'Service', 'ConfigMap', 'Configuration', 'Subscription', 'Job']);
    const feed = docsOf(k8s.get('k8s/base/apps/quote-feed.yaml')!);
    expect(feed.map((d) => d.kind)).not.to.include('Job');
    expect(JSON.stringify(feed.find((d) => d.kind === 'Deployment'))).to.include('"image":"winvestco/quote-feed"');
    expect(docsOf(k8s.get('k8s/prod/databases.yaml')!).map((d) => d.metadata.name)).to.include('audit-db').and.not.to.include('quotefeed-db');
    expect(YAML.parse(k8s.get('k8s/base/kustomization.yaml')!).resources).to.include.members(['apps/audit-service.yaml', 'apps/quote-feed.yaml']);
  });
});

describe('contract: the Kubernetes manifests', () => {
  const objects = allK8sObjects();
  const deployments = objects.filter((o) => o.doc.kind === 'Deployment').map((o) => o.doc as Obj & { spec: { template: { metadata: { annotations: Record<string, string> }; spec: { containers: Record<string, unknown>[]; securityContext: Record<string, unknown> } } } });

  it('every object, and every Secret, ConfigMap and Dapr config an object refers to, has a lowercase DNS name', () => {
    const names = objects.map((o) => o.doc.metadata.name);
    // A Dapr component's secretKeyRef names a key of its Dapr secret store (the sidecar's environment), not a Kubernetes Secret.
    const text = JSON.stringify(objects.map((o) => o.doc).filter((d) => !d.apiVersion.startsWith('dapr.io/')));
    const referenced = [...text.matchAll(/"(?:secretKeyRef|configMapRef)":\{[^}]*?"name":"([^"]+)"/g)].map((m) => m[1]!);
    for (const d of deployments) {
      const a = d.spec.template.metadata.annotations;
      referenced.push(a['dapr.io/config']!, a['dapr.io/api-token-secret']!, a['dapr.io/app-token-secret']!);
      for (const entry of (a['dapr.io/env-from-secret'] ?? '').split(',').filter(Boolean)) referenced.push(entry.split('=')[1]!.split(':')[0]!);
    }
    for (const name of [...names, ...referenced]) expect(name).to.match(DNS_NAME);
    for (const s of clusterSecrets() as Obj[]) expect(s.metadata.name).to.match(DNS_NAME);
  });

  it('every running app has a Deployment with the Dapr annotations, probes on /readyz and /healthz, limits, and a locked-down security context', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).to.deep.equal(declaredApps().filter((a) => !a.planned).map((a) => a.appId).sort());
    for (const d of deployments) {
      const a = d.spec.template.metadata.annotations;
      expect(a, d.metadata.name).to.include({ 'dapr.io/enabled': 'true', 'dapr.io/app-id': d.metadata.name, 'dapr.io/config': d.metadata.name, 'dapr.io/log-as-json': 'true' });
      for (const key of ['dapr.io/app-port', 'dapr.io/api-token-secret', 'dapr.io/app-token-secret']) expect(a[key], key).to.be.a('string');
      const [app] = d.spec.template.spec.containers as { readinessProbe: { httpGet: { path: string } }; livenessProbe: { httpGet: { path: string } }; resources: { limits: object; requests: object }; securityContext: object }[];
      expect(app!.readinessProbe.httpGet.path).to.equal('/readyz');
      expect(app!.livenessProbe.httpGet.path).to.equal('/healthz');
      expect(app!.resources.limits).to.have.keys('cpu', 'memory');
      expect(app!.securityContext).to.include({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true });
      expect(d.spec.template.spec.securityContext).to.include({ runAsNonRoot: true });
    }
  });

  it('every Dapr component has scopes naming running apps; each sidecar gets only the secrets its app may read and its components need', () => {
    const running = declaredApps().filter((a) => !a.planned).map((a) => a.appId);
    for (const { doc } of objects.filter((o) => o.doc.kind === 'Component' || o.doc.kind === 'Subscription' || o.doc.kind === 'Resiliency')) {
      expect(doc.scopes, doc.metadata.name).to.be.an('array').that.is.not.empty;
      for (const scope of doc.scopes as string[]) expect(running).to.include(scope);
    }
    const envOf = (appId: string) => deployments.find((d) => d.metadata.name === appId)!.spec.template.metadata.annotations['dapr.io/env-from-secret'] ?? '';
    expect(envOf('gateway')).to.equal('');
    expect(envOf('funds-service')).to.include('WINVESTCO_SECRET_JWT_PUBLIC_KEY=').and.not.to.include('JWT_PRIVATE_KEY');
    expect(envOf('user-service')).to.include('WINVESTCO_SECRET_JWT_PRIVATE_KEY=winvestco-platform:JWT_PRIVATE_KEY');
    expect(envOf('order-service')).to.include('WINVESTCO_SECRET_ORDER_DB_URL=order-db-app:uri').and.not.to.include('PAYMENT_DB_URL');
  });

  it('prod reaches each service\'s database at its CloudNativePG Cluster\'s -rw Service, dev at its StatefulSet\'s Service of the same name', () => {
    const files = k8sFiles();
    const clusters = docsOf(files.get('k8s/prod/databases.yaml')!).filter((d) => d.kind === 'Cluster').map((d) => d.metadata.name);
    const devServices = docsOf(files.get('k8s/dev/databases.yaml')!).filter((d) => d.kind === 'Service').map((d) => d.metadata.name);
    for (const { doc } of objects.filter((o) => o.doc.kind === 'ConfigMap' && (o.doc.data as Record<string, string>).PGHOST)) {
      const host = (doc.data as Record<string, string>).PGHOST!;
      expect(clusters.map((c) => `${c}-rw`)).to.include(host);
      expect(devServices).to.include(host);
    }
  });

  it('in prod only the gateway takes traffic from outside the namespace', () => {
    const policies = docsOf(k8sFiles().get('k8s/prod/network-policies.yaml')!) as (Obj & { spec: { podSelector: { matchLabels?: Record<string, string> }; ingress?: { from?: unknown[] }[] } })[];
    const open = policies.filter((p) => p.spec.ingress?.some((rule) => !rule.from));
    expect(open.map((p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'])).to.deep.equal(['gateway']);
    expect(policies.find((p) => p.metadata.name === 'default-deny-ingress')?.spec.podSelector).to.deep.equal({});
  });
});
