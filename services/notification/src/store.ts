import type { IBaseProtocol } from 'pg-promise';
import { nextPageKey, type PageKey, type Queryable, sqlFolder } from '@winvestco/common';
import type { Channel, ExternalChannel, NotificationDraft, NotificationType, Priority } from './domain/notifications.ts';
import { DEFAULT_PREFERENCES, type Preferences } from './domain/preferences.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  upsertRecipient: sql('recipient-upsert'),
  recipient: sql('recipient-by-id'),
  setContact: sql('recipient-set-contact'),
  nextSeq: sql('recipient-next-seq'),
  insert: sql('notification-insert'),
  announce: sql('notification-announce'),
  page: sql('notifications-page'),
  since: sql('notifications-since'),
  lastSeq: sql('notification-last-seq'),
  byId: sql('notification-by-id'),
  read: sql('notification-read'),
  readAll: sql('notifications-read-all'),
  unread: sql('notifications-unread-count'),
  preferences: sql('preferences-of'),
  savePreferences: sql('preferences-save'),
  addDeliveries: sql('deliveries-add'),
  claim: sql('deliveries-claim'),
  sent: sql('delivery-sent'),
  failed: sql('delivery-failed'),
  listDeliveries: sql('deliveries-list'),
  deliveriesOf: sql('deliveries-of'),
  retry: sql('delivery-retry'),
};

export type NotificationStatus = 'UNREAD' | 'READ' | 'ARCHIVED';
export type DeliveryStatus = 'PENDING' | 'RETRYING' | 'SENT' | 'SKIPPED' | 'DEAD_LETTER';

export interface Notification {
  id: string;
  userId: string;
  seq: number;
  type: NotificationType;
  title: string;
  message: string;
  data: Record<string, unknown>;
  priority: Priority;
  status: NotificationStatus;
  muted: boolean;
  sourceEventId: string;
  createdAt: Date;
  readAt: Date | null;
}

interface NotificationRow {
  id: string;
  user_id: string;
  seq: string;
  type: NotificationType;
  title: string;
  message: string;
  data: Record<string, unknown>;
  priority: Priority;
  status: NotificationStatus;
  muted: boolean;
  source_event_id: string;
  created_at: Date;
  read_at: Date | null;
  page_at: string;
}

const toNotification = (r: NotificationRow): Notification => ({
  id: r.id, userId: r.user_id, seq: Number(r.seq), type: r.type, title: r.title, message: r.message, data: r.data, priority: r.priority,
  status: r.status, muted: r.muted, sourceEventId: r.source_event_id, createdAt: r.created_at, readAt: r.read_at,
});

export interface Recipient {
  userId: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
}

/** Where a person is reached outside the app, as the user service's events told it. */
export class RecipientsRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async remember(userId: string, contact: { email?: string | null; phone?: string | null; firstName?: string | null }): Promise<void> {
    await this.q.none(SQL.upsertRecipient, { userId, email: contact.email ?? null, phone: contact.phone ?? null, firstName: contact.firstName ?? null });
  }

  /** A profile change: a field present in `changed` is set (null clears it), others kept. */
  async changeContact(userId: string, changed: Record<string, string | null>): Promise<void> {
    const setEmail = 'email' in changed;
    const setPhone = 'phone' in changed;
    if (!setEmail && !setPhone) return;
    await this.q.none(SQL.setContact, { userId, setEmail, setPhone, email: changed.email || null, phone: changed.phone || null });
  }

  async of(userId: string): Promise<Recipient | null> {
    const r = await this.q.oneOrNone<{ user_id: string; email: string | null; phone: string | null; first_name: string | null }>(SQL.recipient, { userId });
    return r && { userId: r.user_id, email: r.email, phone: r.phone, firstName: r.first_name };
  }
}

export interface NotificationFilter {
  userId: string;
  unread: boolean | null;
  type: NotificationType | null;
  before: PageKey | null;
  limit: number;
}

export class NotificationsRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** The user's next number, and their addresses; their row stays locked until commit. */
  async nextSeq(userId: string): Promise<{ seq: number; email: string | null; phone: string | null }> {
    const r = await this.q.one<{ seq: string; email: string | null; phone: string | null }>(SQL.nextSeq, { userId });
    return { seq: Number(r.seq), email: r.email, phone: r.phone };
  }

  /** The new notification, or null when this event already made one of this type for this user. */
  async add(id: string, seq: number, draft: NotificationDraft, muted: boolean, sourceEventId: string): Promise<Notification | null> {
    const row = await this.q.oneOrNone<NotificationRow>(SQL.insert, {
      id, seq, userId: draft.userId, type: draft.type, title: draft.title, message: draft.message, data: JSON.stringify(draft.data),
      priority: draft.priority, status: muted ? 'READ' : 'UNREAD', muted, sourceEventId,
    });
    if (row) await this.q.any(SQL.announce, { userId: draft.userId });
    return row && toNotification(row);
  }

  async page(filter: NotificationFilter): Promise<{ items: Notification[]; next: PageKey | null }> {
    const rows = await this.q.any<NotificationRow>(SQL.page, {
      userId: filter.userId, unread: filter.unread, type: filter.type,
      beforeAt: filter.before?.createdAt ?? null, beforeId: filter.before?.id ?? null, limit: filter.limit,
    });
    return { items: rows.map(toNotification), next: nextPageKey(rows, filter.limit) };
  }

  /** What the live stream owes the user after number `after`, oldest first. */
  async since(userId: string, after: number, limit: number): Promise<Notification[]> {
    return (await this.q.any<NotificationRow>(SQL.since, { userId, after, limit })).map(toNotification);
  }

  /** The user's last number so far (0 before any): where a fresh stream starts. */
  async lastSeq(userId: string): Promise<number> {
    return Number((await this.q.one<{ seq: string }>(SQL.lastSeq, { userId })).seq);
  }

  async byId(userId: string, id: string): Promise<Notification | null> {
    const row = await this.q.oneOrNone<NotificationRow>(SQL.byId, { userId, id });
    return row && toNotification(row);
  }

  async markRead(userId: string, id: string): Promise<void> {
    await this.q.none(SQL.read, { userId, id });
  }

  async readAll(userId: string): Promise<number> {
    return (await this.q.one<{ n: number }>(SQL.readAll, { userId })).n;
  }

  async unreadCount(userId: string): Promise<number> {
    return (await this.q.one<{ n: number }>(SQL.unread, { userId })).n;
  }
}

