// Every service's session projection: what the user service published about accounts and
// sessions (topic `users`), kept in the service's own database, and the one rule a token
// is judged by everywhere: its session still stands, its account is ACTIVE at the token's
// version, and it acts with the account's current roles, never the token's copy.
import type { IBaseProtocol } from 'pg-promise';
import type { Caller, TokenClaims } from './auth.ts';
import { call, Transient } from './calls.ts';
import { sessionsRoutes, type AccountSession, type SessionsSnapshot } from './contracts/routes/sessions.ts';
import { usersTopic } from './contracts/users.ts';
import type { DaprSidecar } from './dapr.ts';
import type { Database, Queryable } from './db.ts';
import type { AccountStatus, Role } from './identity.ts';
import type { Logger } from './logger.ts';
import { problems } from './problem.ts';
import { subscribe, type Subscription } from './subscriptions.ts';
import { sqlFolder } from './sql.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  upsertAccount: sql('kit-account-upsert'),
  sessionEnded: sql('kit-session-ended'),
  standing: sql('kit-token-standing'),
};

export interface KnownAccount {
  status: AccountStatus;
  roles: Role[];
  tokenVersion: number;
}

/** What this service knows about a token's holder and session. */
export interface Standing {
  account: KnownAccount | null;
  sessionEnded: boolean;
}

export type Verdict =
  | { ok: true; caller: Caller }
  /** The projection has not seen this user or this token version yet: ask the user service. */
  | { ok: false; behind: true }
  | { ok: false; behind: false; status: 401 | 403; detail: string };

/**
 * The rule, pure. A token older than the account's version was issued before a change of
 * password, status or roles; one newer than the projection's version means the projection
 * is behind (the answer is to ask, never to accept).
 */
export function judgeToken(claims: Pick<TokenClaims, 'sub' | 'ver'>, standing: Standing): Verdict {
  const { account } = standing;
  if (standing.sessionEnded) return { ok: false, behind: false, status: 401, detail: 'This session has ended; log in again' };
  if (!account || claims.ver > account.tokenVersion) return { ok: false, behind: true };
  if (claims.ver < account.tokenVersion) return { ok: false, behind: false, status: 401, detail: 'This session has ended (the password, status or roles changed); log in again' };
  if (account.status !== 'ACTIVE') return { ok: false, behind: false, status: 403, detail: `This account is ${account.status}; contact support` };
  return { ok: true, caller: { id: claims.sub, roles: [...account.roles] } };
}

/** The projection's two tables. */
export class SessionProjectionRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** Keeps `state` unless a state of a higher token version is already kept. */
  async account(userId: string, state: KnownAccount): Promise<void> {
    await this.q.none(SQL.upsertAccount, { userId, ...state });
  }

  async sessionEnded(sessionId: string, userId: string, until: string | Date): Promise<void> {
    await this.q.none(SQL.sessionEnded, { sessionId, userId, until });
  }

  async standing(userId: string, sessionId: string): Promise<Standing> {
    const row = await this.q.one<{ status: AccountStatus | null; roles: Role[] | null; token_version: number | null; session_ended: boolean }>(SQL.standing, { userId, sessionId });
    return {
      account: row.status ? { status: row.status, roles: row.roles ?? [], tokenVersion: row.token_version! } : null,
      sessionEnded: row.session_ended,
    };
  }
}

/** The kit's handlers on topic `users`, merged by the kit with a service's own (services/common/src/service.ts). */
export function sessionEvents<R>(): Subscription<R> {
  const projection = (q: Queryable) => new SessionProjectionRepository(q);
  return subscribe<R, typeof usersTopic>(usersTopic, {
    'user.registered': async (t, e) => projection(t).account(e.userId, { status: e.status ?? 'ACTIVE', roles: e.roles, tokenVersion: e.tokenVersion ?? 1 }),
    'user.status-changed': async (t, e) => projection(t).account(e.userId, { status: e.to, roles: e.roles, tokenVersion: e.tokenVersion }),
    'user.role-changed': async (t, e) => projection(t).account(e.userId, { status: e.status, roles: e.to, tokenVersion: e.tokenVersion }),
    'user.password-changed': async (t, e) => projection(t).account(e.userId, { status: e.status, roles: e.roles, tokenVersion: e.tokenVersion }),
    'user.session-ended': async (t, e) => projection(t).sessionEnded(e.sessionId, e.userId, e.until),
  });
}

export interface SessionProjectionOptions {
  /** Whether this service must catch up from the user service's snapshot before it is ready. */
  sync: boolean;
  /** How often the snapshot is taken again once caught up (a safety net for a lost event). */
  resyncMs: number;
}

