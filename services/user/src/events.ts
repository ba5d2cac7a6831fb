// What the user service publishes (topic `users`, declared in the kit's contracts), built
// from the domain. It consumes no events.
import { usersTopic, type AccountState, type UserRegistered } from '@winvestco/common';
import type { Account } from './domain/account.ts';

export { usersTopic };

export function registered(user: Account): UserRegistered {
  return {
    userId: user.id, email: user.email, clientId: user.clientId,
    firstName: user.firstName, lastName: user.lastName, roles: user.roles, status: user.status, tokenVersion: user.tokenVersion,
  };
}

/** The account as every service's session projection keeps it (carried whole by each change). */
export function accountState(user: Account): AccountState {
  return { status: user.status, roles: user.roles, tokenVersion: user.tokenVersion };
}
