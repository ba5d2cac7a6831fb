// Everything the console shows, read through its own sidecar: service invocation of each
// app's health, metrics and kit ops routes (/admin/*, with the signed-in admin's token, so
// each service checks the caller itself), and the console sidecar's own metadata. No
// database but the services' own is ever read, and only by the services.
import { type DaprSidecar, type DeadLetterView, deadLetterTopicOf, SERVICE_APP_IDS } from '@winvestco/common';

export interface Metadata {
  id?: string;
  runtimeVersion?: string;
  enabledFeatures?: string[];
  actors?: { type: string; count: number }[];
  components?: { name: string; type: string; version?: string; capabilities?: string[] }[];
  subscriptions?: { pubsubname: string; topic: string; deadLetterTopic?: string; type?: string; rules?: { match?: string; path: string }[] | { rules?: { match?: string; path: string }[] } }[];
  appConnectionProperties?: { port?: number; protocol?: string; health?: { healthCheckPath?: string; healthProbeInterval?: string } };
  actorRuntime?: { runtimeStatus?: string; hostReady?: boolean; placement?: string; activeActors?: { type: string; count: number }[] };
  scheduler?: { connected_addresses?: string[] };
  workflows?: { connectedWorkers?: number };
}

export interface Runtime {
  service: string;
  pid: number;
  node: string;
  startedAt: string;
  uptimeSeconds: number;
  memory: { rssBytes: number; heapUsedBytes: number };
  sidecar: { metadata?: Metadata; error?: string };
  outbox: { pending: number; oldestPendingAt: string | null };
  inbox: { size: number; newestAt: string | null };
  migrations: { service: number | null; serviceAppliedAt: string | null; kit: number | null };
  deadLetters: { open: number };
  workflows: { names: string[]; sagas: Record<string, number> } | null;
}

export interface Rates {
  rssBytes: number | null;
  requests: number;
  errors: number;
  /** Per second since the previous sample; null on the first. */
  requestRate: number | null;
  errorRate: number | null;
}

export interface AppStatus {
  appId: string;
  /** The sidecar reached the app. */
  reachable: boolean;
  alive: boolean | null;
  ready: boolean | null;
  checks: Record<string, boolean>;
  problem?: string;
  runtime?: Runtime;
  runtimeProblem?: string;
  rates?: Rates;
  /** The console itself: its own sidecar, asked directly. */
  self?: boolean;
}

export interface SagaRow {
  owner: string;
  instanceId: string;
  workflow: string;
  status: string;
  input: unknown;
  stuck: { reason: string; step: string | null; decisions: string[]; since: string } | null;
  resolution: { decision: string; by: string | null; at: string } | null;
  createdAt: string;
  updatedAt: string;
  startAttempts: number;
  lastError: string | null;
  workflowState: { name: string; runtimeStatus: string; customStatus: string | null; createdAt: string | null; lastUpdatedAt: string | null; failure: string | null; input?: unknown; output?: unknown } | null;
  signals?: { id: string; eventName: string; payload: unknown; createdAt: string; deliveredAt: string | null; attempts: number; lastError: string | null }[];
}

export type DeadLetterRow = DeadLetterView & { owner: string };

export class Refused extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

const STARTED_AT = new Date();

/** Sums a Prometheus text exposition's samples of `name` whose labels pass `keep`. */
export function sumSamples(text: string, name: string, keep: (labels: string) => boolean = () => true): number | null {
  let total: number | null = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+([0-9.eE+-]+|NaN)/.exec(line);
    if (!match || match[1] !== name) continue;
    const value = Number(match[3]);
    if (Number.isFinite(value) && keep(match[2] ?? '')) total = (total ?? 0) + value;
  }
  return total;
}

function detailOf(body: unknown, status: number): string {
  if (body && typeof body === 'object') {
    const b = body as { detail?: string; message?: string; title?: string };
    return b.detail ?? b.message ?? b.title ?? `answered ${status}`;
  }
  return typeof body === 'string' && body ? body.slice(0, 300) : `answered ${status}`;
}

export class Sources {
  private readonly samples = new Map<string, { at: number; requests: number; errors: number }>();

  constructor(
    readonly dapr: DaprSidecar,
    readonly apps: readonly string[],
    readonly selfId: string,
    private readonly controlPlaneUrls: readonly { name: string; url: string }[] = [],
  ) {}

  /** Apps built on the kit: they serve /admin/* (the gateway and the console do not). */
  /** The business services: only they carry the kit's ops routes (the gateway, the console and foreign apps do not). */
  kitApps(): string[] {
    return this.apps.filter((a) => SERVICE_APP_IDS.includes(a));
  }

