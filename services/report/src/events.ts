// What the report service consumes: orders, fills, ledger entries, funds movements and
// quotes. The kit's inbox applies each event once by id; the handler keeps the event in the
// archive (by id again, so even an event whose inbox row was pruned is applied once) and
// then applies it to its projection. A rebuild holds the exclusive lock below, so a live
// event waits for it instead of landing between the drop and the replay.
import {
  fundsTopic, ledgerTopic, marketTopic, ordersTopic, subscribe, tradesTopic, type CloudEvent, type EventHandler, type Handlers, type Subscription, type Topic,
} from '@winvestco/common';
import { project, projectedTypes, type ReportTx } from './projections.ts';
import type { ReportRepositories } from './store.ts';

/** The advisory lock a rebuild takes exclusively and every event handler shared. */
export const REBUILD_LOCK = 7_302_014;

/**
 * Quotes come every second per symbol while the market is open and only the latest matters:
 * they update the price projection (latest wins, by the quote's time) without being archived,
 * and a rebuild leaves that projection as it is.
 */
const UNARCHIVED_TOPICS = new Set([marketTopic.name]);

export async function receive(t: ReportTx, topic: string, event: CloudEvent<unknown>, afterApplied?: (type: string) => void): Promise<void> {
  await t.one('SELECT pg_advisory_xact_lock_shared($1)', [REBUILD_LOCK]);
  const time = typeof event.time === 'string' && event.time ? event.time : new Date().toISOString();
  if (!UNARCHIVED_TOPICS.has(topic)) {
    const fresh = await t.archive.keep({ id: event.id, topic, type: event.type, subject: event.subject, time, data: event.data });
    if (!fresh) return;
  }
  const name = await project(t, topic, event.data, { id: event.id, type: event.type, time });
  if (name) await t.projections.touch(name, { id: event.id, type: event.type, time });
  afterApplied?.(event.type);
}

function handlersOf(topic: Topic, types: readonly string[], afterApplied?: (type: string) => void): Handlers<ReportRepositories, Topic> {
  const handler: EventHandler<ReportRepositories, object> = (t, _data, event) => receive(t, topic.name, event, afterApplied);
  return Object.fromEntries(types.map((type) => [type, handler]));
}

export function reportSubscriptions(afterApplied?: (type: string) => void): Subscription<ReportRepositories>[] {
  const on = (topic: Topic, types: readonly string[]) => subscribe<ReportRepositories, Topic>(topic, handlersOf(topic, types, afterApplied));
  return [
    on(ordersTopic, Object.keys(ordersTopic.events)),
    on(tradesTopic, projectedTypes('trades')),
    on(ledgerTopic, projectedTypes('ledger')),
    on(fundsTopic, projectedTypes('funds')),
    on(marketTopic, projectedTypes('market')),
  ];
}
