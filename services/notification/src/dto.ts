import { IsArray, IsBoolean, IsBooleanString, IsIn, IsObject, IsOptional, IsUUID } from 'class-validator';
import { PageQuery, problems, type FieldError } from '@winvestco/common';
import { CHANNELS, EXTERNAL_CHANNELS, NOTIFICATION_TYPES, type Channel, type ExternalChannel, type NotificationType } from './domain/notifications.ts';
import { DEFAULT_CHANNELS, type Preferences } from './domain/preferences.ts';
import type { Delivery, DeliveryStatus, Notification } from './store.ts';

const TYPES_TEXT = `one of ${NOTIFICATION_TYPES.join(', ')}`;
const DELIVERY_STATUSES: DeliveryStatus[] = ['PENDING', 'RETRYING', 'SENT', 'SKIPPED', 'DEAD_LETTER'];

export class NotificationsQuery extends PageQuery {
  @IsOptional() @IsBooleanString({ message: 'unread must be true or false' })
  unread?: string;

  @IsOptional() @IsIn(NOTIFICATION_TYPES, { message: `type must be ${TYPES_TEXT}` })
  type?: NotificationType;
}

export class StreamQuery {
  /** For clients that cannot set the Last-Event-ID header on their first connection. */
  @IsOptional()
  lastEventId?: string;
}

/** PUT replaces the preferences; a field left out takes its default. */
export class PreferencesRequest {
  @IsOptional() @IsBoolean({ message: 'muteAll must be true or false' })
  muteAll?: boolean;

  @IsOptional() @IsArray({ message: `mutedTypes must be a list of types, each ${TYPES_TEXT}` }) @IsIn(NOTIFICATION_TYPES, { each: true, message: `each of mutedTypes must be ${TYPES_TEXT}` })
  mutedTypes?: NotificationType[];

  /** Type → the channels it goes to, e.g. { "ORDER_FILLED": ["EMAIL", "PUSH"] }; IN_APP is always on. */
  @IsOptional() @IsObject({ message: 'channels must be an object of type → list of channels' })
  channels?: Record<string, unknown>;
}

/** The channels map checked entry by entry, each error naming its path (channels.ORDER_FILLED). */
export function channelsOf(raw: Record<string, unknown> | undefined): Partial<Record<NotificationType, ExternalChannel[]>> {
  const errors: FieldError[] = [];
  const chosen: Partial<Record<NotificationType, ExternalChannel[]>> = {};
  for (const [type, value] of Object.entries(raw ?? {})) {
    const field = `channels.${type}`;
    if (!(NOTIFICATION_TYPES as readonly string[]).includes(type)) {
      errors.push({ field, message: `${type} is not a notification type; use ${TYPES_TEXT}` });
      continue;
    }
    if (!Array.isArray(value) || value.some((c) => typeof c !== 'string' || !(CHANNELS as readonly string[]).includes(c))) {
      errors.push({ field, message: `${field} must be a list of channels, each one of ${CHANNELS.join(', ')}` });
      continue;
    }
    chosen[type as NotificationType] = EXTERNAL_CHANNELS.filter((c) => (value as string[]).includes(c));
  }
  if (errors.length) throw problems.validation(errors);
  return chosen;
}

export class DeliveriesQuery {
  @IsOptional() @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;

  @IsOptional() @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel?: Channel;

  @IsOptional() @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;
}

export function deliveryView(d: Delivery) {
  return {
    notificationId: d.notificationId, channel: d.channel, userId: d.userId, recipient: d.recipient, status: d.status, attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null, lastError: d.lastError, sentAt: d.sentAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString(),
    ...(d.type ? { type: d.type, title: d.title } : {}),
  };
}

export function notificationView(n: Notification, deliveries?: Delivery[]) {
  return {
    id: n.id, seq: n.seq, type: n.type, title: n.title, message: n.message, priority: n.priority, status: n.status, muted: n.muted, data: n.data,
    createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null,
    ...(deliveries ? { deliveries: deliveries.map(({ channel, status, attempts, sentAt, lastError }) => ({ channel, status, attempts, sentAt: sentAt?.toISOString() ?? null, lastError })) } : {}),
  };
}

export function preferencesView(p: Preferences) {
  return {
    muteAll: p.muteAll,
    mutedTypes: p.mutedTypes,
    // Every type with where it goes now: the user's choice, else the default.
    channels: Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, ['IN_APP', ...(p.channels[t] ?? DEFAULT_CHANNELS[t])]])),
    customised: Object.keys(p.channels),
    updatedAt: p.updatedAt?.toISOString() ?? null,
  };
}
