// The request body type (ctx.request.body) comes from this augmentation; the reference keeps
// it in the emitted declarations, so services compiled against them see it too.
/// <reference types="@koa/bodyparser" preserve="true" />
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import Koa, { type Context, type Next } from 'koa';
import type { Role } from './identity.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { repeatedKey } from './json-keys.ts';
import { Problem, problems } from './problem.ts';

export { Router };

export interface AppState {
  requestId: string;
  traceId?: string;
  log: Logger;
  user?: { id: string; roles: Role[] };
}

export type AppContext = Context & { state: AppState };

export interface AppOptions {
  logger: Logger;
  metrics: Metrics;
  /** Mounted in order: the service's routes, its subscriptions. */
  routers: Router[];
  /** False makes /healthz answer 503: the process should be restarted (a workflow worker that cannot reconnect). */
  liveness?: () => boolean;
  /** Each named check must resolve true for /readyz to answer 200. */
  readiness?: Record<string, () => Promise<boolean>>;
  /** When set, every call except health and metrics must carry it in `dapr-api-token`. */
  appApiToken?: string;
  bodyLimit?: string;
  /** false: bodies are left unread for the routes (the gateway forwards them as they are). */
  parseBodies?: boolean;
}

const OPEN_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
const JSON_TYPES = ['application/json', 'application/cloudevents+json', 'application/problem+json'];
// A caller's request id is echoed and logged, so it must be short and plain.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** W3C traceparent: version-traceid-parentid-flags; Dapr forwards it on every hop. */
function traceIdOf(traceparent: string | undefined): string | undefined {
  const parts = traceparent?.split('-');
  return parts && parts.length === 4 && /^[0-9a-f]{32}$/.test(parts[1]!) ? parts[1] : undefined;
}

function bodyParserProblem(error: Error & { status?: number; type?: string }): Problem {
  if (error.status === 413 || error.type === 'entity.too.large') return problems.tooLarge('The request body is larger than this service accepts');
  if (error.status === 415) return problems.unsupportedMediaType('Send the body as application/json');
  return problems.badRequest(`The request body is not valid JSON: ${error.message}`);
}

function hasBody(ctx: Context): boolean {
  const length = ctx.get('content-length');
  return (length !== '' && length !== '0') || ctx.get('transfer-encoding') !== '';
}

export function createApp(options: AppOptions): Koa<AppState> {
  const { logger, metrics } = options;
  const app = new Koa<AppState>({ proxy: false });
  app.silent = true;

  app.use(async (ctx: AppContext, next: Next) => {
    const sent = ctx.get('x-request-id');
    const requestId = REQUEST_ID.test(sent) ? sent : randomUUID();
    const traceId = traceIdOf(ctx.get('traceparent') || undefined);
    ctx.state.requestId = requestId;
    ctx.state.traceId = traceId;
    ctx.state.log = logger.child({ requestId, ...(traceId ? { traceId } : {}) });
    ctx.set('X-Request-Id', requestId);
    ctx.set('X-Content-Type-Options', 'nosniff');
    const started = process.hrtime.bigint();
    try {
      await next();
      if (ctx.status === 404 && ctx.body == null) throw problems.notFound(`No route for ${ctx.method} ${ctx.path}`);
      if (ctx.status === 405 && ctx.body == null) throw new Problem(405, 'method-not-allowed', 'Method not allowed', `${ctx.method} is not allowed on ${ctx.path}`);
    } catch (error) {
      if (error instanceof Problem) {
        ctx.status = error.status;
        ctx.set(error.headers);
        ctx.body = error.body(ctx.path);
      } else {
        ctx.state.log.error({ err: error }, 'unhandled error');
        ctx.status = 500;
        ctx.body = new Problem(500, 'internal', 'Internal server error', `Something went wrong; quote request id ${requestId}`).body(ctx.path);
      }
      ctx.type = 'application/problem+json';
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (ctx as Context & { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      metrics.httpDuration.observe({ method: ctx.method, route: String(route), status: String(ctx.status) }, seconds);
      if (!OPEN_PATHS.has(ctx.path)) {
        ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(seconds * 1000) }, 'request');
      }
    }
  });

  if (options.appApiToken) {
    const token = options.appApiToken;
    app.use(async (ctx: AppContext, next: Next) => {
      if (!OPEN_PATHS.has(ctx.path) && !sameSecret(ctx.get('dapr-api-token'), token)) {
        throw problems.unauthorized('Calls to this app must come through its Dapr sidecar');
      }
      await next();
    });
  }

  if (options.parseBodies !== false) {
    // Every body this platform accepts is JSON; anything else is refused before a handler runs.
    // Dapr forwards a POST without a body as chunked, with no content type: that is no body.
    app.use(async (ctx: AppContext, next: Next) => {
      const refused = ctx.get('content-type') ? hasBody(ctx) && !ctx.is(JSON_TYPES) : Number(ctx.get('content-length') || 0) > 0;
      if (refused) throw problems.unsupportedMediaType('Send the body as application/json');
      await next();
    });
    app.use(
      bodyParser({
        enableTypes: ['json'],
        // Listed in full: the parser merges this array over its defaults index by index.
        extendTypes: { json: [...JSON_TYPES, 'application/json-patch+json', 'application/vnd.api+json', 'application/csp-report', 'application/reports+json', 'application/scim+json'] },
        jsonLimit: options.bodyLimit ?? '256kb',
        onError: (error) => {
          throw bodyParserProblem(error);
        },
      }),
    );
    app.use(async (ctx: AppContext, next: Next) => {
      const raw = (ctx.request as { rawBody?: unknown }).rawBody;
      const repeated = typeof raw === 'string' ? repeatedKey(raw) : null;
      if (repeated !== null) throw problems.validation([{ field: repeated, message: `${repeated} appears more than once in the body; send each key once` }]);
      await next();
    });
  }

  const system = new Router();
  system.get('/healthz', (ctx) => {
    const alive = options.liveness?.() ?? true;
    ctx.status = alive ? 200 : 503;
    ctx.body = { status: alive ? 'ok' : 'failing' };
  });
  system.get('/readyz', async (ctx) => {
    const checks: Record<string, boolean> = {};
    for (const [name, check] of Object.entries(options.readiness ?? {})) {
      checks[name] = await check().catch(() => false);
    }
    const ready = Object.values(checks).every(Boolean);
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'not ready', checks };
  });
  system.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });

  // One root router, so a path of one router is never answered 405 by another's method list.
  const root = new Router();
  for (const router of [system, ...options.routers]) root.use(router.routes());
  app.use(root.routes());
  app.use(root.allowedMethods({ throw: false }));
  return app;
}
