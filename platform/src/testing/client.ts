import { DaprSidecar } from '@winvestco/common';

/** A JSON body of unknown shape: tests read it field by field and assert on it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface Reply<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls an app the way a client does: through a sidecar's service invocation API. */
export class InvokeClient {
  constructor(private readonly sidecar: DaprSidecar, private readonly appId: string) {}

  async call<T = Json>(method: string, path: string, options: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    return this.sidecar.invoke<T>(this.appId, path, {
      method: method as 'GET',
      body: options.body,
      rawBody: options.raw,
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
    });
  }

  get<T = Json>(path: string, token?: string) {
    return this.call<T>('GET', path, { token });
  }

  post<T = Json>(path: string, body?: unknown, token?: string) {
    return this.call<T>('POST', path, { body: body ?? {}, token });
  }

  patch<T = Json>(path: string, body: unknown, token?: string) {
    return this.call<T>('PATCH', path, { body, token });
  }

  put<T = Json>(path: string, body: unknown, token?: string) {
    return this.call<T>('PUT', path, { body, token });
  }
}

/** Calls an app as an outside client does: through the gateway at `port` (it keeps Dapr's URL shape), with no sidecar token. */
export function throughGateway(port: number, appId: string): InvokeClient {
  return new InvokeClient(new DaprSidecar(port), appId);
}

/** Polls until `probe` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
