import { ACCOUNT_STATUSES, ROLES, type AccountStatus, type Role } from '@winvestco/common';
import { COMMON_PASSWORDS } from './commonPasswords.ts';

export { ACCOUNT_STATUSES as STATUSES, ROLES };
export type UserStatus = AccountStatus;
export type UserRole = Role;

/** A user as the platform knows them; never carries the password hash. */
export interface User {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  clientId: string;
  status: UserStatus;
  roles: UserRole[];
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
}

/** A user with what only the user service sees: credentials, the row version, the token version. */
export interface Account extends User {
  passwordHash: string;
  version: number;
  tokenVersion: number;
}

/** Facts about the change a refusal rule needs beyond the two states. */
export interface ChangeContext {
  /** The admin making the change is the account being changed. */
  targetIsCaller: boolean;
  /** The account is the only ACTIVE account with role ADMIN. */
  lastActiveAdmin: boolean;
}

export type ProfileField = 'firstName' | 'lastName' | 'phone';

/** Only ACTIVE users may log in or trade. */
export function mayLogIn(status: UserStatus): boolean {
  return status === 'ACTIVE';
}

/**
 * Why a status change is refused, or null when it is allowed. CLOSED is final: a closed
 * account is kept for the record and a returning customer registers again. An admin cannot
 * take themself out of service, and the platform never loses its last active admin.
 */
export function statusChangeRefusal(from: UserStatus, to: UserStatus, context: ChangeContext = { targetIsCaller: false, lastActiveAdmin: false }): string | null {
  if (from === to) return `the account is already ${to}`;
  if (from === 'CLOSED') return 'a CLOSED account cannot be reopened';
  if (to !== 'ACTIVE' && context.targetIsCaller) return `you cannot make your own account ${to}`;
  if (to !== 'ACTIVE' && context.lastActiveAdmin) return `this is the last active admin; make another admin first`;
  return null;
}

/** Why a role set is refused, or null. An admin cannot take ADMIN away from themself, nor from the last active admin. */
export function roleChangeRefusal(roles: readonly UserRole[], context: ChangeContext = { targetIsCaller: false, lastActiveAdmin: false }): string | null {
  if (roles.length === 0) return 'a user needs at least one role';
  if (new Set(roles).size !== roles.length) return 'roles must not repeat';
  if (context.targetIsCaller && !roles.includes('ADMIN')) return 'you cannot remove your own ADMIN role';
  if (context.lastActiveAdmin && !roles.includes('ADMIN')) return 'this is the last active admin; make another admin first';
  return null;
}

/**
 * The password rule, shared by registration and password change: 8 to 128 characters with
 * a letter (of any script) and a digit, and not one of the commonest passwords.
 */
export function passwordWeakness(password: string): string | null {
  const length = [...password].length;
  if (length < 8) return 'must be at least 8 characters';
  if (length > 128) return 'must be at most 128 characters';
  if (!/\p{L}/u.test(password)) return 'must contain a letter';
  if (!/\p{Nd}/u.test(password)) return 'must contain a digit';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'is one of the most common passwords; choose another';
  return null;
}

/** What a profile update asks for: absent or null leaves a field alone; phone "" clears it. */
export type ProfileRequest = Partial<Record<ProfileField, string | null>>;

/** The profile fields whose requested value differs from the current one (null: phone cleared). */
export function profileChanges(user: User, requested: ProfileRequest): Partial<Record<ProfileField, string | null>> {
  const changed: Partial<Record<ProfileField, string | null>> = {};
  for (const field of ['firstName', 'lastName', 'phone'] as const) {
    const asked = requested[field];
    if (asked === undefined || asked === null) continue;
    const value = field === 'phone' && asked === '' ? null : asked;
    if (value !== user[field]) changed[field] = value;
  }
  return changed;
}
