// HTTP: the pages (server-rendered), the login, the actions (plain HTML forms that answer
// with a redirect back and a message), and the route Dapr delivers the tailed events to.
import { timingSafeEqual } from 'node:crypto';
import { Router, type AppContext, type Logger } from '@winvestco/common';
import type { Next } from 'koa';
import type { ConsoleConfig } from './config.ts';
import { NotAdmin, type Sessions, type SignedIn } from './session.ts';
import { Refused, type SagaRow, type Sources } from './sources.ts';
import { EventTail, TAIL_ROUTE } from './tail.ts';
import { html, page, type Frame, type Html } from './views/html.ts';
import * as pages from './views/pages.ts';

const APP_ID = /^[a-z0-9-]{1,60}$/;
const INSTANCE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const UUID = /^[0-9a-f-]{36}$/i;
const BODY_LIMIT = 64 * 1024;

async function readText(ctx: AppContext): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) ctx.throw(413, 'The request body is too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readForm(ctx: AppContext): Promise<URLSearchParams> {
  return new URLSearchParams(await readText(ctx));
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A path parameter of the matched route. */
function param(ctx: AppContext, name: string): string {
  return (ctx as unknown as { params: Record<string, string | undefined> }).params[name] ?? '';
}

/** The admin signedIn put on the request. */
function adminOf(ctx: AppContext): SignedIn {
  return (ctx.state as unknown as { admin: SignedIn }).admin;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Back to `to` with a message the page shows once. */
function back(ctx: AppContext, to: string, tone: 'ok' | 'bad', text: string): void {
  const url = new URL(to, 'http://console.local');
  url.searchParams.set(tone === 'ok' ? 'done' : 'failed', text);
  ctx.redirect(url.pathname + url.search);
  ctx.status = 303;
}

function flashOf(ctx: AppContext): Frame['flash'] {
  const done = ctx.query.done;
  const failed = ctx.query.failed;
  if (typeof failed === 'string') return { tone: 'bad', text: failed };
  if (typeof done === 'string') return { tone: 'ok', text: done };
  return undefined;
}

const STATUS_ORDER = ['STUCK', 'RUNNING', 'NOT STARTED', 'SUSPENDED', 'PENDING', 'FAILED', 'TERMINATED', 'COMPLETED'];

function sortSagas(rows: SagaRow[]): SagaRow[] {
  const rank = (r: SagaRow) => {
    const i = STATUS_ORDER.indexOf(pages.sagaTone(r).text);
    return i < 0 ? STATUS_ORDER.length : i;
  };
  return [...rows].sort((a, b) => rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt));
}

export function consoleRoutes(deps: { config: ConsoleConfig; sessions: Sessions; sources: Sources; tail: EventTail; log: Logger }): Router {
  const { config, sessions, sources, tail } = deps;
  const router = new Router();

  const send = (ctx: AppContext, frame: Frame, body: Html) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = ctx.get('x-console-fragment') ? body.text : page(frame, body).text;
  };

  const signedIn = async (ctx: AppContext, next: Next) => {
    const admin = await sessions.current(ctx);
    if (!admin) {
      if (ctx.get('x-console-fragment') || ctx.method !== 'GET') {
        ctx.status = 401;
        ctx.body = 'Log in again';
        return;
      }
      ctx.redirect(`/login?next=${encodeURIComponent(ctx.originalUrl)}`);
      return;
    }
    (ctx.state as unknown as { admin: SignedIn }).admin = admin;
    await next();
  };
  const who = (ctx: AppContext) => adminOf(ctx).email;
  const token = (ctx: AppContext) => adminOf(ctx).token;

  // --- the events Dapr delivers: only from the console's own sidecar (the app API token) ---
  router.get('/dapr/subscribe', (ctx) => {
    ctx.body = EventTail.declarations(config.dapr.pubsubName, config.dapr.topicPrefix, sources.deadLetterTopics());
  });
  router.post(TAIL_ROUTE, async (ctx) => {
    if (config.appApiToken && !sameSecret(ctx.get('dapr-api-token'), config.appApiToken)) {
      ctx.status = 401;
      ctx.body = { detail: 'Events come through the console\'s sidecar only' };
      return;
    }
    const text = await readText(ctx);
    try {
      tail.add(JSON.parse(text), config.dapr.topicPrefix);
    } catch {
      // Not JSON: nothing to show; acknowledged so the broker does not deliver it again.
    }
    ctx.body = { status: 'SUCCESS' };
  });

  // --- login ---
  router.get('/login', (ctx) => {
    const next = typeof ctx.query.next === 'string' && ctx.query.next.startsWith('/') ? ctx.query.next : '/';
    send(ctx, { title: 'Log in' }, pages.loginForm(null, next));
  });
  router.post('/login', async (ctx) => {
    const form = await readForm(ctx);
    const next = (form.get('next') ?? '/').startsWith('/') && !(form.get('next') ?? '').startsWith('//') ? form.get('next') ?? '/' : '/';
    try {
      await sessions.logIn(ctx, form.get('email') ?? '', form.get('password') ?? '');
      ctx.redirect(next);
      ctx.status = 303;
    } catch (error) {
      ctx.status = error instanceof NotAdmin ? 401 : 502;
      send(ctx, { title: 'Log in' }, pages.loginForm(error instanceof NotAdmin ? error.message : `The user service could not be asked: ${messageOf(error)}`, next));
    }
  });
  router.post('/logout', async (ctx) => {
    await sessions.logOut(ctx);
    ctx.redirect('/login');
    ctx.status = 303;
  });

  // --- pages ---
  router.get('/', signedIn, async (ctx) => {
    const started = Date.now();
    const [apps, metadata] = await Promise.all([sources.statuses(token(ctx)), sources.selfMetadata().catch(() => undefined)]);
    const controlPlane = await sources.controlPlane(metadata);
    const broker = (metadata?.components ?? []).filter((c) => c.type.startsWith('pubsub.')).map((c) => `${c.type.replace('pubsub.', '')} ${c.version ?? ''}`.trim()).join(', ') || 'unknown';
    const body = pages.overview({ apps, controlPlane, broker, tailCount: tail.count });
    send(ctx, { title: 'Overview', nav: 'overview', who: who(ctx), refreshMs: config.refreshMs, renderedMs: Date.now() - started }, body);
  });

  router.get('/apps/:appId', signedIn, async (ctx) => {
    const appId = param(ctx, 'appId');
    if (!APP_ID.test(appId) || !sources.apps.includes(appId)) {
      ctx.status = 404;
      send(ctx, { title: 'No such app', who: who(ctx) }, html`<p>The console watches ${sources.apps.join(', ')}.</p>`);
      return;
    }
    const [status, runtime] = await Promise.all([
      sources.status(appId, token(ctx)),
      appId === 'gateway' ? Promise.resolve(null) : sources.runtime(appId, token(ctx)).catch((error: unknown) => error as Error),
    ]);
    const problem = runtime instanceof Error ? `${appId}'s ops route: ${runtime.message}` : null;
    send(ctx, { title: appId, nav: 'apps', who: who(ctx), refreshMs: config.refreshMs * 2 }, pages.appDetail(appId, status, runtime instanceof Error ? null : runtime, problem));
  });

  router.get('/sagas', signedIn, async (ctx) => {
    const q = typeof ctx.query.q === 'string' ? ctx.query.q.trim() : '';
    const status = typeof ctx.query.status === 'string' ? ctx.query.status : '';
    const name = typeof ctx.query.name === 'string' ? ctx.query.name : '';
    const { items, problems } = await sources.sagas(token(ctx));
    const names = [...new Set(items.map((i) => i.workflow))].sort();
    const rows = sortSagas(items).filter((r) => (!status || pages.sagaTone(r).text === status) && (!name || r.workflow === name)
      && (!q || r.instanceId.includes(q) || JSON.stringify(r.input).includes(q)));
    const option = (value: string, current: string, label = value) => html`<option value="${value}" ${value === current ? html`selected` : ''}>${label}</option>`;
    const top = html`<form class="filters" method="get" action="/sagas">
<select name="status">${option('', status, 'any status')}${STATUS_ORDER.map((s) => option(s, status))}</select>
<select name="name">${option('', name, 'any workflow')}${names.map((n) => option(n, name))}</select>
<input name="q" value="${q}" placeholder="business id (payment, order, user)" size="38"><button type="submit">Filter</button></form>`;
    send(ctx, { title: 'Sagas', nav: 'sagas', who: who(ctx), refreshMs: config.refreshMs, top, flash: flashOf(ctx) }, pages.sagas(rows, problems));
  });

  const sagaParams = (ctx: AppContext) => {
    const owner = param(ctx, 'owner');
    const instanceId = param(ctx, 'instanceId');
    if (!sources.kitApps().includes(owner) || !INSTANCE_ID.test(instanceId)) return null;
    return { owner, instanceId };
  };

  router.get('/sagas/:owner/:instanceId', signedIn, async (ctx) => {
    const p = sagaParams(ctx);
    if (!p) {
      ctx.status = 404;
      send(ctx, { title: 'No such saga', who: who(ctx) }, html`<p><a href="/sagas">All sagas</a></p>`);
      return;
    }
    try {
      const row = await sources.saga(p.owner, p.instanceId, token(ctx));
      send(ctx, { title: `${row.workflow} ${p.instanceId}`, nav: 'sagas', who: who(ctx), refreshMs: config.refreshMs, top: pages.sagaActions(row), flash: flashOf(ctx) }, pages.sagaDetail(row));
    } catch (error) {
      ctx.status = error instanceof Refused ? error.status : 502;
      send(ctx, { title: 'Saga', nav: 'sagas', who: who(ctx) }, html`<div class="flash bad">${messageOf(error)}</div>`);
    }
  });

  router.post('/sagas/:owner/:instanceId/:action', signedIn, async (ctx) => {
    const p = sagaParams(ctx);
    const action = param(ctx, 'action');
    if (!p || !['suspend', 'resume', 'terminate', 'purge', 'raise'].includes(action)) {
      ctx.status = 404;
      return;
    }
    const to = `/sagas/${p.owner}/${p.instanceId}`;
    const form = await readForm(ctx);
    let body: unknown;
    if (action === 'raise') {
      let payload: unknown;
      try {
        payload = form.get('payload') ? JSON.parse(form.get('payload')!) as unknown : {};
      } catch {
        back(ctx, to, 'bad', 'The payload is not JSON; write it as {"key": "value"}');
        return;
      }
      body = { name: form.get('name') ?? '', payload };
    }
    try {
      await sources.sagaAction(p.owner, p.instanceId, action, token(ctx), body);
      deps.log.info({ owner: p.owner, instanceId: p.instanceId, action, by: adminOf(ctx).userId }, 'a saga action from the console');
      back(ctx, action === 'purge' ? '/sagas' : to, 'ok', action === 'raise' ? `Raised ${(body as { name: string }).name} into ${p.instanceId}` : `${p.instanceId}: ${action} asked of Dapr Workflow`);
    } catch (error) {
      back(ctx, to, 'bad', messageOf(error));
    }
  });

  router.get('/events', signedIn, async (ctx) => {
    const filter = {
      topic: typeof ctx.query.topic === 'string' ? ctx.query.topic : '',
      type: typeof ctx.query.type === 'string' ? ctx.query.type : '',
      q: typeof ctx.query.q === 'string' ? ctx.query.q : '',
    };
    const letters = await sources.deadLetters(token(ctx), true);
    const q = filter.q.trim().toLowerCase();
    if (q) letters.items = letters.items.filter((d) => [d.subject ?? '', d.eventId, d.id, JSON.stringify(d.event.data ?? null)].some((v) => v.toLowerCase().includes(q)));
    const top = html`<form class="filters" method="get" action="/events">
<input name="type" value="${filter.type}" placeholder="event type, e.g. funds.deposited" size="30" list="types"><datalist id="types">${tail.types().map((t) => html`<option value="${t}">`)}</datalist>
<input name="topic" value="${filter.topic}" placeholder="topic" size="14"><input name="q" value="${filter.q}" placeholder="business id" size="38"><button type="submit">Search</button></form>`;
    send(ctx, { title: 'Events', nav: 'events', who: who(ctx), refreshMs: config.refreshMs, top, flash: flashOf(ctx) }, pages.events(tail.list(filter), letters.items, letters.problems));
  });

  router.post('/dead-letters/:owner/:id/replay', signedIn, async (ctx) => {
    const owner = param(ctx, 'owner');
    const id = param(ctx, 'id');
    if (!sources.kitApps().includes(owner) || !UUID.test(id)) {
      ctx.status = 404;
      return;
    }
    try {
      const outcome = await sources.replay(owner, id, token(ctx));
      deps.log.info({ owner, deadLetterId: id, outcome, by: adminOf(ctx).userId }, 'a dead letter replayed from the console');
      back(ctx, '/events', 'ok', `Replayed ${id} in ${owner}: ${outcome}`);
    } catch (error) {
      back(ctx, '/events', 'bad', `${owner} did not replay ${id}: ${messageOf(error)}`);
    }
  });

  return router;
}

