export const STATUSES = ['ACTIVE', 'SUSPENDED', 'BLOCKED', 'CLOSED'] as const;
export type UserStatus = (typeof STATUSES)[number];

export const ROLES = ['USER', 'ADMIN', 'VIEWER'] as const;
export type UserRole = (typeof ROLES)[number];

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
