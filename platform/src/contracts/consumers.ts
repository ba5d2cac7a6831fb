// Who consumes which event types, read from the apps' own subscription declarations (never a
// list kept by hand): for a service, what its GET /dapr/subscribe answers, built by the same
// kit functions from the subscriptions its src/events.ts makes, plus the kit's own (every
// service but the user service keeps a session projection fed by the users topic, as
// runService does); for an app in another language, its FOREIGN_APPS entry, which the
// surveillance integration test holds against what its sidecar actually subscribed.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  appIdOf, declareSubscriptions, FOREIGN_APPS, GATEWAY_APP_ID, mergeSubscriptions, sessionEvents, usersTopic, type Subscription,
} from '@winvestco/common';
import { REPO_ROOT } from '../paths.ts';

/** App id → topic → the event types it handles, each sorted. */
export type Consumers = Map<string, Map<string, string[]>>;

function isSubscription(value: unknown): value is Subscription<unknown> {
  const s = value as Partial<Subscription<unknown>> | null;
  return typeof s === 'object' && s !== null && typeof s.topic?.name === 'string' && typeof s.handlers === 'object';
}

/**
 * The subscriptions a service's events.ts makes: each exported `...Subscription(s)` function
 * is called without arguments (they only close over them) and what it answers is kept.
 */
async function ownSubscriptions(service: string): Promise<Subscription<unknown>[]> {
  const file = path.join(REPO_ROOT, 'services', service, 'src', 'events.ts');
  if (!existsSync(file)) return [];
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const found: Subscription<unknown>[] = [];
  for (const [name, value] of Object.entries(module)) {
    if (typeof value !== 'function' || !/Subscriptions?$/.test(name)) continue;
    const made: unknown = (value as () => unknown)();
    if (made instanceof Promise) throw new Error(`services/${service}/src/events.ts: ${name} must answer its subscriptions, not a promise`);
    for (const candidate of [made].flat()) if (isSubscription(candidate)) found.push(candidate);
  }
  return found;
}

/** The event types of each topic every app consumes; apps that consume nothing are absent. */
export async function readConsumers(): Promise<Consumers> {
  const consumers: Consumers = new Map();
  const services = readdirSync(path.join(REPO_ROOT, 'services'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'common' && d.name !== GATEWAY_APP_ID).map((d) => d.name).sort();
  for (const service of services) {
    const appId = appIdOf(service);
    const kit = appId === usersTopic.owner ? [] : [sessionEvents<unknown>()];
    const declarations = declareSubscriptions(mergeSubscriptions([...kit, ...(await ownSubscriptions(service))]), { appId, pubsubName: 'pubsub', topicPrefix: '' });
    const topics = new Map<string, string[]>();
    for (const declaration of declarations) {
      const types = declaration.routes.rules.map((rule) => JSON.parse(rule.match.replace(/^event\.type == /, '')) as string);
      if (types.length > 0) topics.set(declaration.topic, types.sort());
    }
    if (topics.size > 0) consumers.set(appId, topics);
  }
  for (const [appId, app] of Object.entries(FOREIGN_APPS)) {
    consumers.set(appId, new Map(Object.entries(app.consumes).map(([topic, types]) => [topic, [...types].sort()])));
  }
  return consumers;
}
