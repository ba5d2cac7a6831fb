// Calls between services. Each internal route is declared once, beside the topic contracts
// (contracts/routes/), with its app, method, path and the classes of its body and answer:
// the callee mounts that path and parses that body, the caller sends it and checks the
// answer, so the two cannot disagree. One client style for every caller: a transient
// failure (a 5xx, 408, 429, a timeout, a refused connection) throws Transient, which a saga
// step retries; a refusal (any other 4xx) is an answer the caller reads and acts on.
import type { DaprSidecar } from './dapr.ts';
import type { ProblemBody } from './problem.ts';
import { fieldErrors, type Constructor } from './validation.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route<Req extends object | undefined, Res extends object> {
  /** The callee's app id. */
  readonly app: string;
  readonly method: HttpMethod;
  /** As the callee's router mounts it: `/internal/funds/locks/:lockId/release`. */
  readonly path: string;
  /** The body's class; undefined for a route without one. */
  readonly request?: Constructor<NonNullable<Req>>;
  /** The query string's class, for a route that reads one (every value arrives as text). */
  readonly query?: Constructor<object>;
  /** The class a 2xx answer is checked against. */
  readonly answer: Constructor<Res>;
}

export function defineRoute<Req extends object | undefined, Res extends object>(route: Route<Req, Res>): Route<Req, Res> {
  return Object.freeze({ ...route });
}

/** The callee could not answer now (down, overloaded, timed out); the same call may succeed later. */
export class Transient extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'Transient';
  }
}

/** The callee answered something its contract does not allow: a defect on one side, never retried into success. */
export class ContractBroken extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractBroken';
  }
}

export type Answer<T> = { ok: true; status: number; body: T } | { ok: false; status: number; problem: ProblemBody };

export interface CallOptions<Req> {
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  body?: Req;
  /** Every call that changes something carries one: the callee acts once per key. */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

const TRANSIENT_STATUSES = new Set([408, 425, 429]);

/** The route's path with its `:name` parameters filled in (each encoded) and the query appended. */
export function pathOf(route: Pick<Route<undefined, object>, 'path'>, params: Record<string, string> = {}, query: Record<string, string | undefined> = {}): string {
  const filled = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`route ${route.path} needs the parameter ${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  return search ? `${filled}?${search}` : filled;
}

function problemOf(status: number, body: unknown): ProblemBody {
  const p = body as Partial<ProblemBody> | null;
  if (p && typeof p === 'object' && typeof p.title === 'string') return { ...p, status, type: p.type ?? 'about:blank', title: p.title };
  return { type: 'about:blank', title: `Answered ${status}`, status, detail: typeof body === 'string' ? body.slice(0, 500) : undefined };
}

/** Calls `route` through the caller's sidecar: a typed answer or a refusal; throws Transient when it may work later. */
export async function call<Req extends object | undefined, Res extends object>(dapr: DaprSidecar, route: Route<Req, Res>, options: CallOptions<Req> = {}): Promise<Answer<Res>> {
  const path = pathOf(route, options.params, options.query);
  const what = `${route.method} ${route.app}${path}`;
  let reply;
  try {
    reply = await dapr.invoke<unknown>(route.app, path, {
      method: route.method,
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      timeoutMs: options.timeoutMs ?? 10_000,
    });
  } catch (error) {
    const cause = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
    throw new Transient(`${what} did not answer: ${cause}`);
  }
  if (reply.status >= 500 || TRANSIENT_STATUSES.has(reply.status)) {
    const detail = (reply.body as { detail?: string; message?: string } | null)?.detail ?? (reply.body as { message?: string } | null)?.message;
    throw new Transient(`${what} answered ${reply.status}${detail ? `: ${detail}` : ''}`, reply.status);
  }
  if (reply.status >= 400) return { ok: false, status: reply.status, problem: problemOf(reply.status, reply.body) };
  const { value, errors } = await fieldErrors(route.answer, reply.body, false);
  if (errors.length > 0) throw new ContractBroken(`${what} answered ${reply.status} with a body its contract does not allow: ${errors.map((e) => e.message).join('; ')}`);
  return { ok: true, status: reply.status, body: value };
}

/** The answer's body, or an Error naming the refusal: for callers to whom a refusal is a defect. */
export function expectOk<T>(answer: Answer<T>, what: string): T {
  if (answer.ok) return answer.body;
  throw new Error(`${what} was refused (${answer.status}): ${answer.problem.detail ?? answer.problem.title}`);
}
