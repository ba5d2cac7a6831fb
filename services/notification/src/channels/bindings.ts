// The channels as Dapr output bindings (components/common/notification-{email,sms,push}.yaml): the
// service knows a binding's name and operation, never the provider behind it, so moving to
// another SMTP relay or SMS gateway is a change of component alone.
import type { DaprSidecar } from '@winvestco/common';
import type { ExternalChannel } from '../domain/notifications.ts';
import type { NotificationChannel, OutboundMessage } from './channel.ts';

export const BINDINGS: Record<ExternalChannel, string> = { EMAIL: 'notification-email', SMS: 'notification-sms', PUSH: 'notification-push' };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The body of an email: the SMTP binding sends its data as HTML. */
export function emailBody(m: OutboundMessage): string {
  return [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<h2>${escapeHtml(m.title)}</h2>`,
    `<p>${escapeHtml(m.message)}</p>`,
    `<p style="color:#666;font-size:small">Winvestco · ${escapeHtml(m.createdAt.toISOString())} · notification ${escapeHtml(m.notificationId)}<br>`,
    'Change what reaches you by email in your notification preferences.</p>',
    '</body></html>',
  ].join('\n');
}

/** Email through bindings.smtp (operation create; the recipient and subject as metadata). */
export function emailChannel(dapr: DaprSidecar, timeoutMs: number): NotificationChannel {
  return {
    name: 'EMAIL',
    async send(m) {
      // X-Priority: 1 is the highest, 5 the lowest; the binding takes 1-5.
      const priority = m.priority === 'HIGH' ? '1' : m.priority === 'LOW' ? '5' : '3';
      await dapr.invokeBinding(BINDINGS.EMAIL, 'create', emailBody(m), { emailTo: m.recipient, subject: m.title, priority }, timeoutMs);
    },
  };
}

/** SMS and push through bindings.http (operation post); the provider gets JSON. */
export function httpChannel(dapr: DaprSidecar, name: 'SMS' | 'PUSH', timeoutMs: number): NotificationChannel {
  return {
    name,
    async send(m) {
      const body = name === 'SMS'
        ? { to: m.recipient, text: `Winvestco: ${m.message}`, notificationId: m.notificationId }
        : { userId: m.recipient, title: m.title, body: m.message, priority: m.priority, data: { ...m.data, type: m.type, notificationId: m.notificationId } };
      await dapr.invokeBinding(BINDINGS[name], 'post', body, { 'Content-Type': 'application/json' }, timeoutMs);
    },
  };
}
