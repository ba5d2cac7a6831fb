// The work: a notification made from an event (inside the inbox's transaction, so it is made
// once), what its owner may do with their notifications, and an operator's retry.
import { randomUUID } from 'node:crypto';
import type { Database, PageKey, Tx } from '@winvestco/common';
import type { NotificationDraft, NotificationType, Channel } from './domain/notifications.ts';
import { channelsFor, isMuted, type Preferences } from './domain/preferences.ts';
import type { Delivery, DeliveryStatus, Notification, NotificationRepositories } from './store.ts';

export type NotificationDb = Database<NotificationRepositories>;

/**
 * Records what `draft` tells its user, unless this event already told them: with its number
 * on the user's live stream, and a delivery for each channel outside the app their
 * preferences choose (none when muted). Null when nothing new was made.
 */
export async function notify(t: Tx<NotificationRepositories>, draft: NotificationDraft | null, sourceEventId: string): Promise<Notification | null> {
  if (!draft) return null;
  const preferences = await t.preferences.of(draft.userId);
  const muted = isMuted(preferences, draft.type);
  const { seq, email, phone } = await t.notifications.nextSeq(draft.userId);
  const made = await t.notifications.add(randomUUID(), seq, draft, muted, sourceEventId);
  if (!made) return null;
  const recipientOn = { EMAIL: email, SMS: phone, PUSH: made.userId };
  await t.deliveries.add(made.id, made.userId, channelsFor(preferences, draft.type, draft.priority).map((channel) => ({ channel, recipient: recipientOn[channel] })));
  return made;
}

export async function list(db: NotificationDb, filter: { userId: string; unread: boolean | null; type: NotificationType | null; before: PageKey | null; limit: number }) {
  const page = await db.notifications.page(filter);
  const deliveries = await db.deliveries.of(page.items.map((n) => n.id));
  return { ...page, deliveries };
}

/** The user's own notification with its deliveries, or null (another user's is as absent). */
export async function one(db: NotificationDb, userId: string, id: string): Promise<{ notification: Notification; deliveries: Delivery[] } | null> {
  const notification = await db.notifications.byId(userId, id);
  return notification && { notification, deliveries: await db.deliveries.of([id]) };
}

export async function markRead(db: NotificationDb, userId: string, id: string): Promise<Notification | null> {
  return db.tx(async (t) => {
    if (!(await t.notifications.byId(userId, id))) return null;
    await t.notifications.markRead(userId, id);
    return t.notifications.byId(userId, id);
  });
}

export const readAll = (db: NotificationDb, userId: string) => db.notifications.readAll(userId);
export const unreadCount = (db: NotificationDb, userId: string) => db.notifications.unreadCount(userId);
export const preferencesOf = (db: NotificationDb, userId: string) => db.preferences.of(userId);
export const savePreferences = (db: NotificationDb, userId: string, p: Omit<Preferences, 'updatedAt'>) => db.preferences.save(userId, p);

export const deliveries = (db: NotificationDb, filter: { status: DeliveryStatus | null; channel: Channel | null; userId: string | null; limit: number }) => db.deliveries.list(filter);
export const retryDelivery = (db: NotificationDb, notificationId: string, channel: Channel) => db.deliveries.retry(notificationId, channel);
