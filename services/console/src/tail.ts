// The live tail: the console subscribes (as its own consumer group) to every domain topic
// and to the watched apps' dead-letter topics, and keeps the newest events in memory. It
// acknowledges everything: it observes, it never applies, so it needs no inbox and no database.
import { TOPICS } from '@winvestco/common';

export interface TailedEvent {
  seq: number;
  receivedAt: Date;
  topic: string;
  /** True for an app's dead-letter topic. */
  deadLetter: boolean;
  id: string;
  type: string;
  source: string;
  subject: string | null;
  data: unknown;
  reason: string | null;
}

export interface TailFilter {
  topic?: string;
  type?: string;
  /** A business id: matched against the subject, the id and the payload's values. */
  q?: string;
}

export interface SubscriptionDeclaration {
  pubsubname: string;
  topic: string;
  routes: { default: string };
}

export const TAIL_ROUTE = '/events/tail';

export class EventTail {
  private readonly events: TailedEvent[] = [];
  private seq = 0;

  constructor(private readonly size: number) {}

  /** What GET /dapr/subscribe answers: every domain topic and each dead-letter topic, all to one route. */
  static declarations(pubsubName: string, topicPrefix: string, deadLetterTopics: readonly string[]): SubscriptionDeclaration[] {
    return [...TOPICS.map((t) => t.name), ...deadLetterTopics].map((topic) => ({ pubsubname: pubsubName, topic: topicPrefix + topic, routes: { default: TAIL_ROUTE } }));
  }

  add(body: unknown, topicPrefix: string): TailedEvent | null {
    if (!body || typeof body !== 'object') return null;
    const e = body as Record<string, unknown>;
    if (typeof e.id !== 'string' || typeof e.type !== 'string') return null;
    const rawTopic = typeof e.topic === 'string' ? e.topic : 'unknown';
    const topic = rawTopic.startsWith(topicPrefix) ? rawTopic.slice(topicPrefix.length) : rawTopic;
    this.seq += 1;
    const tailed: TailedEvent = {
      seq: this.seq, receivedAt: new Date(), topic, deadLetter: topic.endsWith('.deadletter'), id: e.id, type: e.type,
      source: typeof e.source === 'string' ? e.source : '', subject: typeof e.subject === 'string' ? e.subject : null, data: e.data ?? null,
      reason: typeof e.deadletterreason === 'string' ? e.deadletterreason : null,
    };
    this.events.push(tailed);
    if (this.events.length > this.size) this.events.splice(0, this.events.length - this.size);
    return tailed;
  }

  /** Newest first. */
  list(filter: TailFilter, limit = 200): TailedEvent[] {
    const q = filter.q?.trim().toLowerCase();
    const out: TailedEvent[] = [];
    for (let i = this.events.length - 1; i >= 0 && out.length < limit; i -= 1) {
      const e = this.events[i]!;
      if (filter.topic && e.topic !== filter.topic) continue;
      if (filter.type && !e.type.includes(filter.type)) continue;
      if (q && !(e.subject?.toLowerCase().includes(q) || e.id.toLowerCase().includes(q) || JSON.stringify(e.data).toLowerCase().includes(q))) continue;
      out.push(e);
    }
    return out;
  }

  get count(): number {
    return this.seq;
  }

  types(): string[] {
    return [...new Set(this.events.map((e) => e.type))].sort();
  }
}
