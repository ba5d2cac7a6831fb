import { deadLetterTopicOf, type CloudEvent } from './cloudevents.ts';
import type { EventType, PayloadOf, Topic } from './contracts/topic.ts';
import type { DaprSidecar } from './dapr.ts';
import type { Database, Tx } from './db.ts';
import { Router, type AppContext } from './http.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { problems } from './problem.ts';
import { fieldErrors } from './validation.ts';

/**
 * Thrown by a handler for an event it can never apply (a reference to something that
 * does not exist, say). The event goes to the app's dead-letter topic with the message as
 * its reason instead of being retried forever.
 */
export class PoisonEvent extends Error {}

/** A handler runs inside the transaction that records the event in the inbox. */
export type EventHandler<R, T> = (t: Tx<R>, data: T, event: CloudEvent<T>) => Promise<void>;
export type Handlers<R, T extends Topic> = { [K in EventType<T>]?: EventHandler<R, PayloadOf<T, K>> };

export interface Subscription<R> {
  topic: Topic;
  handlers: Record<string, EventHandler<R, unknown>>;
}

/** The handlers of one topic, by CloudEvent type; an app subscribes to a topic once. */
export function subscribe<R, T extends Topic>(topic: T, handlers: Handlers<R, T>): Subscription<R> {
  return { topic, handlers: handlers as Record<string, EventHandler<R, unknown>> };
}

/**
 * One subscription per topic out of several (the kit's own handlers and a service's): for a
 * type both handle, both run, in order, in the one transaction that records the event.
 */
export function mergeSubscriptions<R>(subscriptions: readonly Subscription<R>[]): Subscription<R>[] {
  const byTopic = new Map<string, Subscription<R>>();
  for (const { topic, handlers } of subscriptions) {
    const merged = byTopic.get(topic.name)?.handlers ?? {};
    for (const [type, handler] of Object.entries(handlers)) {
      const before = merged[type];
      merged[type] = before ? async (t, data, event) => { await before(t, data, event); await handler(t, data, event); } : handler;
    }
    byTopic.set(topic.name, { topic, handlers: merged });
  }
  return [...byTopic.values()];
}

/**
 * Applies `effect` for an event at most once per consumer: the inbox row and the effect
 * commit together, so a redelivery (or a crash between them) can never apply it twice.
 */
export async function applyOnce<R>(
  db: Database<R> | Tx<R>,
  consumer: string,
  event: { id: string; type: string },
  effect: (t: Tx<R>) => Promise<unknown>,
): Promise<'applied' | 'duplicate'> {
  return db.tx(async (t: Tx<R>) => {
    if (!(await t.inbox.firstDelivery(consumer, event.id, event.type))) return 'duplicate';
    await effect(t);
    return 'applied';
  });
}

export interface SubscriptionContext<R> {
  appId: string;
  pubsubName: string;
  /** Prepended to broker topic names (test runs); contracts keep the logical name. */
  topicPrefix: string;
  db: Database<R>;
  dapr: DaprSidecar;
  metrics: Metrics;
  log: Logger;
}

type Outcome = 'applied' | 'duplicate' | 'ignored' | 'deadlettered' | 'failed';

function isCloudEvent(body: unknown): body is CloudEvent {
  const event = body as Partial<CloudEvent> | undefined;
  return typeof event === 'object' && event !== null && typeof event.id === 'string' && event.id !== '' && typeof event.type === 'string';
}

export interface SubscriptionDeclaration {
  pubsubname: string;
  topic: string;
  routes: { rules: { match: string; path: string }[]; default: string };
  deadLetterTopic?: string;
}

const DEAD_LETTER_ROUTE = '/events/dead-letters';

/**
 * What `GET /dapr/subscribe` answers: one subscription per topic with a routing rule per
 * handled event type, a default route that acknowledges the types this app does not handle
 * (Dapr would otherwise dead-letter them), and the app's dead-letter topic; and, for an app
 * that consumes anything, a subscription to its own dead-letter topic, whose messages it
 * keeps for an operator. A topic subscribed twice is an error: Dapr would silently keep only
 * one of the two.
 */
export function declareSubscriptions(subscriptions: readonly Subscription<unknown>[], context: Pick<SubscriptionContext<unknown>, 'appId' | 'pubsubName' | 'topicPrefix'>): SubscriptionDeclaration[] {
  const { appId, pubsubName, topicPrefix } = context;
  const seen = new Set<string>();
  const declarations: SubscriptionDeclaration[] = subscriptions.map(({ topic, handlers }) => {
    if (seen.has(topic.name)) throw new Error(`${appId} subscribes to topic "${topic.name}" twice; Dapr keeps one subscription per topic, so put all its handlers in one subscribe()`);
    seen.add(topic.name);
    const rules = Object.keys(handlers).map((type) => {
      if (!(type in topic.events)) throw new Error(`${appId} handles "${type}", which topic "${topic.name}" does not declare`);
      return { match: `event.type == ${JSON.stringify(type)}`, path: routePath(topic, type) };
    });
    return { pubsubname: pubsubName, topic: topicPrefix + topic.name, routes: { rules, default: routePath(topic) }, deadLetterTopic: topicPrefix + deadLetterTopicOf(appId) };
  });
  if (declarations.length > 0) {
    declarations.push({ pubsubname: pubsubName, topic: topicPrefix + deadLetterTopicOf(appId), routes: { rules: [], default: DEAD_LETTER_ROUTE } });
  }
  return declarations;
}

function routePath(topic: Topic, type?: string): string {
  return type ? `/events/${topic.name}/${type}` : `/events/${topic.name}`;
}

export type ReplayOutcome = 'applied' | 'duplicate' | 'deadlettered' | 'ignored';

