// Typed event contracts. Each topic is declared once, with its owner (the only app that
// publishes it) and the payload class of every event type on it; producers' outboxes and
// consumers' handlers are checked against the same declaration by the compiler, and the
// payload classes validate what actually arrives.
import type { Constructor } from '../validation.ts';

export type EventMap = Record<string, Constructor<object>>;

export interface Topic<E extends EventMap = EventMap> {
  /** The topic name on the broker (before a test run's prefix). */
  readonly name: string;
  /** The app id that publishes this topic; no other app may (pub/sub publishing scopes). */
  readonly owner: string;
  readonly events: E;
}

export type EventType<T extends Topic> = keyof T['events'] & string;
export type PayloadOf<T extends Topic, K extends EventType<T>> = InstanceType<T['events'][K]>;

export function defineTopic<E extends EventMap>(name: string, owner: string, events: E): Topic<E> {
  return Object.freeze({ name, owner, events });
}
