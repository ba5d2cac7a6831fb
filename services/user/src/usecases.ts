// The user service's operations. Routes (and, in other services, event handlers and
// workflow activities) call these; each writes its change and its events in one transaction.
import { randomBytes, randomUUID } from 'node:crypto';
import { problems, usersTopic, type Db, type PageKey, type Tokens } from '@winvestco/common';
import {
  mayLogIn, profileChanges, roleChangeRefusal, statusChangeRefusal,
  type Account, type ProfileField, type User, type UserRole, type UserStatus,
} from './domain/account.ts';
import { newClientId } from './domain/clientId.ts';
import { loginLockedUntil, MAX_FAILURES } from './domain/loginThrottle.ts';
import { registered } from './events.ts';
import type { Passwords } from './passwords.ts';
import type { NewAccount, UserRepositories } from './store.ts';

export type UserDb = Db<UserRepositories>;

export interface UserDeps {
  db: UserDb;
  passwords: Passwords;
}

export interface Registration {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  phone: string | null;
}

export interface Session {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === constraint;
}

const emailTaken = () => problems.conflict('An account with this email already exists');
const changedMeanwhile = () => problems.conflict('The account changed meanwhile; reload and try again');

/** Creates an account and its user.registered event in one transaction. */
async function createAccount(db: UserDb, account: Omit<NewAccount, 'id' | 'clientId'>): Promise<Account> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.tx(async (t) => {
        if (await t.users.emailTaken(account.email)) throw emailTaken();
        const created = await t.users.add({ ...account, id: randomUUID(), clientId: newClientId(() => randomBytes(1)[0]!) });
        await t.outbox.add(usersTopic, 'user.registered', created.id, registered(created));
        return created;
      });
    } catch (error) {
      // Two registrations racing for one email: the unique index decides.
      if (isUniqueViolation(error, 'users_email_key')) throw emailTaken();
      if (isUniqueViolation(error, 'users_client_id_key') && attempt < 5) continue;
      throw error;
    }
  }
}

export async function account(db: UserDb, userId: string): Promise<Account> {
  const found = await db.users.byId(userId);
  if (!found) throw problems.notFound(`No user ${userId}`);
  return found;
}

export async function registerUser({ db, passwords }: UserDeps, input: Registration): Promise<User> {
  const passwordHash = await passwords.hash(input.password);
  return createAccount(db, { ...input, passwordHash, roles: ['USER'] });
}

/** The first admin, from the secret store; 'exists' when that email already has an account. */
export async function ensureFirstAdmin({ db, passwords }: UserDeps, email: string, password: string): Promise<'created' | 'exists'> {
  if (await db.users.emailTaken(email)) return 'exists';
  try {
    await createAccount(db, { email, passwordHash: await passwords.hash(password), firstName: 'Platform', lastName: 'Administrator', phone: null, roles: ['ADMIN'] });
    return 'created';
  } catch (error) {
    if ((error as { status?: number }).status === 409) return 'exists'; // another replica won the race
    throw error;
  }
}

export async function logIn({ db, passwords }: UserDeps, tokens: Tokens, email: string, password: string, now = new Date()): Promise<Session> {
  const lockedUntil = loginLockedUntil(await db.users.recentFailures(email, MAX_FAILURES), now);
  if (lockedUntil) {
    const seconds = Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
    throw problems.tooManyRequests(`Too many failed logins for this email; try again after ${lockedUntil.toISOString()}`, seconds);
  }
  const user = await db.users.byEmail(email);
  const passwordOk = user ? await passwords.verify(user.passwordHash, password) : await passwords.verifyUnknown(password);
  if (!user || !passwordOk) {
    await db.users.recordLogin(email, false);
    throw problems.unauthorized('The email or password is wrong');
  }
  if (!mayLogIn(user.status)) throw problems.forbidden(`This account is ${user.status}; contact support`);
  await db.tx(async (t) => {
    await t.users.recordLogin(email, true, user.id);
    await t.outbox.add(usersTopic, 'user.logged-in', user.id, { userId: user.id, at: now.toISOString() });
  });
  return { accessToken: await tokens.sign({ sub: user.id, roles: user.roles, email: user.email }), tokenType: 'Bearer', expiresIn: tokens.expiresIn };
}

export async function updateProfile(db: UserDb, userId: string, requested: Partial<Record<ProfileField, string>>): Promise<User> {
  const user = await account(db, userId);
  const changed = profileChanges(user, requested);
  if (Object.keys(changed).length === 0) return user;
  return db.tx(async (t) => {
    const updated = await t.users.updateProfile(user.id, user.version, changed);
    if (!updated) throw changedMeanwhile();
    await t.outbox.add(usersTopic, 'user.updated', user.id, { userId: user.id, changed });
    return updated;
  });
}

export async function changePassword({ db, passwords }: UserDeps, userId: string, currentPassword: string, newPassword: string): Promise<void> {
  const user = await account(db, userId);
  if (!(await passwords.verify(user.passwordHash, currentPassword))) {
    throw problems.validation([{ field: 'currentPassword', message: 'currentPassword is not your current password' }]);
  }
  const passwordHash = await passwords.hash(newPassword);
  await db.tx(async (t) => {
    if (!(await t.users.setPasswordHash(user.id, user.version, passwordHash))) throw changedMeanwhile();
    await t.outbox.add(usersTopic, 'user.password-changed', user.id, { userId: user.id });
  });
}

export async function listUsers(db: UserDb, limit: number, after: PageKey | null, status?: UserStatus): Promise<{ users: User[]; next: PageKey | null }> {
  const { accounts, next } = await db.users.page(limit, after, status);
  return { users: accounts, next };
}

export async function changeStatus(db: UserDb, actorId: string, userId: string, status: UserStatus, reason: string | null): Promise<User> {
  const user = await account(db, userId);
  const refusal = statusChangeRefusal(user.status, status);
  if (refusal) throw problems.conflict(refusal);
  return db.tx(async (t) => {
    const updated = await t.users.setStatus(user.id, user.version, status);
    if (!updated) throw changedMeanwhile();
    await t.outbox.add(usersTopic, 'user.status-changed', user.id, { userId: user.id, from: user.status, to: status, reason, changedBy: actorId });
    return updated;
  });
}

export async function changeRoles(db: UserDb, actorId: string, userId: string, roles: UserRole[]): Promise<User> {
  const user = await account(db, userId);
  const refusal = roleChangeRefusal(roles, user.id === actorId);
  if (refusal) throw problems.validation([{ field: 'roles', message: refusal }]);
  return db.tx(async (t) => {
    const updated = await t.users.setRoles(user.id, user.version, [...roles].sort());
    if (!updated) throw changedMeanwhile();
    await t.outbox.add(usersTopic, 'user.role-changed', user.id, { userId: user.id, from: user.roles, to: updated.roles, changedBy: actorId });
    return updated;
  });
}
