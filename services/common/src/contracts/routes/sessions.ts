// The user service's internal routes for every other service's session projection
// (services/common/src/sessions.ts): a snapshot to catch up from at start, and one account
// read through when a token names a user or a version the projection has not seen yet.
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import { defineRoute } from '../../calls.ts';
import { ACCOUNT_STATUSES, ROLES, type AccountStatus, type Role } from '../../identity.ts';
import { IsInstanceOf } from '../../validation.ts';

export const SNAPSHOT_PAGE_SIZE = 500;

export class AccountSnapshot {
  @IsUUID() userId!: string;
  @IsIn(ACCOUNT_STATUSES) status!: AccountStatus;
  @IsArray() @IsIn(ROLES, { each: true }) roles!: Role[];
  @IsInt() @Min(1) tokenVersion!: number;
}

export class EndedSession {
  @IsUUID() sessionId!: string;
  @IsUUID() userId!: string;
  /** When the last access token of the session expires; after it the session may be forgotten. */
  @IsISO8601() until!: string;
}

export class SnapshotQuery {
  /** The last user id of the page before. */
  @IsOptional() @IsUUID() after?: string;
}

/** One page of accounts in id order; the sessions that ended within an access token's lifetime come with the first page. */
export class SessionsSnapshot {
  @IsArray() @IsInstanceOf(() => AccountSnapshot, { each: true }) accounts!: AccountSnapshot[];
  @IsArray() @IsInstanceOf(() => EndedSession, { each: true }) endedSessions!: EndedSession[];
  @IsOptional() @IsUUID() next!: string | null;
}

export class AccountSessionQuery {
  @IsUUID() sessionId!: string;
}

/** One account as it is now, and whether the named session has ended (with its `until`). */
export class AccountSession extends AccountSnapshot {
  @IsBoolean() sessionEnded!: boolean;
  @IsISO8601() until!: string;
}

/** Who issues access tokens and for whom (auth.ts signs and verifies with these). */
export const TOKEN_ISSUER = 'winvestco-user-service';
export const TOKEN_AUDIENCE = 'winvestco';

/** One public key of the user service, as a JSON Web Key (RFC 8037): Ed25519, `x` base64url. */
export class PublicJwk {
  @IsIn(['OKP']) kty!: string;
  @IsIn(['Ed25519']) crv!: string;
  @IsString() x!: string;
  /** What a token's header names as its `kid`. */
  @IsString() kid!: string;
  @IsIn(['EdDSA']) alg!: string;
  @IsIn(['sig']) use!: string;
}

export class Jwks {
  @IsArray() @IsInstanceOf(() => PublicJwk, { each: true }) keys!: PublicJwk[];
}

/**
 * What an access token says (the user service signs it: a JWT, header alg EdDSA and kid). A
 * token is valid while unexpired and signed by a published key; it is honoured only while its
 * session has not ended (`sessionEnded`), its `ver` is the account's `tokenVersion` and the
 * account is ACTIVE, with the account's roles as they are now (the account route above).
 */
export class AccessTokenClaims {
  @IsIn([TOKEN_ISSUER]) iss!: string;
  @IsIn([TOKEN_AUDIENCE]) aud!: string;
  /** The user id. */
  @IsUUID() sub!: string;
  /** The session: every token issued from one login. */
  @IsUUID() sid!: string;
  @IsInt() @Min(1) ver!: number;
  @IsArray() @IsIn(ROLES, { each: true }) roles!: Role[];
  @IsString() email!: string;
  /** Seconds since the epoch. */
  @IsInt() iat!: number;
  @IsInt() exp!: number;
}

export const sessionsRoutes = {
  /** Public: the keys tokens are signed with. */
  jwks: defineRoute<undefined, Jwks>({ app: 'user-service', method: 'GET', path: '/.well-known/jwks.json', answer: Jwks }),
  snapshot: defineRoute<undefined, SessionsSnapshot>({ app: 'user-service', method: 'GET', path: '/internal/sessions/snapshot', query: SnapshotQuery, answer: SessionsSnapshot }),
  /** 404 for a user the service does not know. */
  account: defineRoute<undefined, AccountSession>({ app: 'user-service', method: 'GET', path: '/internal/sessions/accounts/:userId', query: AccountSessionQuery, answer: AccountSession }),
};
