// Topic `users`: published by the user service.
import { IsArray, IsEmail, IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID } from 'class-validator';
import { ACCOUNT_STATUSES as STATUSES, ROLES, type AccountStatus, type Role } from '../identity.ts';
import { defineTopic } from './topic.ts';

export class UserRegistered {
  @IsUUID() userId!: string;
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
}

export class UserRoleChanged {
  @IsUUID() userId!: string;
  @IsArray() @IsIn(ROLES, { each: true }) from!: Role[];
  @IsArray() @IsIn(ROLES, { each: true }) to!: Role[];
  @IsUUID() changedBy!: string;
}

export class UserPasswordChanged {
  @IsUUID() userId!: string;
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
});
