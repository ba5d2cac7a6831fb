// The user service's internal routes for every other service's session projection
// (services/common/src/sessions.ts): a snapshot to catch up from at start, and one account
// read through when a token names a user or a version the projection has not seen yet.
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Min } from 'class-validator';
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

export const sessionsRoutes = {
  snapshot: defineRoute<undefined, SessionsSnapshot>({ app: 'user-service', method: 'GET', path: '/internal/sessions/snapshot', answer: SessionsSnapshot }),
  account: defineRoute<undefined, AccountSession>({ app: 'user-service', method: 'GET', path: '/internal/sessions/accounts/:userId', answer: AccountSession }),
};
