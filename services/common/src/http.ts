import { randomUUID, timingSafeEqual } from 'node:crypto';
import Koa, { type Context, type Next } from 'koa';
import { Router } from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { Problem, problems } from './problem.ts';
import type { Subscription } from './events.ts';

export { Router };

export interface AppState {
  requestId: string;
  traceId?: string;
  log: Logger;
  user?: { id: string; roles: string[] };
}

export type AppContext = Context & { state: AppState };

export interface AppOptions {
  logger: Logger;
  metrics: Metrics;
  router: Router;
  /** Declared to Dapr through GET /dapr/subscribe. */
  subscriptions?: Subscription[];
  /** Each named check must resolve true for /readyz to answer 200. */
  readiness?: Record<string, () => Promise<boolean>>;
  /** When set, every call except health and metrics must carry it in `dapr-api-token`. */
  appApiToken?: string;
  bodyLimit?: string;
}

const OPEN_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

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

export function createApp(options: AppOptions): Koa<AppState> {
  const { logger, metrics, router } = options;
  const app = new Koa<AppState>({ proxy: false });
  app.silent = true;

  app.use(async (ctx: AppContext, next: Next) => {
    const requestId = ctx.get('x-request-id') || randomUUID();
    const traceId = traceIdOf(ctx.get('traceparent') || undefined);
    ctx.state.requestId = requestId;
    ctx.state.traceId = traceId;
    ctx.state.log = logger.child({ requestId, ...(traceId ? { traceId } : {}) });
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
      if (ctx.status === 404 && ctx.body == null) throw problems.notFound(`No route for ${ctx.method} ${ctx.path}`);
      if (ctx.status === 405 && ctx.body == null) throw new Problem(405, 'method-not-allowed', 'Method not allowed', `${ctx.method} is not allowed on ${ctx.path}`);
    } catch (error) {
      const problem = error instanceof Problem ? error : undefined;
      if (problem) {
        ctx.status = problem.status;
        ctx.set(problem.headers);
        ctx.body = problem.body(ctx.path);
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

  app.use(
    bodyParser({
      enableTypes: ['json'],
      // Listed in full: the parser merges this array over its defaults index by index.
      extendTypes: { json: ['application/json', 'application/json-patch+json', 'application/vnd.api+json', 'application/csp-report', 'application/reports+json', 'application/scim+json', 'application/cloudevents+json'] },
      jsonLimit: options.bodyLimit ?? '256kb',
      onError: (error) => {
        throw bodyParserProblem(error);
      },
    }),
  );

  const system = new Router();
  system.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
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
  system.get('/dapr/subscribe', (ctx) => {
    ctx.body = (options.subscriptions ?? []).map((s) => s.declaration);
  });
  for (const subscription of options.subscriptions ?? []) {
    system.post(subscription.path, subscription.handler);
  }

  app.use(system.routes());
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: false }));
  return app;
}
