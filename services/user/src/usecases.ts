// The user service's operations. Routes (and, in other services, event handlers and
// workflow activities) call these; each writes its change and its events in one transaction.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  isUniqueViolation, problems, SNAPSHOT_PAGE_SIZE, usersTopic,
  type AccountSession, type Caller, type Db, type PageKey, type SessionEndReason, type SessionsSnapshot, type TokenClaims, type TokenSigner,
} from '@winvestco/common';
import {
  mayLogIn, profileChanges, roleChangeRefusal, statusChangeRefusal,
  type Account, type ProfileRequest, type User, type UserRole, type UserStatus,
} from './domain/account.ts';
import { newClientId } from './domain/clientId.ts';
import { loginLockedUntil, MAX_FAILURES } from './domain/loginThrottle.ts';
import { hashSecret, parseRefreshToken, refreshTokenOf, secretMatches } from './domain/sessions.ts';
import { accountState, registered } from './events.ts';
import type { Passwords } from './passwords.ts';
import type { NewAccount, UserRepositories } from './store.ts';

export type UserDb = Db<UserRepositories>;

export interface UserDeps {
  db: UserDb;
  passwords: Passwords;
}

export interface SessionDeps extends UserDeps {
  tokens: TokenSigner;
  refreshTtlSeconds: number;
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
  refreshToken: string;
  refreshExpiresIn: number;
}


const emailTaken = () => problems.conflict('An account with this email already exists');
const changedMeanwhile = () => problems.conflict('The account changed meanwhile; reload and try again');
const sessionEnded = () => problems.unauthorized('This session has ended; log in again');

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

/**
 * The caller behind a valid token as the account is now: refused when the account is gone,
 * its token version moved on (password, status or roles changed since) or the token's
 * session ended (logout, a refresh token reused), with its current roles otherwise. Only
 * ACTIVE accounts act on themselves or as admins. (Every other service applies the same
 * rule to its projection of these tables: services/common/src/sessions.ts.)
 */
export async function currentCaller(db: UserDb, claims: TokenClaims): Promise<Caller> {
  const found = await db.users.byId(claims.sub);
  if (!found || found.tokenVersion !== claims.ver) throw sessionEnded();
  if (!(await db.sessions.familyOpen(claims.sid))) throw sessionEnded();
  if (!mayLogIn(found.status)) throw problems.forbidden(`This account is ${found.status}; contact support`);
  return { id: found.id, roles: found.roles };
}

export async function registerUser({ db, passwords }: UserDeps, input: Registration): Promise<User> {
  const passwordHash = await passwords.hash(input.password);
  return createAccount(db, { ...input, passwordHash, roles: ['USER'] });
}

/**
 * The first admin, from the secret store. 'created' when this start made it; 'exists' when
 * the account is there and the secret store's password still opens it; 'password-changed'
 * when it is there but that password no longer works (changed through the API since).
 */
export async function ensureFirstAdmin({ db, passwords }: UserDeps, email: string, password: string): Promise<'created' | 'exists' | 'password-changed'> {
  const existing = await db.users.byEmail(email);
  if (existing) return (await passwords.verify(existing.passwordHash, password)) ? 'exists' : 'password-changed';
  try {
    await createAccount(db, { email, passwordHash: await passwords.hash(password), firstName: 'Platform', lastName: 'Administrator', phone: null, roles: ['ADMIN'] });
    return 'created';
  } catch (error) {
    if ((error as { status?: number }).status === 409) return 'exists'; // another replica won the race
    throw error;
  }
}

/** Issues an access token and a refresh token of `familyId` (a new family at login). */
async function openSession(t: UserDb, deps: SessionDeps, user: Account, familyId: string): Promise<Session> {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  await t.sessions.add({ id, userId: user.id, familyId, tokenHash: hashSecret(secret), expiresAt: new Date(Date.now() + deps.refreshTtlSeconds * 1000) });
  return {
    accessToken: await deps.tokens.sign({ sub: user.id, roles: user.roles, email: user.email, ver: user.tokenVersion, sid: familyId }),
    tokenType: 'Bearer',
    expiresIn: deps.tokens.expiresIn,
    refreshToken: refreshTokenOf(id, secret),
    refreshExpiresIn: deps.refreshTtlSeconds,
  };
}

type Check = { ok: true } | { ok: false; problem: ReturnType<typeof problems.unauthorized> };

/**
 * Checks a password of `email` under the email's login lock: the failures are counted, the
 * password checked and the attempt recorded as one step, so parallel guesses cannot get
 * past the limit. The attempt is committed even when the check fails.
 */