interface PreferencesRow {
  mute_all: boolean;
  muted_types: NotificationType[];
  channels: Preferences['channels'];
  updated_at: Date;
}

const toPreferences = (r: PreferencesRow): Preferences => ({ muteAll: r.mute_all, mutedTypes: r.muted_types, channels: r.channels, updatedAt: r.updated_at });

export class PreferencesRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async of(userId: string): Promise<Preferences> {
    const row = await this.q.oneOrNone<PreferencesRow>(SQL.preferences, { userId });
    return row ? toPreferences(row) : DEFAULT_PREFERENCES;
  }

  async save(userId: string, p: Omit<Preferences, 'updatedAt'>): Promise<Preferences> {
    return toPreferences(await this.q.one<PreferencesRow>(SQL.savePreferences, { userId, muteAll: p.muteAll, mutedTypes: p.mutedTypes, channels: JSON.stringify(p.channels) }));
  }
}

/** A delivery leased for one attempt, with what it is to say. */
export interface DueDelivery {
  notificationId: string;
  channel: ExternalChannel;
  userId: string;
  recipient: string;
  attempts: number;
  type: NotificationType;
  title: string;
  message: string;
  data: Record<string, unknown>;
  priority: Priority;
  createdAt: Date;
}

export interface Delivery {
  notificationId: string;
  channel: Channel;
  userId: string;
  recipient: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  type?: NotificationType;
  title?: string;
}

interface DeliveryRow {
  notification_id: string;
  channel: Channel;
  user_id: string;
  recipient: string | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
  type?: NotificationType;
  title?: string;
}

const toDelivery = (r: DeliveryRow): Delivery => ({
  notificationId: r.notification_id, channel: r.channel, userId: r.user_id, recipient: r.recipient, status: r.status, attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at, lastError: r.last_error, sentAt: r.sent_at, createdAt: r.created_at, updatedAt: r.updated_at,
  ...(r.type ? { type: r.type, title: r.title } : {}),
});

export class DeliveriesRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** One delivery per channel; a null recipient is SKIPPED at once. */
  async add(notificationId: string, userId: string, channels: { channel: ExternalChannel; recipient: string | null }[]): Promise<void> {
    if (channels.length === 0) return;
    await this.q.none(SQL.addDeliveries, { notificationId, userId, channels: channels.map((c) => c.channel), recipients: channels.map((c) => c.recipient) });
  }

  async claim(limit: number, leaseMs: number): Promise<DueDelivery[]> {
    const rows = await this.q.any<{
      notification_id: string; channel: ExternalChannel; user_id: string; recipient: string; attempts: number;
      type: NotificationType; title: string; message: string; data: Record<string, unknown>; priority: Priority; created_at: Date;
    }>(SQL.claim, { limit, leaseMs });
    return rows.map((r) => ({
      notificationId: r.notification_id, channel: r.channel, userId: r.user_id, recipient: r.recipient, attempts: r.attempts,
      type: r.type, title: r.title, message: r.message, data: r.data, priority: r.priority, createdAt: r.created_at,
    }));
  }

  /** Marks the attempt sent; a no-op when the lease passed and another attempt took over. */
  async sent(d: DueDelivery): Promise<void> {
    await this.q.none(SQL.sent, { notificationId: d.notificationId, channel: d.channel, attempts: d.attempts });
  }

  /** A failed attempt: due again after `delayMs`, or DEAD_LETTER when null. */
  async failed(d: DueDelivery, error: string, delayMs: number | null): Promise<void> {
    await this.q.none(SQL.failed, { notificationId: d.notificationId, channel: d.channel, attempts: d.attempts, error: error.slice(0, 1000), delayMs });
  }

  async list(filter: { status: DeliveryStatus | null; channel: Channel | null; userId: string | null; limit: number }): Promise<Delivery[]> {
    return (await this.q.any<DeliveryRow>(SQL.listDeliveries, filter)).map(toDelivery);
  }

  async of(ids: readonly string[]): Promise<Delivery[]> {
    if (ids.length === 0) return [];
    return (await this.q.any<DeliveryRow>(SQL.deliveriesOf, { ids })).map(toDelivery);
  }

  async retry(notificationId: string, channel: Channel): Promise<Delivery | null> {
    const row = await this.q.oneOrNone<DeliveryRow>(SQL.retry, { notificationId, channel });
    return row && toDelivery(row);
  }
}

export interface NotificationRepositories {
  recipients: RecipientsRepository;
  notifications: NotificationsRepository;
  preferences: PreferencesRepository;
  deliveries: DeliveriesRepository;
}

export const repositories = (q: Queryable): NotificationRepositories => ({
  recipients: new RecipientsRepository(q), notifications: new NotificationsRepository(q),
  preferences: new PreferencesRepository(q), deliveries: new DeliveriesRepository(q),
});
