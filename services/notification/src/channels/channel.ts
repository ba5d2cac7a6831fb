// The one interface every channel outside the app implements. A channel either delivers the
// message or throws; the sender decides what a failure means (retry later, or dead-letter).
import type { ExternalChannel, NotificationType, Priority } from '../domain/notifications.ts';

export interface OutboundMessage {
  notificationId: string;
  userId: string;
  /** The address on this channel: an email address, a phone number, the user id for push. */
  recipient: string;
  type: NotificationType;
  title: string;
  message: string;
  priority: Priority;
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface NotificationChannel {
  readonly name: ExternalChannel;
  send(message: OutboundMessage): Promise<void>;
}
