// The envelopes events travel in.

/** A domain event as the outbox stores it; `topic` is the logical topic name. */
export interface DomainEvent<T = unknown> {
  id: string;
  topic: string;
  type: string;
  subject?: string;
  data: T;
  time: string;
}

/**
 * A CloudEvent 1.0 as published and delivered. The outbox relay publishes complete
 * envelopes so Dapr keeps our id, which consumers use to deduplicate.
 */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
  /** Set by Dapr on delivery. */
  topic?: string;
  pubsubname?: string;
  traceparent?: string;
  /** Extensions on a dead-lettered copy: why, and from where. */
  deadletterreason?: string;
  deadletterconsumer?: string;
  [extension: string]: unknown;
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

/** The topic a consumer app's poison messages go to. */
export function deadLetterTopicOf(appId: string): string {
  return `${appId}.deadletter`;
}
