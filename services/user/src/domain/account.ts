import { ACCOUNT_STATUSES, ROLES, type AccountStatus, type Role } from '@winvestco/common';

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

/** A user with what only the user service sees: credentials and the row version. */
export interface Account extends User {
  passwordHash: string;
  version: number;
}

export type ProfileField = 'firstName' | 'lastName' | 'phone';

/** Only ACTIVE users may log in or trade. */
export function mayLogIn(status: UserStatus): boolean {
  return status === 'ACTIVE';
}

/**
 * Why a status change is refused, or null when it is allowed. CLOSED is final: a closed
 * account is kept for the record and a returning customer registers again.
 */
export function statusChangeRefusal(from: UserStatus, to: UserStatus): string | null {
  if (from === to) return `the account is already ${to}`;
  if (from === 'CLOSED') return 'a CLOSED account cannot be reopened';
  return null;
}

/** Why a role set is refused, or null. An admin cannot take ADMIN away from themself. */
export function roleChangeRefusal(roles: readonly UserRole[], targetIsCaller: boolean): string | null {
  if (roles.length === 0) return 'a user needs at least one role';
  if (new Set(roles).size !== roles.length) return 'roles must not repeat';
  if (targetIsCaller && !roles.includes('ADMIN')) return 'you cannot remove your own ADMIN role';
  return null;
}

/** The password rule, shared by registration and password change. */
export function passwordWeakness(password: string): string | null {
  if (password.length < 8) return 'must be at least 8 characters';
  if (password.length > 128) return 'must be at most 128 characters';
  if (!/[A-Za-z]/.test(password)) return 'must contain a letter';
  if (!/[0-9]/.test(password)) return 'must contain a digit';
  return null;
}

/** The profile fields whose requested value differs from the current one. */
export function profileChanges(user: User, requested: Partial<Record<ProfileField, string>>): Partial<Record<ProfileField, string>> {
  const changed: Partial<Record<ProfileField, string>> = {};
  for (const field of ['firstName', 'lastName', 'phone'] as const) {
    const value = requested[field];
    if (value !== undefined && value !== user[field]) changed[field] = value;
  }
  return changed;
}
