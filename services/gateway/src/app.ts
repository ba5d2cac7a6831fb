import { createApp, createMetrics, DaprSidecar, problems, Router, type AppContext, type Logger } from '@winvestco/common';
import { Readable } from 'node:stream';
import type Koa from 'koa';
import type { GatewayConfig } from './config.ts';
import { forward, readBody } from './forward.ts';
import { RateLimiter } from './rateLimit.ts';
import { targetOf } from './target.ts';

export interface Gateway {
  app: Koa;
  limiter: RateLimiter;
}

/**
 * The client-facing app. It keeps Dapr's URL shape, so Dapr-aware clients work unchanged,
 * but it forwards only a service's public routes, strips what would steer a sidecar, limits
 * rates and sizes, and invokes through its own sidecar, which serves nothing but invocation.
 */
export function createGateway(config: GatewayConfig, log: Logger): Gateway {
  const metrics = createMetrics(config.appId);
  const sidecar = new DaprSidecar(config.dapr.httpPort, config.dapr.apiToken);
  const limiter = new RateLimiter(config.ratePerSecond, config.rateBurst);
  const router = new Router();

  router.all(/^\/v1\.0\/invoke\//, async (ctx: AppContext) => {
    const wait = limiter.take(ctx.ip);
    if (wait > 0) throw problems.tooManyRequests('Too many requests from this address; slow down', wait);
    const target = targetOf(ctx.path, config.routes);
    if ('status' in target) throw target.status === 404 ? problems.notFound(target.detail) : problems.badRequest(target.detail);
    const body = await readBody(ctx.req, config.bodyLimit);
    // A client that leaves ends the call behind it (a live stream's above all).
    const left = new AbortController();
    ctx.res.once('close', () => left.abort());
    const answer = await forward(
      { baseUrl: sidecar.baseUrl, apiToken: config.dapr.apiToken, timeoutMs: config.timeoutMs },
      { method: ctx.method, target, search: ctx.search, headers: ctx.headers, body },
      left.signal,
    );
    ctx.status = answer.status;
    ctx.set(answer.headers);
    if (answer.body instanceof Readable) {
      // Each event reaches the client as it comes: no idle timeout, no delay for small writes.
      ctx.req.socket.setTimeout(0);
      ctx.req.socket.setNoDelay(true);
      ctx.set('X-Accel-Buffering', 'no');
    }
    ctx.body = answer.body;
  });

  const app = createApp({
    logger: log,
    metrics,
    routers: [router],
    parseBodies: false,
    readiness: { sidecar: () => sidecar.outboundHealthy() },
  });
  return { app, limiter };
}
