// Open connections per client address: past the limit a new one is closed at once, so one
// address cannot hold every socket (and file descriptor) the gateway has.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export class ConnectionCounter {
  private readonly open = new Map<string, number>();

  constructor(private readonly perAddress: number) {}

  /** True when `address` may open one more connection (and counts it). */
  admit(address: string): boolean {
    const n = this.open.get(address) ?? 0;
    if (n >= this.perAddress) return false;
    this.open.set(address, n + 1);
    return true;
  }

  release(address: string): void {
    const n = (this.open.get(address) ?? 1) - 1;
    if (n <= 0) this.open.delete(address);
    else this.open.set(address, n);
  }

  of(address: string): number {
    return this.open.get(address) ?? 0;
  }
}

const REFUSED_BODY = JSON.stringify({ type: 'about:blank', title: 'Too many connections', status: 429, detail: 'Too many open connections from this address' });
const REFUSED = 'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Type: application/problem+json\r\nRetry-After: 1\r\n'
  + `Content-Length: ${Buffer.byteLength(REFUSED_BODY)}\r\n\r\n${REFUSED_BODY}`;

/** Applies the counter to every connection `server` accepts. */
export function limitConnections(server: Server, counter: ConnectionCounter, onRefused: (address: string) => void): void {
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    if (!counter.admit(address)) {
      onRefused(address);
      socket.end(REFUSED);
      socket.destroySoon?.();
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    socket.once('close', () => counter.release(address));
  });
}
