// Topic `users`: published by the user service.
import { IsArray, IsEmail, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import { ACCOUNT_STATUSES as STATUSES, ROLES, type AccountStatus, type Role } from '../identity.ts';
import { defineTopic } from './topic.ts';

/**
 * The account as every service's session projection keeps it, carried whole by each event
 * that changes it: `tokenVersion` moves on with every change of password, status or roles,
 * so a consumer keeps the state of the highest version and the order of delivery does not
 * matter.
 */
export class AccountState {
  @IsIn(STATUSES) status!: AccountStatus;
  @IsArray() @IsIn(ROLES, { each: true }) roles!: Role[];
  @IsInt() @Min(1) tokenVersion!: number;
}

export class UserRegistered {
  @IsUUID() userId!: string;
  /** A new account is ACTIVE at token version 1; absent in events published before these fields. */
  @IsOptional() @IsIn(STATUSES) status?: AccountStatus;
  @IsOptional() @IsInt() @Min(1) tokenVersion?: number;
  @IsEmail() email!: string;
  @IsString() clientId!: string;
  @IsString() firstName!: string;
  @IsString() lastName!: string;
  @IsArray() @IsIn(ROLES, { each: true }) roles!: Role[];
}

export class UserUpdated {
  @IsUUID() userId!: string;
  /** The profile fields that changed, with their new values (null: cleared). */
  @IsObject() changed!: Record<string, string | null>;
}

export class UserStatusChanged {
  @IsUUID() userId!: string;
  @IsIn(STATUSES) from!: AccountStatus;
  @IsIn(STATUSES) to!: AccountStatus;
  @IsOptional() @IsString() reason!: string | null;
  @IsUUID() changedBy!: string;
  @IsArray() @IsIn(ROLES, { each: true }) roles!: Role[];
  @IsInt() @Min(1) tokenVersion!: number;
}

export class UserRoleChanged {
  @IsUUID() userId!: string;
  @IsArray() @IsIn(ROLES, { each: true }) from!: Role[];
  @IsArray() @IsIn(ROLES, { each: true }) to!: Role[];
  @IsUUID() changedBy!: string;
  @IsIn(STATUSES) status!: AccountStatus;
  @IsInt() @Min(1) tokenVersion!: number;
}

export class UserPasswordChanged {
  @IsUUID() userId!: string;
  @IsIn(STATUSES) status!: AccountStatus;
  @IsArray() @IsIn(ROLES, { each: true }) roles!: Role[];
  @IsInt() @Min(1) tokenVersion!: number;
}

export const SESSION_END_REASONS = ['LOGGED_OUT', 'REFRESH_REUSED'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/**
 * A session (a refresh-token family, the `sid` of every access token issued from it) ended:
 * every access token of it is refused from now on. `until` is when the last of them expires
 * anyway, after which a consumer may forget the session.
 */
export class UserSessionEnded {
  @IsUUID() userId!: string;
  @IsUUID() sessionId!: string;
  @IsIn(SESSION_END_REASONS) reason!: SessionEndReason;
  @IsISO8601() until!: string;
}

export class UserLoggedIn {
  @IsUUID() userId!: string;
  @IsISO8601() at!: string;
}

export const usersTopic = defineTopic('users', 'user-service', {
  'user.registered': UserRegistered,
  'user.updated': UserUpdated,
  'user.status-changed': UserStatusChanged,
  'user.role-changed': UserRoleChanged,
  'user.password-changed': UserPasswordChanged,
  'user.logged-in': UserLoggedIn,
  'user.session-ended': UserSessionEnded,
});