/**
 * The projection as a token check and a readiness check. "Caught up" means: since this
 * process started, it has applied a whole snapshot of the user service (every account, and
 * every session that ended within an access token's lifetime); events applied before, during
 * and after it are harmless, since both keep the highest token version and ended sessions
 * only accumulate. Until then /readyz answers 503 (so Dapr sends it nothing) and a token is
 * answered 503 rather than judged on what may be stale.
 */
export class SessionProjection {
  private caughtUpAt: number | undefined;

  constructor(
    private readonly db: Database<object>,
    private readonly dapr: DaprSidecar,
    private readonly log: Logger,
    private readonly options: SessionProjectionOptions,
  ) {
    if (!options.sync) this.caughtUpAt = Date.now();
  }

  get caughtUp(): boolean {
    return this.caughtUpAt !== undefined;
  }

  private get repo(): SessionProjectionRepository {
    return new SessionProjectionRepository(this.db);
  }

  /** One pass of the catch-up loop (kit repeat()): a snapshot when none was taken yet or the last is older than resyncMs. */
  async tick(): Promise<void> {
    if (!this.options.sync) return;
    if (this.caughtUpAt !== undefined && Date.now() - this.caughtUpAt < this.options.resyncMs) return;
    const started = Date.now();
    const counts = await this.applySnapshot();
    if (this.caughtUpAt === undefined) this.log.info({ ...counts, ms: Date.now() - started }, 'the session projection caught up with the user service');
    this.caughtUpAt = started;
  }

  /**
   * Tries to catch up for at most `ms` (at start, before the app listens: its sidecar then
   * finds it ready at the first probe and subscribes at once); false when it could not yet,
   * and the loop of tick() goes on meanwhile.
   */
  async catchUpWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.caughtUp && Date.now() < deadline) {
      try {
        await this.tick();
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    return this.caughtUp;
  }

  private async applySnapshot(): Promise<{ accounts: number; endedSessions: number }> {
    let after: string | undefined;
    let accounts = 0;
    let endedSessions = 0;
    for (;;) {
      const answer = await call(this.dapr, sessionsRoutes.snapshot, { query: { after } });
      if (!answer.ok) throw new Error(`the user service refused its sessions snapshot (${answer.status}): ${answer.problem.detail ?? answer.problem.title}`);
      const page: SessionsSnapshot = answer.body;
      await this.db.tx(async (t) => {
        const repo = new SessionProjectionRepository(t);
        for (const a of page.accounts) await repo.account(a.userId, { status: a.status, roles: a.roles, tokenVersion: a.tokenVersion });
        for (const s of page.endedSessions) await repo.sessionEnded(s.sessionId, s.userId, s.until);
      });
      accounts += page.accounts.length;
      endedSessions += page.endedSessions.length;
      if (!page.next) return { accounts, endedSessions };
      after = page.next;
    }
  }

  /** Asks the user service about one account and session, and keeps the answer. */
  private async readThrough(claims: TokenClaims): Promise<Standing> {
    let answer;
    try {
      answer = await call(this.dapr, sessionsRoutes.account, { params: { userId: claims.sub }, query: { sessionId: claims.sid }, timeoutMs: 3000 });
    } catch (error) {
      if (error instanceof Transient) throw problems.unavailable('Your session cannot be checked right now; try again', 1);
      throw error;
    }
    if (!answer.ok) {
      if (answer.status === 404) return { account: null, sessionEnded: false };
      throw problems.unavailable('Your session cannot be checked right now; try again', 1);
    }
    const found: AccountSession = answer.body;
    const state = { status: found.status, roles: found.roles, tokenVersion: found.tokenVersion };
    await this.repo.account(claims.sub, state);
    if (found.sessionEnded) await this.repo.sessionEnded(claims.sid, claims.sub, found.until);
    return this.repo.standing(claims.sub, claims.sid);
  }

  /** The caller as the account is now, or a Problem: the kit's token check (auth.ts). */
  async caller(claims: TokenClaims): Promise<Caller> {
    if (!this.caughtUp) throw problems.unavailable('This service is still catching up with sign-outs; try again in a moment', 1);
    let verdict = judgeToken(claims, await this.repo.standing(claims.sub, claims.sid));
    if (!verdict.ok && verdict.behind) verdict = judgeToken(claims, await this.readThrough(claims));
    if (verdict.ok) return verdict.caller;
    if (verdict.behind) throw problems.unauthorized('This token is not one the user service issued to a known account');
    throw verdict.status === 401 ? problems.unauthorized(verdict.detail) : problems.forbidden(verdict.detail);
  }
}
