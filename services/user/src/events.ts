import type { UserRole, UserStatus } from './domain/account.ts';

/** Topic `users`: what the user service publishes (through its outbox). */
export const TOPIC = 'users';

export const UserEvents = {
  registered: 'user.registered',
  updated: 'user.updated',
  statusChanged: 'user.status-changed',
  roleChanged: 'user.role-changed',
  passwordChanged: 'user.password-changed',
  loggedIn: 'user.logged-in',
} as const;

export interface UserRegistered {
  userId: string;
  email: string;
  clientId: string;
  firstName: string;
  lastName: string;
  roles: UserRole[];
}

export interface UserUpdated {
  userId: string;
  changed: Record<string, string | null>;
}

export interface UserStatusChanged {
  userId: string;
  from: UserStatus;
  to: UserStatus;
  reason: string | null;
  changedBy: string;
}

export interface UserRoleChanged {
  userId: string;
  from: UserRole[];
  to: UserRole[];
  changedBy: string;
}

export interface UserPasswordChanged {
  userId: string;
}

export interface UserLoggedIn {
  userId: string;
  at: string;
}
