import { once } from 'node:events';
import type { Server } from 'node:http';
import type { ServiceConfig } from './config.ts';
import { DaprSidecar } from './dapr.ts';
import { createDatabase, pruneKitTables, type Database, type Queryable } from './db.ts';
import { createApp, type Router } from './http.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { migrate, MIGRATIONS_ROOT } from './migrate.ts';
import { Gauge } from 'prom-client';
import { adminRoutes } from './admin.ts';
import { opsRoutes } from './ops.ts';
import { authenticate, requireRole, tokenVerifier, type SessionCheck, type TokenVerifier } from './auth.ts';
import { usersTopic } from './contracts/users.ts';
import { OutboxRelay } from './relay.ts';
import { repeat } from './repeat.ts';
import { SagaDispatch, sagaBookActivities } from './saga-dispatch.ts';
import { SessionProjection, sessionEvents } from './sessions.ts';
import { consumer, mergeSubscriptions, type Subscription } from './subscriptions.ts';
import { createWorkflowClient, SupervisedWorkflowRuntime, type WorkflowDefinitions } from './workflow.ts';

export interface ServiceDeps<R, C extends ServiceConfig> {
  config: C;
  db: Database<R>;
  dapr: DaprSidecar;
  log: Logger;
  metrics: Metrics;
  /** Starts the sagas use cases ask for (SagaRepository.begin) and raises their signals; wake it after such a commit. */
  sagas: SagaDispatch;
  /**
   * Tokens, checked against this service's session projection: authenticate(verifier) lets
   * a request through only while its session stands and its account is ACTIVE, with the
   * account's current roles. (The user service, which owns the truth, gets one without a
   * check and passes its own.)
   */
  verifier: TokenVerifier;
}

export interface ServiceParts<R> {
  routes: Router;
  /** One per topic, each routing by event type; declared to Dapr through /dapr/subscribe. */
  subscriptions?: Subscription<R>[];
  /** Saga owners: registered and started once the app listens, stopped first on shutdown. */
  workflows?: WorkflowDefinitions;
  /** The user service only: how its own tables judge a token (every other service uses the kit's projection). */
  sessions?: SessionCheck;
  /** Extra work with the service's lifetime (price simulators, say). */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface ServiceDefinition<R, C extends ServiceConfig> {
  config: C;
  repositories: (q: Queryable) => R;
  build(deps: ServiceDeps<R, C>): Promise<ServiceParts<R>>;
}

export interface RunningService {
  server: Server;
  stop(): Promise<void>;
}

async function retry<T>(what: string, log: Logger, attempt: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      log.warn({ attempt: n, error: error instanceof Error ? error.message : String(error) }, `${what} failed; retrying`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * n, 2000)));
    }
  }
}

/**
 * The one boot sequence of every service: database and migrations, wait for the sidecar
 * (its outbound health needs no app, so secrets can be read before listening), build the
 * routes, listen, start the outbox relay and the workflow runtime; SIGTERM/SIGINT stop it
 * all in reverse order.
 */