export interface Consumer {
  /** The routes Dapr calls. */
  router: Router;
  /**
   * Runs a kept dead letter through its handler again (after its cause was fixed): the
   * inbox makes it harmless when it was applied meanwhile. Throws what the handler throws.
   */
  replay(deadLetterId: string): Promise<ReplayOutcome>;
}

/**
 * The routes Dapr calls: the declarations above, and per event type a handler that
 * validates the payload against its contract, applies it once (inbox and effect in one
 * transaction), and dead-letters what can never be applied, with the reason; plus the
 * route of the app's own dead-letter topic, which keeps each message for an operator.
 */
export function consumer<R>(subscriptions: readonly Subscription<R>[], context: SubscriptionContext<R>): Consumer {
  const { appId, pubsubName, topicPrefix, db, dapr, metrics, log } = context;
  const declarations = declareSubscriptions(subscriptions as readonly Subscription<unknown>[], context);
  const deadLetterTopic = topicPrefix + deadLetterTopicOf(appId);
  const router = new Router();
  const count = (type: string, outcome: Outcome) => metrics.eventsConsumed.inc({ type, outcome });

  async function deadLetter(event: CloudEvent, topic: Topic, reason: string): Promise<void> {
    log.warn({ eventId: event.id, type: event.type, topic: topic.name, reason }, 'event dead-lettered');
    await dapr.publishCloudEvent(pubsubName, deadLetterTopic, { ...event, deadletterreason: reason, deadletterconsumer: appId, deadlettertopic: topic.name });
  }

  /** Validates and applies one delivery: applied or duplicate, or a reason it can never be applied. */
  async function apply(topic: Topic, type: string, handler: EventHandler<R, unknown>, event: CloudEvent, on: Database<R> | Tx<R> = db): Promise<'applied' | 'duplicate' | { poison: string }> {
    const { value, errors } = await fieldErrors(topic.events[type]!, event.data, false);
    if (errors.length > 0) return { poison: `invalid payload: ${errors.map((e) => e.message).join('; ')}` };
    try {
      return await applyOnce(on, appId, event, (t) => handler(t, value, event));
    } catch (error) {
      if (error instanceof PoisonEvent) return { poison: error.message };
      throw error;
    }
  }

  for (const { topic, handlers } of subscriptions) {
    router.post(routePath(topic), (ctx: AppContext) => {
      count(isCloudEvent(ctx.request.body) ? ctx.request.body.type : 'unknown', 'ignored');
      ctx.body = { status: 'SUCCESS' };
    });

    for (const [type, handler] of Object.entries(handlers)) {
      router.post(routePath(topic, type), async (ctx: AppContext) => {
        const body: unknown = ctx.request.body;
        if (!isCloudEvent(body)) {
          ctx.state.log.warn('a delivery that is not a CloudEvent; dropping it');
          count(type, 'deadlettered');
          ctx.body = { status: 'DROP' };
          return;
        }
        try {
          const outcome = await apply(topic, type, handler, body);
          if (typeof outcome === 'object') {
            await deadLetter(body, topic, outcome.poison);
            count(type, 'deadlettered');
          } else {
            count(type, outcome);
          }
          ctx.body = { status: 'SUCCESS' };
        } catch (error) {
          ctx.state.log.error({ err: error, eventId: body.id, type }, 'event handler failed; Dapr will deliver it again');
          count(type, 'failed');
          ctx.body = { status: 'RETRY' };
        }
      });
    }
  }

  const topicOfType = (type: string) => subscriptions.find((s) => type in s.handlers)?.topic;

  // The app's own dead letters: ours carry why and from which topic; Dapr's (its retries
  // exhausted) are the original event as it was.
  router.post(DEAD_LETTER_ROUTE, async (ctx: AppContext) => {
    const body: unknown = ctx.request.body;
    if (!isCloudEvent(body)) {
      ctx.body = { status: 'DROP' };
      return;
    }
    const topic = typeof body.deadlettertopic === 'string' ? body.deadlettertopic : topicOfType(body.type)?.name ?? 'unknown';
    const reason = body.deadletterreason ?? 'Dapr gave up delivering it: every retry of its resiliency policy failed';
    await db.deadLetters.store(topic, reason, body);
    ctx.state.log.warn({ eventId: body.id, type: body.type, topic, reason }, 'a dead letter is kept for an operator (GET /admin/dead-letters)');
    ctx.body = { status: 'SUCCESS' };
  });

  router.get('/dapr/subscribe', (ctx) => {
    ctx.body = declarations;
  });

  async function replay(deadLetterId: string): Promise<ReplayOutcome> {
    return db.tx(async (t) => {
      const letter = await t.deadLetters.lockById(deadLetterId);
      if (!letter) throw problems.notFound(`No dead letter ${deadLetterId}`);
      if (letter.replayedAt) throw problems.conflict(`Dead letter ${deadLetterId} was replayed at ${letter.replayedAt.toISOString()} (${letter.replayOutcome})`);
      const subscription = subscriptions.find((s) => s.topic.name === letter.topic);
      const handler = subscription?.handlers[letter.type];
      let outcome: ReplayOutcome;
      if (!subscription || !handler) {
        outcome = 'ignored';
      } else {
        const applied = await apply(subscription.topic, letter.type, handler, letter.event, t);
        if (typeof applied === 'object') throw problems.conflict(`It still cannot be applied: ${applied.poison}`);
        outcome = applied;
      }
      await t.deadLetters.replayed(letter.id, outcome);
      log.info({ deadLetterId, eventId: letter.eventId, type: letter.type, outcome }, 'a dead letter was replayed');
      return outcome;
    });
  }

  return { router, replay };
}
