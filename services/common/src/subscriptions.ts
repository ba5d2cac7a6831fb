import { deadLetterTopicOf, type CloudEvent } from './cloudevents.ts';
import type { EventType, PayloadOf, Topic } from './contracts/topic.ts';
import type { DaprSidecar } from './dapr.ts';
import type { Database, Tx } from './db.ts';
import { Router, type AppContext } from './http.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
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
 * Applies `effect` for an event at most once per consumer: the inbox row and the effect
 * commit together, so a redelivery (or a crash between them) can never apply it twice.
 */
export async function applyOnce<R>(
  db: Database<R>,
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
  deadLetterTopic: string;
}

/**
 * What `GET /dapr/subscribe` answers: one subscription per topic with a routing rule per
 * handled event type, a default route that acknowledges the types this app does not handle
 * (Dapr would otherwise dead-letter them), and the app's dead-letter topic. A topic
 * subscribed twice is an error: Dapr would silently keep only one of the two.
 */
export function declareSubscriptions(subscriptions: readonly Subscription<unknown>[], context: Pick<SubscriptionContext<unknown>, 'appId' | 'pubsubName' | 'topicPrefix'>): SubscriptionDeclaration[] {
  const { appId, pubsubName, topicPrefix } = context;
  const seen = new Set<string>();
  return subscriptions.map(({ topic, handlers }) => {
    if (seen.has(topic.name)) throw new Error(`${appId} subscribes to topic "${topic.name}" twice; Dapr keeps one subscription per topic, so put all its handlers in one subscribe()`);
    seen.add(topic.name);
    const rules = Object.keys(handlers).map((type) => {
      if (!(type in topic.events)) throw new Error(`${appId} handles "${type}", which topic "${topic.name}" does not declare`);
      return { match: `event.type == ${JSON.stringify(type)}`, path: routePath(topic, type) };
    });
    return { pubsubname: pubsubName, topic: topicPrefix + topic.name, routes: { rules, default: routePath(topic) }, deadLetterTopic: topicPrefix + deadLetterTopicOf(appId) };
  });
}

function routePath(topic: Topic, type?: string): string {
  return type ? `/events/${topic.name}/${type}` : `/events/${topic.name}`;
}

/**
 * The routes Dapr calls: the declarations above, and per event type a handler that
 * validates the payload against its contract, applies it once (inbox and effect in one
 * transaction), and dead-letters what can never be applied, with the reason.
 */
export function subscriptionRouter<R>(subscriptions: readonly Subscription<R>[], context: SubscriptionContext<R>): Router {
  const { appId, pubsubName, topicPrefix, db, dapr, metrics, log } = context;
  const declarations = declareSubscriptions(subscriptions as readonly Subscription<unknown>[], context);
  const deadLetterTopic = topicPrefix + deadLetterTopicOf(appId);
  const router = new Router();
  const count = (type: string, outcome: Outcome) => metrics.eventsConsumed.inc({ type, outcome });

  async function deadLetter(event: CloudEvent, topic: Topic, reason: string): Promise<void> {
    log.warn({ eventId: event.id, type: event.type, topic: topic.name, reason }, 'event dead-lettered');
    await dapr.publishCloudEvent(pubsubName, deadLetterTopic, { ...event, deadletterreason: reason, deadletterconsumer: appId, deadlettertopic: topic.name });
  }

  for (const { topic, handlers } of subscriptions) {
    router.post(routePath(topic), (ctx: AppContext) => {
      count(isCloudEvent(ctx.request.body) ? ctx.request.body.type : 'unknown', 'ignored');
      ctx.body = { status: 'SUCCESS' };
    });

    for (const [type, handler] of Object.entries(handlers)) {
      const payload = topic.events[type]!;
      router.post(routePath(topic, type), async (ctx: AppContext) => {
        const body: unknown = ctx.request.body;
        if (!isCloudEvent(body)) {
          ctx.state.log.warn('a delivery that is not a CloudEvent; dropping it');
          count(type, 'deadlettered');
          ctx.body = { status: 'DROP' };
          return;
        }
        const event = body;
        try {
          const { value, errors } = await fieldErrors(payload, event.data, false);
          if (errors.length > 0) {
            await deadLetter(event, topic, `invalid payload: ${errors.map((e) => e.message).join('; ')}`);
            count(type, 'deadlettered');
          } else {
            count(type, await applyOnce(db, appId, event, (t) => handler(t, value, event)));
          }
          ctx.body = { status: 'SUCCESS' };
        } catch (error) {
          let failure = error;
          if (error instanceof PoisonEvent) {
            try {
              await deadLetter(event, topic, error.message);
              count(type, 'deadlettered');
              ctx.body = { status: 'SUCCESS' };
              return;
            } catch (publishError) {
              failure = publishError;
            }
          }
          ctx.state.log.error({ err: failure, eventId: event.id, type }, 'event handler failed; Dapr will deliver it again');
          count(type, 'failed');
          ctx.body = { status: 'RETRY' };
        }
      });
    }
  }

  router.get('/dapr/subscribe', (ctx) => {
    ctx.body = declarations;
  });
  return router;
}