async function checkPassword(db: UserDb, passwords: Passwords, email: string, password: string, hash: string | undefined, now: Date): Promise<Check> {
  const check = await db.tx(async (t): Promise<Check> => {
    if (!(await t.users.tryLockLogin(email))) {
      return { ok: false, problem: problems.tooManyRequests('Another sign-in for this email is in progress; try again in a moment', 1) };
    }
    const lockedUntil = loginLockedUntil(await t.users.recentFailures(email, MAX_FAILURES), now);
    if (lockedUntil) {
      const seconds = Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
      return { ok: false, problem: problems.tooManyRequests(`Too many failed attempts for this email; try again after ${lockedUntil.toISOString()}`, seconds) };
    }
    const ok = hash ? await passwords.verify(hash, password) : await passwords.verifyUnknown(password);
    if (!ok) await t.users.recordLogin(email, false);
    return ok ? { ok: true } : { ok: false, problem: problems.unauthorized('The email or password is wrong') };
  });
  return check;
}

export async function logIn(deps: SessionDeps, email: string, password: string, now = new Date()): Promise<Session> {
  const { db, passwords } = deps;
  const user = await db.users.byEmail(email);
  const check = await checkPassword(db, passwords, email, password, user?.passwordHash, now);
  if (!check.ok) throw check.problem;
  if (!user) throw problems.unauthorized('The email or password is wrong');
  if (!mayLogIn(user.status)) throw problems.forbidden(`This account is ${user.status}; contact support`);
  return db.tx(async (t) => {
    await t.users.recordLogin(email, true, user.id);
    await t.outbox.add(usersTopic, 'user.logged-in', user.id, { userId: user.id, at: now.toISOString() });
    return openSession(t, deps, user, randomUUID());
  });
}

/**
 * A new access token for a refresh token, which is rotated: the old one stops working. A
 * refresh token used a second time was copied; its whole family is revoked.
 */
export async function refresh(deps: SessionDeps, refreshToken: string): Promise<Session> {
  const parsed = parseRefreshToken(refreshToken);
  if (!parsed) throw sessionEnded();
  const outcome = await deps.db.tx(async (t): Promise<Session | 'reused' | 'invalid'> => {
    const stored = await t.sessions.lockById(parsed.id);
    if (!stored || !secretMatches(parsed.secret, stored.tokenHash)) return 'invalid';
    if (stored.revokedAt) {
      await endSession(t, deps.tokens, stored.userId, stored.familyId, 'REFRESH_REUSED');
      return 'reused';
    }
    if (stored.expiresAt.getTime() <= Date.now()) return 'invalid';
    const user = await t.users.byId(stored.userId);
    if (!user || !mayLogIn(user.status)) return 'invalid';
    const session = await openSession(t, deps, user, stored.familyId);
    await t.sessions.rotate(stored.id, parseRefreshToken(session.refreshToken)!.id);
    return session;
  });
  if (typeof outcome === 'string') throw sessionEnded();
  return outcome;
}

/**
 * Revokes a refresh-token family and, when that ended a session still open, tells every
 * service (user.session-ended): each refuses the session's access tokens from then on.
 */
async function endSession(t: UserDb, tokens: Pick<TokenSigner, 'expiresIn'>, userId: string, familyId: string, reason: SessionEndReason): Promise<void> {
  if (!(await t.sessions.revokeFamily(familyId))) return;
  const until = new Date(Date.now() + tokens.expiresIn * 1000).toISOString();
  await t.outbox.add(usersTopic, 'user.session-ended', userId, { userId, sessionId: familyId, reason, until });
}

/** Ends the session a refresh token belongs to; unknown tokens are ignored. */
export async function logOut(deps: Pick<SessionDeps, 'db' | 'tokens'>, refreshToken: string): Promise<void> {
  const parsed = parseRefreshToken(refreshToken);
  if (!parsed) return;
  await deps.db.tx(async (t) => {
    const stored = await t.sessions.lockById(parsed.id);
    if (stored && secretMatches(parsed.secret, stored.tokenHash)) await endSession(t, deps.tokens, stored.userId, stored.familyId, 'LOGGED_OUT');
  });
}

