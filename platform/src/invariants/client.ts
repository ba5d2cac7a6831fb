// A small client of the platform as an outsider sees it: the gateway, in Dapr's URL shape
// (/v1.0/invoke/<app id>/method/<path>), with a bearer token. A 429 from the gateway's rate
// limit is waited out; anything else that is not 2xx is a CallFailed naming the call.

export class CallFailed extends Error {
  constructor(readonly appId: string, readonly path: string, readonly status: number, readonly detail: string) {
    super(`${appId} ${path}: ${status === 0 ? detail : `${status} ${detail}`}`);
  }
}

export interface GatewayOptions {
  /** Where the gateway listens, e.g. http://127.0.0.1:8080 */
  url: string;
  token?: string;
  /** Per call; the platform's own deadline is 30 s. */
  timeoutMs?: number;
}

function detailOf(body: unknown, text: string): string {
  if (body && typeof body === 'object') {
    const b = body as { detail?: unknown; title?: unknown; errors?: { field: string; message: string }[] };
    const fields = Array.isArray(b.errors) ? ` (${b.errors.map((e) => `${e.field}: ${e.message}`).join('; ')})` : '';
    if (typeof b.detail === 'string') return b.detail + fields;
    if (typeof b.title === 'string') return b.title + fields;
  }
  return text.slice(0, 200) || 'no body';
}

export class GatewayClient {
  private token: string | undefined;

  constructor(private readonly options: GatewayOptions) {
    this.token = options.token;
  }

  get url(): string {
    return this.options.url.replace(/\/+$/, '');
  }

  /** Logs in through the user service and keeps the access token for later calls. */
  async login(email: string, password: string): Promise<string> {
    const answer = await this.call<{ accessToken: string }>('POST', 'user-service', 'auth/login', { body: { email, password }, anonymous: true });
    this.token = answer.accessToken;
    return answer.accessToken;
  }

  async call<T>(method: string, appId: string, path: string, options: { body?: unknown; query?: Record<string, string | undefined>; anonymous?: boolean; token?: string; headers?: Record<string, string> } = {}): Promise<T> {
    const query = Object.entries(options.query ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
    const target = `${this.url}/v1.0/invoke/${appId}/method/${path}${query.length ? `?${new URLSearchParams(query).toString()}` : ''}`;
    const token = options.token ?? (options.anonymous ? undefined : this.token);
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(target, {
          method,
          headers: {
            accept: 'application/json',
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...options.headers,
          },
          body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        throw new CallFailed(appId, `${method} /${path}`, 0, `the gateway at ${this.url} did not answer (${error instanceof Error ? error.message : String(error)})`);
      }
      const text = await response.text();
      let body: unknown = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: kept as text for the message
      }
      // The gateway's rate limit: wait as it says, a few times.
      if (response.status === 429 && attempt < 20) {
        const wait = Number(response.headers.get('retry-after') ?? '1');
        await new Promise((resolve) => setTimeout(resolve, Math.min(Number.isFinite(wait) ? wait * 1000 : 1000, 5000)));
        continue;
      }
      if (!response.ok) throw new CallFailed(appId, `${method} /${path}`, response.status, detailOf(body, text));
      return body as T;
    }
  }

  get<T>(appId: string, path: string, query?: Record<string, string | undefined>): Promise<T> {
    return this.call<T>('GET', appId, path, { query });
  }

  /** Every item of a paged list (`{items, nextCursor}`), page by page. */
  async all<T>(appId: string, path: string, query: Record<string, string | undefined> = {}, limit = 200): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await this.get<{ items: T[]; nextCursor: string | null }>(appId, path, { ...query, limit: String(limit), cursor });
      items.push(...page.items);
      if (!page.nextCursor) return items;
      cursor = page.nextCursor;
    }
  }
}

/** Runs `work` over `items`, at most `width` at a time, answers in order. */
export async function inBatches<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  }));
  return results;
}
