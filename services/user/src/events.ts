// What the user service publishes (topic `users`, declared in the kit's contracts), built
// from the domain. It consumes no events.
import { usersTopic, type UserRegistered } from '@winvestco/common';
import type { User } from './domain/account.ts';

export { usersTopic };

export function registered(user: User): UserRegistered {
  return {
    userId: user.id, email: user.email, clientId: user.clientId,
    firstName: user.firstName, lastName: user.lastName, roles: user.roles,
  };
}
