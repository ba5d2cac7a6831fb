import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT } from '../../src/index.ts';
import { NAMESPACE, OVERLAYS } from '../../src/k8s.ts';
import { parseObjects, startApiServer, type ApiServer, type K8sObject } from '../../src/k8s-apiserver.ts';
import { clusterSecrets } from '../../src/k8s-secrets.ts';
import { daprCrdFiles, ensureK8sTools, kustomizeBuild, operatorCrdFiles, type K8sTools } from '../../src/k8s-tools.ts';

const say = (line: string) => process.stderr.write(`      ${line}\n`);
const clone = <T>(value: T): T => structuredClone(value);
// A test that breaks arbitrary fields on purpose reaches into them untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** The refusals of a server-side dry run of every object: `Kind/name: message` for each refused. */
async function dryRun(server: ApiServer, objects: K8sObject[]): Promise<{ refused: string[]; accepted: number }> {
  const refused: string[] = [];
  let accepted = 0;
  for (const object of objects) {
    const reply = await server.apply(object, { dryRun: true, namespace: NAMESPACE });
    if (reply.status >= 300) refused.push(`${object.kind}/${object.metadata.name}: ${String(reply.body.message)}`);
    else accepted += 1;
  }
  return { refused, accepted };
}

const countByKind = (objects: K8sObject[]) => Object.entries(objects.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.kind]: (acc[o.kind] ?? 0) + 1 }), {}))
  .sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${kind} ${n}`).join(', ');

// The manifests against a real kube-apiserver with etcd, built from their Go modules and
// started on loopback; the Dapr CRDs of the runtime's module and the CloudNativePG Cluster
// CRD installed first. Nothing is stored: every object goes through a server-side dry run.
describe('k8s: both overlays, rendered by kustomize, are accepted by a real kube-apiserver', function () {
  let tools: K8sTools;
  let server: ApiServer;
  let workDir: string;
  const rendered = new Map<string, K8sObject[]>();

  before(async function () {
    // The first run builds kustomize, etcd and kube-apiserver (minutes); later runs reuse them.
    this.timeout(45 * 60_000);
    tools = await ensureK8sTools((line) => say(line));
    workDir = mkdtempSync(path.join(os.tmpdir(), 'winvestco-k8s-'));
    const started = Date.now();
    server = await startApiServer(tools, workDir);
    const crds = await server.installCrds([...(await daprCrdFiles()), ...operatorCrdFiles()]);
    say(`kube-apiserver ready with ${crds.length} CRDs (${crds.join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    // Namespaced objects need their namespace to exist, even in a dry run.
    const ns = await server.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }, { dryRun: false });
    expect(ns.status).to.be.below(300);
    for (const overlay of OVERLAYS) rendered.set(overlay, parseObjects(await kustomizeBuild(tools, path.join(REPO_ROOT, 'k8s', overlay))));
  });

  after(async () => {
    await server?.stop();
    if (workDir && !process.env.KEEP_TEST_LOGS) rmSync(workDir, { recursive: true, force: true });
  });

  for (const overlay of OVERLAYS) {
    it(`when the ${overlay} overlay is applied with a server-side dry run, then the API server accepts every object and stores none`, async () => {
      const objects = rendered.get(overlay)!;
      say(`${overlay}: ${objects.length} objects: ${countByKind(objects)}`);
      const started = Date.now();
      const { refused, accepted } = await dryRun(server, objects);
      say(`${overlay}: ${accepted} accepted, ${refused.length} refused in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      expect(refused).to.deep.equal([]);
      for (const o of objects) expect(o.metadata.namespace ?? NAMESPACE, `${o.kind}/${o.metadata.name}`).to.equal(NAMESPACE);
      const stored = await server.request('GET', `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`);
      expect((stored.body.items as unknown[]).length).to.equal(0);
    });
  }

  it('the Secrets `npm run k8s -- secrets` makes are accepted too', async () => {
    const { refused } = await dryRun(server, clusterSecrets() as K8sObject[]);
    expect(refused).to.deep.equal([]);
  });

  it('the prod overlay holds what the dev overlay does not: Clusters, autoscalers, disruption budgets, network policies', () => {
    const kinds = (overlay: string) => new Set(rendered.get(overlay)!.map((o) => o.kind));
    for (const kind of ['Cluster', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy']) {
      expect(kinds('prod'), kind).to.include(kind);
      expect(kinds('dev'), kind).not.to.include(kind);
    }
    expect(kinds('dev')).to.include('StatefulSet');
    for (const kind of ['Namespace', 'Deployment', 'Service', 'ConfigMap', 'Secret', 'Job', 'Component', 'Configuration', 'Resiliency', 'Subscription']) {
      expect(kinds('dev'), kind).to.include(kind);
      expect(kinds('prod'), kind).to.include(kind);
    }
    const prodDeployment = rendered.get('prod')!.find((o) => o.kind === 'Deployment' && o.metadata.name === 'funds-service') as K8sObject & { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(prodDeployment.spec.template.spec.containers[0]!.image).to.equal('registry.example.com/winvestco/funds-service:1.0.0');
  });

  it('when a manifest is broken on purpose, then the API server refuses it, whichever way it is broken', async () => {
    const prod = rendered.get('prod')!;
    const find = (kind: string, name?: string): Loose => clone(prod.find((o) => o.kind === kind && (!name || o.metadata.name === name))!);
    const broken: [string, K8sObject][] = [];
    const upper = find('Deployment', 'funds-service');
    upper.metadata.name = 'Funds-Service';
    broken.push(['an object name in upper case', upper]);
    const typo = find('Deployment', 'funds-service');
    typo.spec.template.spec.containers[0].readynessProbe = typo.spec.template.spec.containers[0].readinessProbe;
    broken.push(['a misspelt field (unknown under strict validation)', typo]);
    const port = find('Service', 'funds-service');
    port.spec.ports[0].port = 700000;
    broken.push(['a port out of range', port]);
    const selector = find('Deployment', 'funds-service');
    selector.spec.template.metadata.labels = { 'app.kubernetes.io/name': 'someone-else' };
    broken.push(['a Deployment whose selector matches none of its pods', selector]);
    const scopes = find('Component', 'pubsub');
    scopes.scopes = 'funds-service';
    broken.push(['a Dapr Component whose scopes are not a list', scopes]);
    const cluster = find('Cluster', 'funds-db');
    cluster.spec.instances = 0;
    broken.push(['a CloudNativePG Cluster with no instance', cluster]);
    const storage = find('Cluster', 'funds-db');
    storage.spec.storge = storage.spec.storage;
    delete storage.spec.storage;
    broken.push(['a CloudNativePG Cluster without storage (misspelt)', storage]);
    const hpa = find('HorizontalPodAutoscaler', 'funds-service');
    hpa.spec.minReplicas = 0;
    broken.push(['an autoscaler to zero replicas', hpa]);
    const secretRef = find('Deployment', 'funds-service');
    secretRef.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name = 'FUNDS_SECRET';
    broken.push(['an env var read from a Secret with an upper-case name', secretRef]);

    const verdicts: string[] = [];
    for (const [what, object] of broken) {
      const reply = await server.apply(object, { dryRun: true, namespace: NAMESPACE });
      verdicts.push(`${what}: ${reply.status} ${String(reply.body.message).replace(/\s+/g, ' ').slice(0, 200)}`);
    }
    for (const verdict of verdicts) say(`refused? ${verdict}`);
    for (const [i, [what]] of broken.entries()) expect(Number(verdicts[i]!.split(': ')[1]!.split(' ')[0]), `${what} was accepted`).to.be.at.least(400);
    // And the intact objects still pass: the refusals are the breakage's, not the server's.
    expect((await dryRun(server, [find('Deployment', 'funds-service'), find('Cluster', 'funds-db'), find('Component', 'pubsub')])).refused).to.deep.equal([]);
  });
});
