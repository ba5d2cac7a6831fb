// A Server-Sent Events client for tests and benchmarks: reads a live stream as it arrives
// (through the gateway, as a browser's EventSource would), keeping every event and comment.

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
  /** When this process received it (performance.now()), for latency figures. */
  receivedAt: number;
  /** The same as wall-clock milliseconds, to compare with a timestamp another process wrote. */
  receivedWallMs: number;
}

export class SseStream {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  private readonly waiters = new Set<() => void>();
  private closed = false;
  readonly done: Promise<void>;

  private constructor(readonly status: number, readonly headers: Headers, private readonly abort: AbortController, body: ReadableStream<Uint8Array> | null) {
    this.done = body ? this.read(body) : Promise.resolve();
  }

  /** Opens `url` with these headers (authorization, Last-Event-ID); answers once the headers arrived. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    return new SseStream(response.status, response.headers, abort, response.ok ? response.body : null);
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          this.parse(block);
        }
      }
    } catch {
      // closed by us, or by the server
    } finally {
      this.closed = true;
      this.notify();
    }
  }

  private parse(block: string): void {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    let any = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else continue;
      any = any || field === 'data';
    }
    if (any) this.events.push({ id, event, data: data.join('\n'), receivedAt: performance.now(), receivedWallMs: Date.now() });
    this.notify();
  }

  private notify(): void {
    for (const wake of this.waiters) wake();
  }

  /** Waits until `probe` finds what it looks for in what arrived so far. */
  async until<T>(what: string, probe: (s: SseStream) => T | undefined, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = probe(this);
      if (found !== undefined) return found;
      if (this.closed) throw new Error(`the stream closed before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 1000));
        this.waiters.add(wake);
      });
    }
  }

  /** The `data` of each event, parsed as JSON. */
  json<T = Record<string, unknown>>(): T[] {
    return this.events.map((e) => JSON.parse(e.data) as T);
  }

  close(): void {
    this.abort.abort();
  }
}
