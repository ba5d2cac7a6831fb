// The tools that validate k8s/: kustomize, etcd and kube-apiserver, built from their Go modules
// by k8s/install-tools.sh into ~/.cache/winvestco/k8s-tools (kept between runs), and the CRDs
// the manifests use: Dapr's, from the runtime's Go module, and a structural CloudNativePG
// Cluster CRD (k8s/crds/), since the module proxy refuses github.com/cloudnative-pg/*.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths.ts';

const run = promisify(execFile);

export interface K8sTools {
  kustomize: string;
  etcd: string;
  'kube-apiserver': string;
}

/** Builds what is missing (minutes the first time; it says what it does) and answers where each tool is. */
export async function ensureK8sTools(say: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<K8sTools> {
  const script = path.join(REPO_ROOT, 'k8s', 'install-tools.sh');
  const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  let pending = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) say(line);
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (pending) say(pending);
  if (code !== 0) throw new Error(`k8s/install-tools.sh failed (exit ${code}); its output is above`);
  const tools = Object.fromEntries(out.trim().split('\n').map((line) => line.split('=') as [string, string])) as unknown as K8sTools;
  for (const name of ['kustomize', 'etcd', 'kube-apiserver'] as const) if (!tools[name] || !existsSync(tools[name])) throw new Error(`k8s/install-tools.sh did not say where ${name} is`);
  return tools;
}

/** `kustomize build k8s/<overlay>`: every object of the overlay, as YAML. */
export async function kustomizeBuild(tools: K8sTools, dir: string): Promise<string> {
  const { stdout } = await run(tools.kustomize, ['build', dir], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The Dapr runtime version the platform pins (dapr/install-runtime.sh). */
export function daprVersion(): string {
  const match = /^DAPR_VERSION=(\S+)$/m.exec(readFileSync(path.join(REPO_ROOT, 'dapr', 'install-runtime.sh'), 'utf8'));
  if (!match) throw new Error('dapr/install-runtime.sh has no DAPR_VERSION');
  return match[1]!;
}

/** The Dapr CRDs shipped in the runtime's Go module (charts/dapr/crds), fetched through the module proxy when absent. */
export async function daprCrdFiles(): Promise<string[]> {
  const module = `github.com/dapr/dapr@v${daprVersion()}`;
  const { stdout: modCache } = await run('go', ['env', 'GOMODCACHE']);
  let dir = path.join(modCache.trim(), module);
  if (!existsSync(dir)) {
    const { stdout } = await run('go', ['mod', 'download', '-json', module], { env: { ...process.env, GOFLAGS: '-mod=mod' }, maxBuffer: 16 * 1024 * 1024 });
    dir = (JSON.parse(stdout) as { Dir: string }).Dir;
  }
  const crds = path.join(dir, 'charts', 'dapr', 'crds');
  return readdirSync(crds).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(crds, f));
}

/** CRDs of operators the prod overlay uses, written here because their modules cannot be fetched. */
export function operatorCrdFiles(): string[] {
  const dir = path.join(REPO_ROOT, 'k8s', 'crds');
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(dir, f));
}
