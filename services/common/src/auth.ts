import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Next } from 'koa';
import type { AppContext } from './http.ts';
import type { Role } from './identity.ts';
import { problems } from './problem.ts';

export interface TokenClaims {
  sub: string;
  roles: Role[];
  email: string;
}

const ISSUER = 'winvestco-user-service';
const AUDIENCE = 'winvestco';

/**
 * HS256 with a shared secret that every service reads from the Dapr secret store: the user
 * service signs, the others only verify.
 */
export class Tokens {
  private readonly key: Uint8Array;

  constructor(secret: string, private readonly ttlSeconds = 3600) {
    if (secret.length < 32) throw new Error('the JWT signing secret must be at least 32 characters');
    this.key = new TextEncoder().encode(secret);
  }

  get expiresIn(): number {
    return this.ttlSeconds;
  }

  async sign(claims: TokenClaims): Promise<string> {
    return new SignJWT({ roles: claims.roles, email: claims.email })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<TokenClaims> {
    const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    if (typeof payload.sub !== 'string' || !Array.isArray(payload.roles)) throw new Error('token lacks subject or roles');
    return { sub: payload.sub, roles: payload.roles as Role[], email: typeof payload.email === 'string' ? payload.email : '' };
  }
}

/** Requires a valid bearer token and puts the caller in ctx.state.user. */
export function authenticate(tokens: Tokens) {
  return async (ctx: AppContext, next: Next) => {
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) throw problems.unauthorized();
    try {
      const claims = await tokens.verify(match[1]!);
      ctx.state.user = { id: claims.sub, roles: claims.roles };
    } catch (error) {
      const expired = error instanceof joseErrors.JWTExpired;
      throw problems.unauthorized(expired ? 'The token has expired; log in again' : 'The token is not valid');
    }
    await next();
  };
}

export function requireRole(...roles: Role[]) {
  return async (ctx: AppContext, next: Next) => {
    const held = ctx.state.user?.roles ?? [];
    if (!roles.some((role) => held.includes(role))) throw problems.forbidden(`This needs role ${roles.join(' or ')}`);
    await next();
  };
}

/** The caller, for handlers mounted behind authenticate(). */
export function caller(ctx: AppContext): { id: string; roles: string[] } {
  if (!ctx.state.user) throw problems.unauthorized();
  return ctx.state.user;
}
