// Who may use the console: an ADMIN, signed in with the user service's own tokens. The
// console logs in through the user service (service invocation of /auth/login), keeps the
// access and refresh tokens in HttpOnly, SameSite=Strict cookies, checks each token's
// signature with the platform's public key, and asks the user service (GET /users/me) at
// most every few seconds whether the account still stands with role ADMIN. Every service
// the console reads then checks the same token again on its own /admin routes.
import type { DaprSidecar, TokenVerifier } from '@winvestco/common';
import type { Context } from 'koa';

const ACCESS = 'wc_console_access';
const REFRESH = 'wc_console_refresh';
const USERS = 'user-service';
const RECHECK_MS = 10_000;

export interface SignedIn {
  token: string;
  userId: string;
  email: string;
}

export class NotAdmin extends Error {}

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export class Sessions {
  private readonly checked = new Map<string, { at: number; ok: boolean }>();

  constructor(private readonly dapr: DaprSidecar, private readonly verifier: TokenVerifier) {}

  private setCookies(ctx: Context, tokens: Tokens): void {
    const options = { httpOnly: true, sameSite: 'strict' as const, path: '/', overwrite: true };
    ctx.cookies.set(ACCESS, tokens.accessToken, { ...options, maxAge: 15 * 60_000 });
    ctx.cookies.set(REFRESH, tokens.refreshToken, { ...options, maxAge: 7 * 24 * 3600_000 });
  }

  clear(ctx: Context): void {
    ctx.cookies.set(ACCESS, null, { path: '/' });
    ctx.cookies.set(REFRESH, null, { path: '/' });
  }

  /** Logs in through the user service; refuses an account without role ADMIN (and ends that session). */
  async logIn(ctx: Context, email: string, password: string): Promise<void> {
    const reply = await this.dapr.invoke<Tokens & { detail?: string }>(USERS, 'auth/login', { body: { email, password }, timeoutMs: 10_000 });
    if (reply.status !== 200) throw new NotAdmin(reply.body?.detail ?? `The user service answered ${reply.status}`);
    const claims = await this.verifier.verify(reply.body.accessToken);
    if (!claims.roles.includes('ADMIN')) {
      await this.dapr.invoke(USERS, 'auth/logout', { body: { refreshToken: reply.body.refreshToken } }).catch(() => undefined);
      throw new NotAdmin('This account is not an ADMIN; the console is for administrators only');
    }
    this.setCookies(ctx, reply.body);
  }

  async logOut(ctx: Context): Promise<void> {
    const refreshToken = ctx.cookies.get(REFRESH);
    if (refreshToken) await this.dapr.invoke(USERS, 'auth/logout', { body: { refreshToken } }).catch(() => undefined);
    this.clear(ctx);
  }

  /** The ADMIN behind this request's cookies (refreshing an expired access token), or null. */
  async current(ctx: Context): Promise<SignedIn | null> {
    let token = ctx.cookies.get(ACCESS);
    let claims = token ? await this.verifier.verify(token).catch(() => null) : null;
    if (!claims) {
      const refreshToken = ctx.cookies.get(REFRESH);
      if (!refreshToken) return null;
      const reply = await this.dapr.invoke<Tokens>(USERS, 'auth/refresh', { body: { refreshToken }, timeoutMs: 10_000 }).catch(() => null);
      if (!reply || reply.status !== 200) return null;
      this.setCookies(ctx, reply.body);
      token = reply.body.accessToken;
      claims = await this.verifier.verify(token).catch(() => null);
      if (!claims) return null;
    }
    if (!claims.roles.includes('ADMIN') || !(await this.stillAdmin(token!))) return null;
    return { token: token!, userId: claims.sub, email: claims.email };
  }

  /** The account as the user service holds it now: ACTIVE and ADMIN (a token's own roles are not trusted for long). */
  private async stillAdmin(token: string): Promise<boolean> {
    const known = this.checked.get(token);
    if (known && Date.now() - known.at < RECHECK_MS) return known.ok;
    const reply = await this.dapr.invoke<{ roles?: string[]; status?: string }>(USERS, 'users/me', { headers: { authorization: `Bearer ${token}` }, timeoutMs: 5000 }).catch(() => null);
    const ok = !!reply && reply.status === 200 && (reply.body.roles ?? []).includes('ADMIN');
    if (this.checked.size > 1000) this.checked.clear();
    this.checked.set(token, { at: Date.now(), ok });
    return ok;
  }
}