export async function runService<R extends object, C extends ServiceConfig>(definition: ServiceDefinition<R, C>): Promise<RunningService> {
  const { config } = definition;
  const log = createLogger(config.appId, config.logLevel);
  const metrics = createMetrics(config.appId);
  log.info({ port: config.port, database: config.db.database, daprHttpPort: config.dapr.httpPort }, `starting ${config.appId}`);

  const { db, close } = createDatabase(config.db, definition.repositories, { applicationName: config.appId });
  await retry('database migration', log, () => migrate(db, MIGRATIONS_ROOT, config.service, config.db.database, log));

  const dapr = new DaprSidecar(config.dapr.httpPort, config.dapr.apiToken);
  log.info('waiting for the Dapr sidecar');
  await dapr.waitUntilReady(120_000);

  const workflowClient = createWorkflowClient(config.dapr);
  const sagas = new SagaDispatch(db, workflowClient, log);
  const { appId, dapr: { pubsubName, topicPrefix } } = config;
  // Every service but the one that owns the accounts keeps a projection of them and checks tokens against it.
  const projection = appId === usersTopic.owner ? undefined : new SessionProjection(db, dapr, log, config.sessions);
  const keyOnly = await tokenVerifier(dapr, config.dapr.secretStore);
  const verifier = projection ? keyOnly.withSessions((claims) => projection.caller(claims)) : keyOnly;
  const parts = await definition.build({ config, db, dapr, log, metrics, sagas, verifier });
  const subscriptions = mergeSubscriptions([...(projection ? [sessionEvents<R>()] : []), ...(parts.subscriptions ?? [])]);
  const events = consumer(subscriptions, { appId, pubsubName, topicPrefix, db, dapr, metrics, log });
  const workflows = parts.workflows
    ? new SupervisedWorkflowRuntime(config.dapr, { workflows: parts.workflows.workflows, activities: [...parts.workflows.activities, ...sagaBookActivities(db, log)] }, log)
    : undefined;
  const signedIn = authenticate(verifier, parts.sessions);
  const adminOnly = requireRole('ADMIN');
  const admin = adminRoutes({
    db, consumer: subscriptions.length ? events : undefined, ...(workflows ? { sagas: { dispatch: sagas, client: workflowClient } } : {}),
    admin: (ctx, next) => signedIn(ctx, () => adminOnly(ctx, next)),
  });
  // The developer console's view of this app (services/console), ADMIN only.
  const ops = opsRoutes({
    service: config.service, db, dapr, admin: (ctx, next) => signedIn(ctx, () => adminOnly(ctx, next)),
    ...(workflows && parts.workflows ? { workflows: { names: parts.workflows.workflows.map((w) => w.name), client: workflowClient } } : {}),
  });
  const count = (name: string, help: string, query: () => Promise<number>) => new Gauge({
    name, help, registers: [metrics.registry],
    async collect() {
      this.set(await query().catch(() => -1));
    },
  });
  if (subscriptions.length) count('dead_letters_open', 'Dead-lettered messages not replayed yet (GET /admin/dead-letters)', () => db.deadLetters.openCount());
  if (workflows) count('sagas_stuck', 'Sagas STUCK, waiting for an operator (GET /admin/sagas?status=STUCK)', async () => (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM saga_instances WHERE status = \'STUCK\'')).n);

  const app = createApp({
    logger: log,
    metrics,
    routers: [events.router, admin, ops, parts.routes],
    appApiToken: config.appApiToken,
    readiness: {
      database: async () => (await db.one<{ ok: number }>('SELECT 1 AS ok')).ok === 1,
      sidecar: () => dapr.outboundHealthy(),
      ...(projection ? { sessions: async () => projection.caughtUp } : {}),
      ...(workflows ? { workflows: async () => workflows.connected() } : {}),
    },
    ...(workflows ? { liveness: () => workflows.alive() } : {}),
  });
  // Caught up before listening when the user service answers soon; otherwise not ready until then.
  if (projection && !(await projection.catchUpWithin(10_000))) log.warn('the session projection has not caught up with the user service yet; not ready until it has');
  const server = app.listen(config.port, process.env.APP_HOST ?? '127.0.0.1');
  await once(server, 'listening');

  const relay = new OutboxRelay(db, dapr, log, metrics, { appId, pubsubName, topicPrefix, intervalMs: config.outboxIntervalMs });
  relay.start();
  const pruning = repeat(() => pruneKitTables(db), 10 * 60_000, (error) => log.warn({ err: error }, 'pruning the kit tables failed'));
  // Catching up needs only outbound calls, which a sidecar serves while the app is not ready.
  const catchingUp = projection && repeat(() => projection.tick(), 1000, (error) => log.warn({ err: error }, 'the session projection could not catch up with the user service yet'));
  await workflows?.start();
  if (workflows) sagas.start();
  await parts.start?.();
  log.info(`${appId} is ready on port ${config.port}`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info(`stopping ${appId}`);
      server.close();
      await pruning.stop();
      await catchingUp?.stop();
      await parts.stop?.();
      await sagas.stop();
      await workflows?.stop();
      await workflowClient.stop().catch(() => undefined);
      await relay.stop();
      await close();
      log.info(`${appId} stopped`);
    })());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  return { server, stop };
}

/** For main.ts files: run, and exit with a readable message when boot fails. */
export function main<R extends object, C extends ServiceConfig>(definition: () => ServiceDefinition<R, C>): void {
  void (async () => runService(definition()))().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    if (error instanceof Error && error.stack && !('problems' in error)) console.error(error.stack);
    process.exit(1);
  });
}
