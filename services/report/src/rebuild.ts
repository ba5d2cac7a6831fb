// A rebuild: in one transaction, drop every projection and replay the archive into them, in
// the order the events arrived, through the same projection functions the live handlers use.
// The exclusive advisory lock makes live events wait until it commits (see events.ts); a
// crash rolls it all back, leaving the projections as they were.
import type { Database, Logger } from '@winvestco/common';
import { REBUILD_LOCK } from './events.ts';
import { project, type EventMeta } from './projections.ts';
import { ARCHIVED_PROJECTIONS, type ProjectionName, type ReportRepositories } from './store.ts';

export interface RebuildState {
  status: 'IDLE' | 'RUNNING' | 'COMPLETED' | 'FAILED';
  startedAt: Date | null;
  finishedAt: Date | null;
  replayed: number;
  error: string | null;
}

export async function rebuildProjections(db: Database<ReportRepositories>, batch = 2000, onProgress?: (replayed: number) => void): Promise<number> {
  return db.tx('rebuild', async (t) => {
    await t.one('SELECT pg_advisory_xact_lock($1)', [REBUILD_LOCK]);
    await t.projections.truncate();
    const counts = new Map<ProjectionName, { events: number; last: EventMeta | null }>(ARCHIVED_PROJECTIONS.map((p) => [p, { events: 0, last: null }]));
    let replayed = 0;
    for (let after = 0; ;) {
      const events = await t.archive.batch(after, batch);
      if (events.length === 0) break;
      for (const e of events) {
        const meta = { id: e.id, type: e.type, time: e.time.toISOString() };
        const name = await project(t, e.topic, e.data, meta);
        if (name) {
          const c = counts.get(name)!;
          c.events += 1;
          if (!c.last || c.last.time <= meta.time) c.last = meta;
        }
        replayed += 1;
      }
      after = events[events.length - 1]!.seq;
      onProgress?.(replayed);
    }
    for (const [name, c] of counts) await t.projections.setStatus(name, c.events, c.last);
    return replayed;
  });
}

/** One rebuild at a time from this process, in the background; its state for the admin routes. */
export class Rebuilder {
  state: RebuildState = { status: 'IDLE', startedAt: null, finishedAt: null, replayed: 0, error: null };
  private running: Promise<void> | null = null;

  constructor(private readonly db: Database<ReportRepositories>, private readonly log: Logger) {}

  /** Starts one unless one runs; answers the state either way. */
  start(): RebuildState {
    if (this.running) return this.state;
    this.state = { status: 'RUNNING', startedAt: new Date(), finishedAt: null, replayed: 0, error: null };
    this.log.info('rebuilding the projections from the archive');
    this.running = rebuildProjections(this.db, 2000, (n) => {
      this.state.replayed = n;
    }).then(
      (replayed) => {
        this.state = { ...this.state, status: 'COMPLETED', finishedAt: new Date(), replayed };
        this.log.info({ replayed, ms: this.state.finishedAt!.getTime() - this.state.startedAt!.getTime() }, 'projections rebuilt');
      },
      (error: unknown) => {
        this.state = { ...this.state, status: 'FAILED', finishedAt: new Date(), error: error instanceof Error ? error.message : String(error) };
        this.log.error({ err: error }, 'the rebuild failed; the projections are as they were');
      },
    ).finally(() => {
      this.running = null;
    });
    return this.state;
  }

  async stop(): Promise<void> {
    await this.running;
  }
}
