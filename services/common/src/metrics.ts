import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process: default Node metrics plus the HTTP request histogram. */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const eventsPublished = new Counter({
    name: 'events_published_total',
    help: 'Domain events published from the outbox',
    labelNames: ['topic', 'type'],
    registers: [registry],
  });
  const eventsConsumed = new Counter({
    name: 'events_consumed_total',
    help: 'Domain events consumed, by outcome (applied, duplicate, failed)',
    labelNames: ['type', 'outcome'],
    registers: [registry],
  });
  return { registry, httpDuration, eventsPublished, eventsConsumed };
}

export type Metrics = ReturnType<typeof createMetrics>;