  private async call<T>(appId: string, path: string, token?: string, options: { method?: 'GET' | 'POST'; body?: unknown; timeoutMs?: number } = {}): Promise<T> {
    const reply = await this.dapr.invoke<T>(appId, path, {
      method: options.method ?? 'GET', ...(options.body !== undefined ? { body: options.body } : {}),
      headers: token ? { authorization: `Bearer ${token}` } : {}, timeoutMs: options.timeoutMs ?? 5000,
    });
    if (reply.status >= 300) throw new Refused(`${appId} ${path}: ${detailOf(reply.body, reply.status)}`, reply.status);
    return reply.body;
  }

  async selfMetadata(): Promise<Metadata> {
    return (await this.dapr.metadata()) as Metadata;
  }

  private selfRuntime(metadata: Metadata | undefined, error?: string): Runtime {
    const memory = process.memoryUsage();
    return {
      service: this.selfId, pid: process.pid, node: process.version, startedAt: STARTED_AT.toISOString(), uptimeSeconds: Math.round(process.uptime()),
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed }, sidecar: metadata ? { metadata } : { error: error ?? 'no answer' },
      outbox: { pending: 0, oldestPendingAt: null }, inbox: { size: 0, newestAt: null }, migrations: { service: null, serviceAppliedAt: null, kit: null },
      deadLetters: { open: 0 }, workflows: null,
    };
  }

  private rates(appId: string, text: string): Rates {
    const requests = sumSamples(text, 'http_request_duration_seconds_count') ?? 0;
    const errors = sumSamples(text, 'http_request_duration_seconds_count', (l) => /status="5\d\d"/.test(l)) ?? 0;
    const now = Date.now();
    const before = this.samples.get(appId);
    this.samples.set(appId, { at: now, requests, errors });
    const seconds = before ? (now - before.at) / 1000 : 0;
    const per = (a: number, b: number) => (before && seconds > 0.2 ? Math.max(0, a - b) / seconds : null);
    return {
      rssBytes: sumSamples(text, 'process_resident_memory_bytes'), requests, errors,
      requestRate: per(requests, before?.requests ?? 0), errorRate: per(errors, before?.errors ?? 0),
    };
  }

  /** One app's health (through its sidecar: /healthz and /readyz), metrics and, for kit apps, its ops view. */
  async status(appId: string, token: string): Promise<AppStatus> {
    if (appId === this.selfId) {
      const metadata = await this.selfMetadata().catch((error: unknown) => error as Error);
      const memory = process.memoryUsage();
      return {
        appId, self: true, reachable: true, alive: true, ready: !(metadata instanceof Error), checks: { sidecar: !(metadata instanceof Error) },
        runtime: metadata instanceof Error ? this.selfRuntime(undefined, metadata.message) : this.selfRuntime(metadata),
        rates: { rssBytes: memory.rss, requests: 0, errors: 0, requestRate: null, errorRate: null },
      };
    }
    const status: AppStatus = { appId, reachable: false, alive: null, ready: null, checks: {} };
    const [alive, ready, metrics, runtime] = await Promise.allSettled([
      this.dapr.invoke<{ status: string }>(appId, 'healthz', { timeoutMs: 3000 }),
      this.dapr.invoke<{ status: string; checks?: Record<string, boolean> }>(appId, 'readyz', { timeoutMs: 3000 }),
      this.dapr.invoke<string>(appId, 'metrics', { timeoutMs: 3000 }),
      this.kitApps().includes(appId) ? this.call<Runtime>(appId, 'admin/runtime', token) : Promise.resolve(undefined),
    ]);
    if (alive.status === 'fulfilled') {
      // A sidecar that cannot reach its app answers with a Dapr error code of its own.
      const body = alive.value.body as { errorCode?: string } | string;
      status.reachable = !(body && typeof body === 'object' && 'errorCode' in body);
      status.alive = alive.value.status === 200;
      if (!status.alive) status.problem = detailOf(alive.value.body, alive.value.status);
    } else {
      status.problem = alive.reason instanceof Error ? alive.reason.message : String(alive.reason);
    }
    if (ready.status === 'fulfilled') {
      const body = ready.value.body;
      status.ready = ready.value.status === 200;
      status.checks = (body && typeof body === 'object' && body.checks) || {};
      if (!status.ready && !status.problem) status.problem = detailOf(body, ready.value.status);
    }
    if (metrics.status === 'fulfilled' && metrics.value.status === 200 && typeof metrics.value.body === 'string') status.rates = this.rates(appId, metrics.value.body);
    if (runtime.status === 'fulfilled') status.runtime = runtime.value;
    else status.runtimeProblem = runtime.reason instanceof Error ? runtime.reason.message : String(runtime.reason);
    return status;
  }

  async statuses(token: string): Promise<AppStatus[]> {
    return Promise.all(this.apps.map((a) => this.status(a, token)));
  }

  /** Placement, scheduler and sentry: their health endpoints when npm start gave them, else what the console's sidecar says. */
  async controlPlane(metadata: Metadata | undefined): Promise<{ name: string; healthy: boolean | null; detail: string }[]> {
    const fromHealthz = await Promise.all(this.controlPlaneUrls.map(async ({ name, url }) => {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        return { name, healthy: response.ok, detail: `${url} answered ${response.status}` };
      } catch (error) {
        return { name, healthy: false, detail: `${url}: ${error instanceof Error ? error.message : String(error)}` };
      }
    }));
    const seen = new Set(fromHealthz.map((c) => c.name));
    const placement = metadata?.actorRuntime?.placement ?? '';
    const scheduler = metadata?.scheduler?.connected_addresses ?? [];
    const fromSidecar = [
      { name: 'placement', healthy: metadata ? /connected/i.test(placement) && !/disconnected/i.test(placement) : null, detail: placement ? `the console's sidecar: ${placement}` : 'not reported' },
      { name: 'scheduler', healthy: metadata ? scheduler.length > 0 : null, detail: scheduler.length ? `the console's sidecar is connected to ${scheduler.join(', ')}` : 'the console\'s sidecar reports no scheduler connection' },
      { name: 'sentry', healthy: metadata ? true : null, detail: 'the sidecars hold mTLS certificates from it (each call between them uses one)' },
    ].filter((c) => !seen.has(c.name));
    return [...fromHealthz, ...fromSidecar];
  }

  async runtime(appId: string, token: string): Promise<Runtime> {
    if (appId === this.selfId) return this.selfRuntime(await this.selfMetadata());
    return this.call<Runtime>(appId, 'admin/runtime', token);
  }

  /** Every saga owner's instances; owners are the kit apps whose /admin/workflows answers. */
  async sagas(token: string): Promise<{ items: SagaRow[]; problems: string[] }> {
    const problems: string[] = [];
    const lists = await Promise.all(this.kitApps().map(async (owner) => {
      try {
        const { items } = await this.call<{ items: Omit<SagaRow, 'owner'>[] }>(owner, 'admin/workflows?limit=200', token, { timeoutMs: 10_000 });
        return items.map((i) => ({ ...i, owner }));
      } catch (error) {
        if (!(error instanceof Refused && error.status === 404)) problems.push(error instanceof Error ? error.message : String(error));
        return [];
      }
    }));
    return { items: lists.flat(), problems };
  }

  async saga(owner: string, instanceId: string, token: string): Promise<SagaRow> {
    return { ...(await this.call<Omit<SagaRow, 'owner'>>(owner, `admin/workflows/${encodeURIComponent(instanceId)}`, token)), owner };
  }

  async sagaAction(owner: string, instanceId: string, action: string, token: string, body?: unknown): Promise<void> {
    const path = action === 'raise' ? 'events' : action;
    await this.call(owner, `admin/workflows/${encodeURIComponent(instanceId)}/${path}`, token, { method: 'POST', body: body ?? {} });
  }

  async deadLetters(token: string, open: boolean): Promise<{ items: DeadLetterRow[]; problems: string[] }> {
    const problems: string[] = [];
    const lists = await Promise.all(this.kitApps().map(async (owner) => {
      try {
        const { items } = await this.call<{ items: Omit<DeadLetterRow, 'owner'>[] }>(owner, `admin/dead-letters?open=${open}&limit=200`, token);
        return items.map((i) => ({ ...i, owner }));
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
        return [];
      }
    }));
    return { items: lists.flat().sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)), problems };
  }

  async replay(owner: string, id: string, token: string): Promise<string> {
    const answer = await this.call<{ outcome: string }>(owner, `admin/dead-letters/${encodeURIComponent(id)}/replay`, token, { method: 'POST', body: {}, timeoutMs: 15_000 });
    return answer.outcome;
  }

  /** The dead-letter topics of the watched apps, for the live tail. */
  deadLetterTopics(): string[] {
    return this.kitApps().map(deadLetterTopicOf);
  }
}