export async function updateProfile(db: UserDb, userId: string, requested: ProfileRequest): Promise<User> {
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

/** A wrong current password counts as a failed sign-in of that email, so it is throttled alike. */
export async function changePassword({ db, passwords }: UserDeps, userId: string, currentPassword: string, newPassword: string, now = new Date()): Promise<void> {
  const user = await account(db, userId);
  const check = await checkPassword(db, passwords, user.email, currentPassword, user.passwordHash, now);
  if (!check.ok) {
    if (check.problem.status !== 401) throw check.problem;
    throw problems.validation([{ field: 'currentPassword', message: 'currentPassword is not your current password' }]);
  }
  const passwordHash = await passwords.hash(newPassword);
  await db.tx(async (t) => {
    if (!(await t.users.setPasswordHash(user.id, user.version, passwordHash))) throw changedMeanwhile();
    await t.sessions.revokeUser(user.id);
    await t.outbox.add(usersTopic, 'user.password-changed', user.id, { userId: user.id, ...accountState((await t.users.byId(user.id))!) });
  });
}

export async function listUsers(db: UserDb, limit: number, after: PageKey | null, status?: UserStatus): Promise<{ users: User[]; next: PageKey | null }> {
  const { accounts, next } = await db.users.page(limit, after, status);
  return { users: accounts, next };
}

/** Whether `user` is the only ACTIVE admin; asked under the admin-change lock. */
async function isLastActiveAdmin(t: UserDb, user: Account): Promise<boolean> {
  return user.status === 'ACTIVE' && user.roles.includes('ADMIN') && (await t.users.activeAdminCount()) === 1;
}

export async function changeStatus(db: UserDb, actorId: string, userId: string, status: UserStatus, reason: string | null): Promise<User> {
  return db.tx(async (t) => {
    await t.users.lockAdminChanges();
    const user = await account(t, userId);
    const refusal = statusChangeRefusal(user.status, status, { targetIsCaller: user.id === actorId, lastActiveAdmin: await isLastActiveAdmin(t, user) });
    if (refusal) throw problems.conflict(refusal);
    const updated = await t.users.setStatus(user.id, user.version, status);
    if (!updated) throw changedMeanwhile();
    if (status !== 'ACTIVE') await t.sessions.revokeUser(user.id);
    await t.outbox.add(usersTopic, 'user.status-changed', user.id, {
      userId: user.id, from: user.status, to: status, reason, changedBy: actorId, roles: updated.roles, tokenVersion: updated.tokenVersion,
    });
    return updated;
  });
}

export async function changeRoles(db: UserDb, actorId: string, userId: string, roles: UserRole[]): Promise<User> {
  return db.tx(async (t) => {
    await t.users.lockAdminChanges();
    const user = await account(t, userId);
    const refusal = roleChangeRefusal(roles, { targetIsCaller: user.id === actorId, lastActiveAdmin: await isLastActiveAdmin(t, user) });
    if (refusal) throw problems.validation([{ field: 'roles', message: refusal }]);
    const updated = await t.users.setRoles(user.id, user.version, [...roles].sort());
    if (!updated) throw changedMeanwhile();
    await t.outbox.add(usersTopic, 'user.role-changed', user.id, {
      userId: user.id, from: user.roles, to: updated.roles, changedBy: actorId, status: updated.status, tokenVersion: updated.tokenVersion,
    });
    return updated;
  });
}

/**
 * For the other services' session projections: a page of accounts in id order and, with the
 * first page, the sessions ended within an access token's lifetime.
 */
export async function sessionsSnapshot(deps: Pick<SessionDeps, 'db' | 'tokens'>, after: string | null): Promise<SessionsSnapshot> {
  const accounts = await deps.db.sessions.snapshotAccounts(after, SNAPSHOT_PAGE_SIZE);
  const endedSessions = after ? [] : await deps.db.sessions.endedSince(deps.tokens.expiresIn);
  return { accounts, endedSessions, next: accounts.length === SNAPSHOT_PAGE_SIZE ? accounts.at(-1)!.userId : null };
}

/** One account as it is now, and whether `sessionId` has ended: what a projection asks when a token is new to it. */
export async function accountSession(deps: Pick<SessionDeps, 'db' | 'tokens'>, userId: string, sessionId: string): Promise<AccountSession> {
  const user = await account(deps.db, userId);
  const ended = !(await deps.db.sessions.familyOpen(sessionId));
  return { userId: user.id, ...accountState(user), sessionEnded: ended, until: new Date(Date.now() + deps.tokens.expiresIn * 1000).toISOString() };
}

/** Keeps the sign-in tables small: attempts older than a day, refresh tokens expired a day ago. */
export async function pruneSignIns(db: UserDb): Promise<void> {
  await db.users.pruneLoginAttempts();
  await db.sessions.prune();
}
