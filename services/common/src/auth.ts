import { createHash, createPublicKey } from 'node:crypto';
import { errors as joseErrors, importPKCS8, importSPKI, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import type { Next } from 'koa';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from './contracts/routes/sessions.ts';
import type { DaprSidecar } from './dapr.ts';
import type { AppContext } from './http.ts';
import { ROLES, type Role } from './identity.ts';
import { isUuid } from './paging.ts';
import { problems } from './problem.ts';

export type { Role };

/** What an access token says about its holder. */
export interface TokenClaims {
  sub: string;
  roles: Role[];
  email: string;
  /** The account's token version when the token was issued; a change of password, status or roles moves it on. */
  ver: number;
  /** The session (refresh-token family) the token was issued in; ending the session refuses every token of it. */
  sid: string;
}

/** Turns valid claims into the caller as the account is now, or throws a Problem to refuse. */
export type SessionCheck = (claims: TokenClaims) => Promise<Caller>;

const ISSUER = TOKEN_ISSUER;
const AUDIENCE = TOKEN_AUDIENCE;
// EdDSA over Ed25519: the user service signs with its private key; every other service
// holds only the public key, so no service but the user service can mint a token.
const ALGORITHM = 'EdDSA';

/** The key id: a thumbprint of the public key, so a verifier can tell which key signed. */
export function keyId(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url').slice(0, 16);
}

export class TokenVerifier {
  /** `sessions`: the check authenticate() applies after the signature (the kit's session projection). */
  private constructor(private readonly key: CryptoKey, readonly kid: string, readonly sessions?: SessionCheck) {}

  static async fromPublicKey(pem: string): Promise<TokenVerifier> {
    return new TokenVerifier(await importSPKI(pem, ALGORITHM), keyId(pem));
  }

  /** The same key, with the check every authenticate() on it applies. */
  withSessions(sessions: SessionCheck): TokenVerifier {
    return new TokenVerifier(this.key, this.kid, sessions);
  }

  /** The claims of a valid token; throws for a bad signature, an expired token or one without exp. */
  async verify(token: string): Promise<TokenClaims> {
    const { payload, protectedHeader } = await jwtVerify(token, this.key, {
      issuer: ISSUER, audience: AUDIENCE, algorithms: [ALGORITHM], requiredClaims: ['exp', 'iat', 'sub'],
    });
    if (protectedHeader.kid !== this.kid) throw new Error('the token was signed with another key');
    const { sub, roles, email, ver, sid } = payload;
    if (typeof sub !== 'string' || !isUuid(sub)) throw new Error('the token subject is not a user id');
    if (!Array.isArray(roles) || !roles.every((r) => (ROLES as readonly unknown[]).includes(r))) throw new Error('the token roles are not valid');
    if (!Number.isSafeInteger(ver)) throw new Error('the token has no version');
    if (typeof sid !== 'string' || !isUuid(sid)) throw new Error('the token names no session');
    return { sub, roles: roles as Role[], email: typeof email === 'string' ? email : '', ver: ver as number, sid };
  }
}

/** Reads the platform's public key from the secret store (the kit adds the session check: ServiceDeps.verifier). */
export async function tokenVerifier(dapr: DaprSidecar, secretStore: string): Promise<TokenVerifier> {
  return TokenVerifier.fromPublicKey(await dapr.secret(secretStore, 'JWT_PUBLIC_KEY'));
}

export class TokenSigner {
  private constructor(private readonly key: CryptoKey, private readonly kid: string, readonly expiresIn: number) {}

  static async fromKeys(privatePem: string, publicPem: string, ttlSeconds: number): Promise<TokenSigner> {
    return new TokenSigner(await importPKCS8(privatePem, ALGORITHM), keyId(publicPem), ttlSeconds);
  }

  async sign(claims: TokenClaims): Promise<string> {
    return new SignJWT({ roles: claims.roles, email: claims.email, ver: claims.ver, sid: claims.sid })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: this.kid })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.expiresIn}s`)
      .sign(this.key);
  }
}

/** The caller as a route sees it. */
export interface Caller {
  id: string;
  roles: Role[];
}

/**
 * Requires a valid bearer token and puts the caller, as the account is now, in
 * ctx.state.user. `current` turns the claims into that caller, or throws a Problem to
 * refuse: by default the verifier's session check (every service's session projection; the
 * user service reads its own tables). There is no way to trust a token's own roles: without
 * a check, this throws at start.
 */
export function authenticate(verifier: TokenVerifier, current: SessionCheck | undefined = verifier.sessions) {
  if (!current) throw new Error('authenticate() needs a session check: use the verifier the kit gives (ServiceDeps.verifier)');
  const check = current;
  return async (ctx: AppContext, next: Next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
    if (!match) throw problems.unauthorized();
    let claims: TokenClaims;
    try {
      claims = await verifier.verify(match[1]!);
    } catch (error) {
      throw problems.unauthorized(error instanceof joseErrors.JWTExpired ? 'The token has expired; log in again' : 'The token is not valid');
    }
    ctx.state.user = await check(claims);
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
export function caller(ctx: AppContext): Caller {
  if (!ctx.state.user) throw problems.unauthorized();
  return ctx.state.user;
}
