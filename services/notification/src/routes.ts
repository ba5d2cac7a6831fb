// HTTP: parse and validate, call a use case, shape the reply. Every route needs a bearer
// token, and a user reaches only their own notifications: another user's id is a 404.
import {
  authenticate, caller, DEFAULT_PAGE_SIZE, encodeCursor, pageStart, parseBody, parseQuery, problems, requireRole, Router, uuidParam,
  type AppContext, type TokenVerifier,
} from '@winvestco/common';
import { CHANNELS, type Channel } from './domain/notifications.ts';
import type { Dispatcher } from './dispatcher.ts';
import {
  channelsOf, DeliveriesQuery, deliveryView, NotificationsQuery, notificationView, PreferencesRequest, preferencesView, StreamQuery,
} from './dto.ts';
import type { LiveStreams } from './live.ts';
import * as notifications from './usecases.ts';

/** The stream's resume point: Last-Event-ID (or ?lastEventId=), a notification number; null to start from now. */
function resumeFrom(ctx: AppContext, query: StreamQuery): number | null {
  const header = ctx.get('last-event-id');
  const [field, text] = header !== '' ? ['Last-Event-ID', header] : ['lastEventId', query.lastEventId];
  if (text === undefined || text === '') return null;
  if (!/^\d{1,15}$/.test(text)) throw problems.validation([{ field, message: `${field} must be the id of an event this stream sent (a whole number)` }]);
  return Number(text);
}

export function notificationRoutes(deps: { db: notifications.NotificationDb; verifier: TokenVerifier; live: LiveStreams; dispatcher: Dispatcher }): Router {
  const { db, live } = deps;
  const router = new Router();
  const signedIn = authenticate(deps.verifier);
  const admin = requireRole('ADMIN');

  router.get('/notifications', signedIn, async (ctx) => {
    const query = await parseQuery(NotificationsQuery, ctx.query);
    const page = await notifications.list(db, {
      userId: caller(ctx).id, unread: query.unread === undefined ? null : query.unread === 'true', type: query.type ?? null,
      before: pageStart(query), limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    ctx.body = {
      items: page.items.map((n) => notificationView(n, page.deliveries.filter((d) => d.notificationId === n.id))),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    };
  });

  router.get('/notifications/unread-count', signedIn, async (ctx) => {
    ctx.body = { unread: await notifications.unreadCount(db, caller(ctx).id) };
  });

  router.get('/notifications/stream', signedIn, async (ctx) => {
    const query = await parseQuery(StreamQuery, ctx.query);
    const after = resumeFrom(ctx, query);
    const stream = await live.open(caller(ctx).id, after);
    // An open stream has no deadline of its own; the client (or a proxy) ends it.
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.status = 200;
    ctx.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
    ctx.body = stream;
  });

  router.get('/notifications/preferences', signedIn, async (ctx) => {
    ctx.body = preferencesView(await notifications.preferencesOf(db, caller(ctx).id));
  });

  router.put('/notifications/preferences', signedIn, async (ctx) => {
    const body = await parseBody(PreferencesRequest, ctx.request.body);
    const channels = channelsOf(body.channels);
    ctx.body = preferencesView(await notifications.savePreferences(db, caller(ctx).id, { muteAll: body.muteAll ?? false, mutedTypes: [...new Set(body.mutedTypes ?? [])], channels }));
  });

  router.post('/notifications/read-all', signedIn, async (ctx) => {
    ctx.body = { read: await notifications.readAll(db, caller(ctx).id) };
  });

  router.get('/notifications/:id', signedIn, async (ctx) => {
    const found = await notifications.one(db, caller(ctx).id, uuidParam(ctx, 'id'));
    if (!found) throw problems.notFound('No such notification');
    ctx.body = notificationView(found.notification, found.deliveries);
  });

  router.post('/notifications/:id/read', signedIn, async (ctx) => {
    const read = await notifications.markRead(db, caller(ctx).id, uuidParam(ctx, 'id'));
    if (!read) throw problems.notFound('No such notification');
    ctx.body = notificationView(read);
  });

  // For operators: deliveries by status (DEAD_LETTER first of interest), and a retry of one.
  router.get('/admin/notifications/deliveries', signedIn, admin, async (ctx) => {
    const query = await parseQuery(DeliveriesQuery, ctx.query);
    const items = await notifications.deliveries(db, { status: query.status ?? null, channel: query.channel ?? null, userId: query.userId ?? null, limit: 200 });
    ctx.body = { items: items.map(deliveryView) };
  });

  router.post('/admin/notifications/deliveries/:id/:channel/retry', signedIn, admin, async (ctx) => {
    const id = uuidParam(ctx, 'id');
    const channel = ctx.params.channel as Channel;
    if (!(CHANNELS as readonly string[]).includes(channel)) throw problems.validation([{ field: 'channel', message: `channel must be one of ${CHANNELS.join(', ')}` }]);
    const retried = await notifications.retryDelivery(db, id, channel);
    if (!retried) throw problems.notFound('No dead-lettered delivery of that notification on that channel');
    void deps.dispatcher.wake();
    ctx.status = 202;
    ctx.body = deliveryView(retried);
  });

  return router;
}
