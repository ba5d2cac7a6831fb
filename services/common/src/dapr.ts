import type { CloudEvent } from './cloudevents.ts';

export class DaprError extends Error {
  constructor(message: string, readonly status: number, readonly body: unknown) {
    super(message);
  }
}

export interface InvokeOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, with the content type in `headers` (a signed webhook, say). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Sent as Idempotency-Key: a call that changes something carries one, so a retry acts once. */
  idempotencyKey?: string;
  timeoutMs?: number;
}

export interface InvokeResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * The sidecar's HTTP API (v1.0): service invocation, publishing, secrets and health.
 * Workflows go through the SDK's gRPC clients instead (see workflow.ts).
 */
export class DaprSidecar {
  readonly baseUrl: string;

  constructor(
    readonly httpPort: number,
    private readonly apiToken?: string,
    host = '127.0.0.1',
  ) {
    this.baseUrl = `http://${host}:${httpPort}`;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.apiToken ? { 'dapr-api-token': this.apiToken } : {}), ...extra };
  }

  /** Calls `method` on `appId` through the sidecars; a non-2xx answer is returned, not thrown. */
  async invoke<T = unknown>(appId: string, path: string, options: InvokeOptions = {}): Promise<InvokeResult<T>> {
    const json = options.body !== undefined;
    const sent = options.rawBody ?? (json ? JSON.stringify(options.body) : undefined);
    const response = await fetch(`${this.baseUrl}/v1.0/invoke/${encodeURIComponent(appId)}/method/${path.replace(/^\//, '')}`, {
      method: options.method ?? (sent !== undefined ? 'POST' : 'GET'),
      headers: this.headers({
        ...(json ? { 'content-type': 'application/json' } : {}),
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        ...options.headers,
      }),
      ...(sent !== undefined ? { body: sent } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    let body: unknown = text;
    if (text && /json/.test(response.headers.get('content-type') ?? '')) body = JSON.parse(text);
    return { status: response.status, body: body as T, headers: response.headers };
  }

  /**
   * Calls `method` of actor `type`/`id` through the sidecars: placement finds the one replica
   * that hosts it, and Dapr runs one call per actor at a time. A non-2xx answer is returned.
   */
  async invokeActor<T = unknown>(type: string, id: string, method: string, body: unknown, timeoutMs = 30_000): Promise<InvokeResult<T>> {
    const response = await fetch(`${this.baseUrl}/v1.0/actors/${encodeURIComponent(type)}/${encodeURIComponent(id)}/method/${encodeURIComponent(method)}`, {
      method: 'PUT',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify(body ?? null),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // Dapr's own errors are JSON; anything else is kept as text for the message.
      }
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** Publishes a complete CloudEvent, so Dapr keeps its id (consumers dedupe by that id). */
  async publishCloudEvent(pubsubName: string, topic: string, event: CloudEvent): Promise<void> {
    const response = await fetch(`${this.baseUrl}/v1.0/publish/${encodeURIComponent(pubsubName)}/${encodeURIComponent(topic)}`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/cloudevents+json' }),
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) {
      const body = await response.text();
      throw new DaprError(`publish to ${pubsubName}/${topic} failed with ${response.status}: ${body}`, response.status, body);
    }
  }

  /**
   * Invokes an output binding (`POST /v1.0/bindings/<name>`): an email through an SMTP
   * binding, a request through an HTTP one. A refusal by the binding's target is thrown, with
   * the sidecar's message, so the caller can retry it later.
   */
  async invokeBinding(name: string, operation: string, data: unknown, metadata: Record<string, string> = {}, timeoutMs = 15_000): Promise<string> {
    const response = await fetch(`${this.baseUrl}/v1.0/bindings/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ operation, data, metadata }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.text();
    if (!response.ok) throw new DaprError(`binding ${name} (${operation}) failed with ${response.status}: ${body.slice(0, 500)}`, response.status, body);
    return body;
  }

  async secret(store: string, key: string): Promise<string> {
    const response = await fetch(`${this.baseUrl}/v1.0/secrets/${encodeURIComponent(store)}/${encodeURIComponent(key)}`, { headers: this.headers() });
    if (!response.ok) throw new DaprError(`secret ${key} from ${store}: ${response.status} ${await response.text()}`, response.status, undefined);
    const body = (await response.json()) as Record<string, string>;
    const value = body[key];
    if (value === undefined) throw new DaprError(`secret store ${store} has no ${key}`, 404, body);
    return value;
  }

  /** The sidecar's own description (GET /v1.0/metadata): components, subscriptions, actors, workflows, version. */
  async metadata(timeoutMs = 3000): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}/v1.0/metadata`, { headers: this.headers(), signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new DaprError(`metadata: ${response.status} ${await response.text()}`, response.status, undefined);
    return response.json();
  }

  /** The sidecar's own components are up (this does not wait for the app). */
  async outboundHealthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.baseUrl}/v1.0/healthz/outbound`, { headers: this.headers(), signal: AbortSignal.timeout(2000) });
      return response.status === 204 || response.status === 200;
    } catch {
      return false;
    }
  }

  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await this.outboundHealthy()) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the Dapr sidecar at ${this.baseUrl} was not ready within ${timeoutMs} ms`);
  }
}
