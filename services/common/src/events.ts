import type { Next } from 'koa';
import type { AppContext } from './http.ts';

/** A domain event as the outbox stores it and as it travels inside a CloudEvent. */
export interface DomainEvent<T = Record<string, unknown>> {
  id: string;
  type: string; // for example "user.registered"
  topic: string; // one per producing service, for example "users"
  subject?: string; // the aggregate id
  data: T;
  time: string;
}

/** The CloudEvent 1.0 envelope the outbox relay publishes, so Dapr keeps our id. */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
  topic?: string;
  pubsubname?: string;
  traceparent?: string;
}

export function toCloudEvent(event: DomainEvent, source: string): CloudEvent {
  return {
    specversion: '1.0',
    id: event.id,
    source,
    type: event.type,
    ...(event.subject ? { subject: event.subject } : {}),
    time: event.time,
    datacontenttype: 'application/json',
    data: event.data,
  };
}

/** What a subscription handler answers; Dapr reads `status`. */
export type DeliveryStatus = 'SUCCESS' | 'RETRY' | 'DROP';

export interface Subscription {
  path: string;
  declaration: Record<string, unknown>;
  handler: (ctx: AppContext, next: Next) => Promise<void>;
}

export interface SubscribeOptions {
  pubsubName: string;
  topic: string;
  /** Event types this route receives; Dapr routes by CloudEvent type with CEL rules. */
  types: string[];
  path: string;
  deadLetterTopic?: string;
  handle: (event: CloudEvent, ctx: AppContext) => Promise<DeliveryStatus>;
}

/**
 * Declares a programmatic subscription with routing rules by event type and a dead-letter
 * topic, so poison messages stay visible instead of being dropped.
 */
export function subscribe(options: SubscribeOptions): Subscription {
  const rules = options.types.map((type) => ({ match: `event.type == "${type}"`, path: options.path }));
  return {
    path: options.path,
    declaration: {
      pubsubname: options.pubsubName,
      topic: options.topic,
      routes: { rules },
      deadLetterTopic: options.deadLetterTopic ?? `${options.topic}.deadletter`,
    },
    handler: async (ctx) => {
      const event = ctx.request.body as CloudEvent | undefined;
      if (!event || typeof event !== 'object' || typeof event.id !== 'string' || typeof event.type !== 'string') {
        ctx.state.log.warn({ body: event }, 'not a CloudEvent; dropping it to the dead-letter topic');
        ctx.body = { status: 'DROP' };
        return;
      }
      try {
        ctx.body = { status: await options.handle(event, ctx) };
      } catch (error) {
        ctx.state.log.error({ err: error, eventId: event.id, type: event.type }, 'event handler failed; asking Dapr to retry');
        ctx.body = { status: 'RETRY' };
      }
    },
  };
}
