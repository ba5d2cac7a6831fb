// A real Kubernetes API server on loopback, for validating manifests: etcd and kube-apiserver
// (built by k8s/install-tools.sh) with a serving certificate the API server makes itself in
// the run's folder, a static token, and its own service-account keys. Objects are sent with
// server-side apply, as `kubectl apply --server-side --dry-run=server` would: the server
// runs its defaulting, validation (fieldValidation=Strict: an unknown field is an error)
// and admission, and stores nothing.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import YAML from 'yaml';
import type { K8sTools } from './k8s-tools.ts';
import { freePort, startProcess, type ManagedProcess } from './processes.ts';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ApiReply {
  status: number;
  body: Record<string, unknown>;
}

interface Resource {
  plural: string;
  namespaced: boolean;
}

export class ApiServer {
  private readonly resources = new Map<string, Resource>();

  constructor(readonly url: string, private readonly token: string, private readonly ca: Buffer, private readonly processes: ManagedProcess[]) {}

  request(method: string, urlPath: string, body?: unknown, contentType = 'application/json'): Promise<ApiReply> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = https.request(`${this.url}${urlPath}`, {
        method, ca: this.ca, headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...(payload ? { 'content-type': contentType, 'content-length': payload.length } : {}) },
      }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          let parsed: Record<string, unknown>;
          try {
            parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            parsed = { text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Kind → plural and scope, from the server's discovery (asked again when a kind is new to it: a CRD just installed). */
  private async resourceOf(apiVersion: string, kind: string): Promise<Resource> {
    const key = `${apiVersion}/${kind}`;
    let found = this.resources.get(key);
    if (found) return found;
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    // A group of a CRD just established can take a moment to appear in discovery.
    for (let attempt = 1; ; attempt += 1) {
      const reply = await this.request('GET', base);
      const list = (reply.body.resources as { name: string; kind: string; namespaced: boolean }[] | undefined) ?? [];
      for (const r of list) if (!r.name.includes('/')) this.resources.set(`${apiVersion}/${r.kind}`, { plural: r.name, namespaced: r.namespaced });
      found = this.resources.get(key);
      if (found) break;
      if (attempt >= 20) throw new Error(`the API server serves no ${kind} in ${apiVersion} (${reply.status})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return found;
  }

  private async pathOf(object: K8sObject, namespace: string): Promise<string> {
    const { plural, namespaced } = await this.resourceOf(object.apiVersion, object.kind);
    const base = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
    const ns = namespaced ? `/namespaces/${object.metadata.namespace ?? namespace}` : '';
    return `${base}${ns}/${plural}/${encodeURIComponent(object.metadata.name)}`;
  }

  /** Server-side apply; `dryRun` leaves nothing behind. */
  async apply(object: K8sObject, options: { dryRun: boolean; namespace?: string }): Promise<ApiReply> {
    let target: string;
    try {
      target = await this.pathOf(object, options.namespace ?? 'default');
    } catch (error) {
      return { status: 404, body: { message: (error as Error).message } };
    }
    const query = `?fieldManager=winvestco&force=true&fieldValidation=Strict${options.dryRun ? '&dryRun=All' : ''}`;
    return this.request('PATCH', target + query, object, 'application/apply-patch+yaml');
  }

  /** Installs CRDs for real and waits until the server serves each. */
  async installCrds(files: string[]): Promise<string[]> {
    const names: string[] = [];
    for (const file of files) {
      for (const doc of YAML.parseAllDocuments(readFileSync(file, 'utf8'))) {
        const crd = doc.toJSON() as K8sObject | null;
        if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
        const reply = await this.apply(crd, { dryRun: false });
        if (reply.status >= 300) throw new Error(`CRD ${crd.metadata.name} from ${file} refused: ${String(reply.body.message)}`);
        names.push(crd.metadata.name);
      }
    }
    for (const name of names) {
      await until(`CRD ${name} to be established`, async () => {
        const reply = await this.request('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
        const conditions = ((reply.body.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions) ?? [];
        return conditions.some((c) => c.type === 'Established' && c.status === 'True');
      });
    }
    this.resources.clear();
    return names;
  }

  async stop(): Promise<void> {
    for (const proc of [...this.processes].reverse()) await proc.stop(5000);
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000, gone: () => string | undefined = () => undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    const reason = gone();
    if (reason) throw new Error(reason);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** etcd and kube-apiserver on loopback, their data and logs in `workDir`; answers once /readyz says ok. */
export async function startApiServer(tools: K8sTools, workDir: string): Promise<ApiServer> {
  mkdirSync(workDir, { recursive: true });
  const [clientPort, peerPort, securePort] = [await freePort(), await freePort(), await freePort()];
  const etcd = startProcess({
    name: 'etcd', command: tools.etcd, logFile: path.join(workDir, 'etcd.log'),
    args: [
      '--name', 'validation', '--data-dir', path.join(workDir, 'etcd'),
      '--listen-client-urls', `http://127.0.0.1:${clientPort}`, '--advertise-client-urls', `http://127.0.0.1:${clientPort}`,
      '--listen-peer-urls', `http://127.0.0.1:${peerPort}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
      '--initial-cluster', `validation=http://127.0.0.1:${peerPort}`, '--unsafe-no-fsync', '--log-level', 'warn',
    ],
  });
  const certDir = path.join(workDir, 'certs');
  mkdirSync(certDir, { recursive: true });
  const token = randomBytes(24).toString('hex');
  const tokens = path.join(workDir, 'tokens.csv');
  writeFileSync(tokens, `${token},validator,validator-uid,system:masters\n`, { mode: 0o600 });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  writeFileSync(path.join(workDir, 'sa.key'), privateKey, { mode: 0o600 });
  writeFileSync(path.join(workDir, 'sa.pub'), publicKey);
  const apiserver = startProcess({
    name: 'kube-apiserver', command: tools['kube-apiserver'], logFile: path.join(workDir, 'kube-apiserver.log'),
    args: [
      `--etcd-servers=http://127.0.0.1:${clientPort}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${securePort}`,
      // No --tls-cert-file: the server makes a self-signed certificate for 127.0.0.1 in --cert-dir.
      `--cert-dir=${certDir}`,
      `--token-auth-file=${tokens}`, '--authorization-mode=RBAC',
      `--service-account-issuer=https://kubernetes.default.svc.cluster.local`,
      `--service-account-key-file=${path.join(workDir, 'sa.pub')}`,
      `--service-account-signing-key-file=${path.join(workDir, 'sa.key')}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      '--enable-priority-and-fairness=false',
      // The `kubernetes` Service's endpoint may not be a loopback address; nothing here needs it.
      '--endpoint-reconciler-type=none',
    ],
  });
  const url = `https://127.0.0.1:${securePort}`;
  const certFile = path.join(certDir, 'apiserver.crt');
  let server: ApiServer | undefined;
  try {
    await until('kube-apiserver to be ready', async () => {
      server ??= new ApiServer(url, token, readFileSync(certFile), [etcd, apiserver]);
      const reply = await server.request('GET', '/readyz');
      return reply.status === 200;
    }, 120_000, () => (apiserver.running && etcd.running ? undefined : `${apiserver.running ? 'etcd' : 'kube-apiserver'} exited; its log is in ${workDir}`));
  } catch (error) {
    await apiserver.stop(3000);
    await etcd.stop(3000);
    throw error;
  }
  return server!;
}

/** The objects of a multi-document YAML text (kustomize's output). */
export function parseObjects(text: string): K8sObject[] {
  return YAML.parseAllDocuments(text).map((d) => d.toJSON() as K8sObject | null).filter((o): o is K8sObject => Boolean(o?.kind));
}
