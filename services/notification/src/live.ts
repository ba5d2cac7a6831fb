// The live stream: Server-Sent Events per signed-in user. A new notification is announced by
// PostgreSQL (pg_notify at commit, so every replica hears it); each open stream of that user
// then reads what it has not sent yet, by number, from the database. The number is the SSE
// event id, so a client that reconnects with Last-Event-ID gets exactly what it missed.
import { PassThrough } from 'node:stream';
import type { Database, Logger } from '@winvestco/common';
import type { Notification, NotificationRepositories } from './store.ts';

export interface LiveOptions {
  /** A comment line this often, so proxies and load balancers keep an idle stream open. */
  heartbeatMs: number;
  /** What a reconnecting client is told to wait (the SSE `retry:` field). */
  retryMs: number;
}

interface Stream {
  userId: string;
  lastSeq: number;
  out: PassThrough;
  busy: Promise<void>;
  again: boolean;
}

export type NotificationEventView = (n: Notification) => unknown;

export class LiveStreams {
  private readonly streams = new Set<Stream>();
  private listener?: { done(): void };
  private heartbeat?: NodeJS.Timeout;
  private listening = false;
  private stopped = false;

  constructor(
    private readonly db: Database<NotificationRepositories>,
    private readonly view: NotificationEventView,
    private readonly options: LiveOptions,
    private readonly log: Logger,
  ) {}

  get count(): number {
    return this.streams.size;
  }

  /** Listens for announcements; reconnects when the connection drops. */
  async start(): Promise<void> {
    await this.listen();
    this.heartbeat = setInterval(() => {
      for (const s of this.streams) {
        s.out.write(': heartbeat\n\n');
        // Also a catch-up, in case an announcement was lost while listening was down.
        this.pump(s);
      }
    }, this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  private async listen(): Promise<void> {
    try {
      const connection = await this.db.connect({ direct: true, onLost: () => this.lost() });
      connection.client.on('notification', (message: { channel: string; payload?: string }) => {
        if (message.channel !== 'notifications' || !message.payload) return;
        for (const s of this.streams) if (s.userId === message.payload) this.pump(s);
      });
      await connection.none('LISTEN notifications');
      this.listener = connection;
      this.listening = true;
    } catch (error) {
      this.log.warn({ err: error }, 'could not listen for new notifications; trying again');
      this.lost();
    }
  }

  private lost(): void {
    this.listening = false;
    this.listener = undefined;
    if (this.stopped) return;
    setTimeout(() => {
      void this.listen().then(() => {
        for (const s of this.streams) this.pump(s);
      });
    }, 1000).unref();
  }

  get connected(): boolean {
    return this.listening;
  }

  /**
   * Opens a stream for `userId` that first sends what came after `after` (the client's
   * Last-Event-ID), or only what comes from now on when null.
   */
  async open(userId: string, after: number | null): Promise<PassThrough> {
    const start = after ?? (await this.db.notifications.lastSeq(userId));
    const out = new PassThrough();
    const stream: Stream = { userId, lastSeq: start, out, busy: Promise.resolve(), again: false };
    out.write(`retry: ${this.options.retryMs}\n: connected\n\n`);
    this.streams.add(stream);
    const close = () => this.streams.delete(stream);
    out.on('close', close);
    out.on('error', close);
    this.pump(stream);
    return out;
  }

  /** Sends the stream what it has not had yet; one read at a time per stream, again if asked meanwhile. */
  private pump(s: Stream): void {
    if (s.again) return;
    s.again = true;
    s.busy = s.busy.then(async () => {
      s.again = false;
      for (;;) {
        const batch = await this.db.notifications.since(s.userId, s.lastSeq, 100);
        for (const n of batch) {
          s.out.write(`id: ${n.seq}\nevent: notification\ndata: ${JSON.stringify(this.view(n))}\n\n`);
          s.lastSeq = n.seq;
        }
        if (batch.length < 100) return;
      }
    }).catch((error: unknown) => this.log.warn({ err: error, userId: s.userId }, 'a live stream could not catch up; it will on the next heartbeat'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const s of this.streams) s.out.end();
    this.streams.clear();
    this.listener?.done();
  }
}
