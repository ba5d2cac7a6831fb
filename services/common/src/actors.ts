// Dapr actors served by a plain Koa app (no SDK server): GET /dapr/config names the actor
// types this app hosts, daprd calls PUT /actors/<type>/<id>/method/<method> one call per
// actor at a time (turn-based), and DELETE /actors/<type>/<id> when it deactivates one (idle,
// or moved to another replica). Placement gives each actor id one host among the replicas,
// so an actor's in-memory state has one owner; it must be rebuildable from the database,
// because a crash deactivates nothing. Dapr takes only HTTP 200 as success.
import { Router } from './http.ts';
import { Problem } from './problem.ts';

export interface ActorType {
  /** Each method gets the actor id and the call's JSON body, and answers JSON. */
  methods: Record<string, (id: string, body: unknown) => Promise<unknown>>;
  /** The actor is gone from this replica: drop what is held in memory. */
  deactivate?(id: string): Promise<void> | void;
}

export interface ActorHostOptions {
  /** Deactivate an actor after this long without calls. */
  idleTimeout?: string;
  /** On a rebalance, wait up to this long for calls in progress. */
  drainTimeout?: string;
}

export function actorHost(types: Record<string, ActorType>, options: ActorHostOptions = {}): Router {
  const router = new Router();
  router.get('/dapr/config', (ctx) => {
    ctx.body = {
      entities: Object.keys(types), actorIdleTimeout: options.idleTimeout ?? '1h', drainOngoingCallTimeout: options.drainTimeout ?? '30s',
      drainRebalancedActors: true, reentrancy: { enabled: false },
    };
  });
  router.put('/actors/:type/:id/method/:method', async (ctx) => {
    const type = Object.hasOwn(types, ctx.params.type ?? '') ? types[ctx.params.type!] : undefined;
    const method = type && Object.hasOwn(type.methods, ctx.params.method ?? '') ? type.methods[ctx.params.method!] : undefined;
    if (!method) throw new Problem(404, 'not-found', 'No such actor method', `${ctx.params.type}.${ctx.params.method}`);
    ctx.status = 200;
    ctx.body = (await method(ctx.params.id!, ctx.request.body ?? null)) ?? {};
  });
  router.delete('/actors/:type/:id', async (ctx) => {
    const type = Object.hasOwn(types, ctx.params.type ?? '') ? types[ctx.params.type!] : undefined;
    await type?.deactivate?.(ctx.params.id!);
    ctx.status = 200;
    ctx.body = {};
  });
  return router;
}
