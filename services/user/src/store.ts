import type { IBaseProtocol } from 'pg-promise';
import { nextPageKey, sqlFolder, type PageKey, type Queryable } from '@winvestco/common';
import type { Account, ProfileField, UserRole, UserStatus } from './domain/account.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  byId: sql('account-by-id'),
  byEmail: sql('account-by-email'),
  emailTaken: sql('email-taken'),
  insert: sql('user-insert'),
  replaceRoles: sql('roles-replace'),
  updateProfile: sql('profile-update'),
  updatePassword: sql('password-update'),
  updateStatus: sql('status-update'),
  bumpVersion: sql('version-bump'),
  page: sql('accounts-page'),
  recordAttempt: sql('login-attempt-insert'),
  touchLastLogin: sql('last-login-update'),
  recentFailures: sql('recent-login-failures'),
  activeAdmins: sql('active-admin-count'),
  adminChangeLock: sql('admin-change-lock'),
  loginTryLock: sql('login-try-lock'),
  pruneAttempts: sql('login-attempts-prune'),
  insertRefresh: sql('refresh-token-insert'),
  refreshById: sql('refresh-token-by-id'),
  rotateRefresh: sql('refresh-token-rotate'),
  revokeFamily: sql('refresh-family-revoke'),
  revokeUser: sql('refresh-user-revoke'),
  pruneRefresh: sql('refresh-tokens-prune'),
  familyOpen: sql('refresh-family-open'),
  snapshotAccounts: sql('sessions-snapshot-accounts'),
  snapshotEnded: sql('sessions-snapshot-ended'),
};

export interface NewAccount {
  id: string;
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  clientId: string;
  roles: UserRole[];
}

interface AccountRow {
  id: string;
  email: string;
  password_hash: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  client_id: string;
  status: UserStatus;
  roles: UserRole[];
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
  version: number;
  token_version: number;
  page_at: string;
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    clientId: row.client_id,
    status: row.status,
    roles: row.roles,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
    version: row.version,
    tokenVersion: row.token_version,
  };
}

/** Accounts, roles and login attempts. Unique violations surface as pg error code 23505. */
export class UsersRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async add(account: NewAccount): Promise<Account> {
    await this.q.none(SQL.insert, account);
    await this.q.none(SQL.replaceRoles, { id: account.id, roles: account.roles });
    return (await this.byId(account.id))!;
  }

  async byId(id: string): Promise<Account | null> {
    const row = await this.q.oneOrNone<AccountRow>(SQL.byId, { id });
    return row ? toAccount(row) : null;
  }

  async byEmail(email: string): Promise<Account | null> {
    const row = await this.q.oneOrNone<AccountRow>(SQL.byEmail, { email });
    return row ? toAccount(row) : null;
  }

  async emailTaken(email: string): Promise<boolean> {
    return (await this.q.one<{ taken: boolean }>(SQL.emailTaken, { email })).taken;
  }

  /** Optimistic update: null when the account changed since `version` was read. */
  async updateProfile(id: string, version: number, changes: Partial<Record<ProfileField, string | null>>): Promise<Account | null> {
    const row = await this.q.oneOrNone<{ id: string }>(SQL.updateProfile, {
      id, version,
      setFirstName: 'firstName' in changes, firstName: changes.firstName ?? null,
      setLastName: 'lastName' in changes, lastName: changes.lastName ?? null,
      setPhone: 'phone' in changes, phone: changes.phone ?? null,
    });
    return row ? this.byId(id) : null;
  }

  async setPasswordHash(id: string, version: number, passwordHash: string): Promise<boolean> {
    return (await this.q.oneOrNone(SQL.updatePassword, { id, version, passwordHash })) !== null;
  }

  async setStatus(id: string, version: number, status: UserStatus): Promise<Account | null> {
    const row = await this.q.oneOrNone<{ id: string }>(SQL.updateStatus, { id, version, status });
    return row ? this.byId(id) : null;
  }

  async setRoles(id: string, version: number, roles: UserRole[]): Promise<Account | null> {
    if (!(await this.q.oneOrNone(SQL.bumpVersion, { id, version }))) return null;
    await this.q.none(SQL.replaceRoles, { id, roles });
    return this.byId(id);
  }

  /** One page in (created_at, id) order; `next` carries created_at to the microsecond. */
  async page(limit: number, after: PageKey | null, status?: UserStatus): Promise<{ accounts: Account[]; next: PageKey | null }> {
    const rows = await this.q.any<AccountRow>(SQL.page, { status: status ?? null, afterAt: after?.createdAt ?? null, afterId: after?.id ?? null, limit });
    return { accounts: rows.map(toAccount), next: nextPageKey(rows, limit) };
  }

  async recordLogin(email: string, succeeded: boolean, userId?: string): Promise<void> {
    await this.q.none(SQL.recordAttempt, { email, succeeded });
    if (succeeded && userId) await this.q.none(SQL.touchLastLogin, { id: userId });
  }

  /** Failed attempts for an email since its last successful login, newest first. */
  async recentFailures(email: string, limit: number): Promise<Date[]> {
    return (await this.q.any<{ created_at: Date }>(SQL.recentFailures, { email, limit })).map((r) => r.created_at);
  }

  /** Takes this email's login lock for the rest of the transaction; false when another login holds it. */
  async tryLockLogin(email: string): Promise<boolean> {
    return (await this.q.one<{ locked: boolean }>(SQL.loginTryLock, { email })).locked;
  }

  /** Waits for, then holds until commit, the lock every admin-affecting change takes. */
  async lockAdminChanges(): Promise<void> {
    await this.q.one(SQL.adminChangeLock);
  }

  async activeAdminCount(): Promise<number> {
    return (await this.q.one<{ n: number }>(SQL.activeAdmins)).n;
  }

  async pruneLoginAttempts(): Promise<void> {
    await this.q.none(SQL.pruneAttempts);
  }
}

export interface StoredRefreshToken {
  id: string;
  userId: string;
  familyId: string;
  tokenHash: Buffer;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Refresh tokens: hashes only, rotated within a family, revocable. */
export class SessionsRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async add(token: Omit<StoredRefreshToken, 'revokedAt'>): Promise<void> {
    await this.q.none(SQL.insertRefresh, token);
  }

  /** The token row, locked for the rest of the transaction. */
  async lockById(id: string): Promise<StoredRefreshToken | null> {
    const row = await this.q.oneOrNone<{ id: string; user_id: string; family_id: string; token_hash: Buffer; expires_at: Date; revoked_at: Date | null }>(SQL.refreshById, { id });
    return row && { id: row.id, userId: row.user_id, familyId: row.family_id, tokenHash: row.token_hash, expiresAt: row.expires_at, revokedAt: row.revoked_at };
  }

  async rotate(id: string, replacedBy: string): Promise<void> {
    await this.q.none(SQL.rotateRefresh, { id, replacedBy });
  }

  /** True when the family had a token still open (so this revocation ended the session). */
  async revokeFamily(familyId: string): Promise<boolean> {
    return (await this.q.result(SQL.revokeFamily, { familyId })).rowCount > 0;
  }

  /** Whether the session (the family) still stands. */
  async familyOpen(familyId: string): Promise<boolean> {
    return (await this.q.one<{ open: boolean }>(SQL.familyOpen, { familyId })).open;
  }

  /** For the other services' session projections: one page of accounts in id order. */
  async snapshotAccounts(after: string | null, limit: number): Promise<{ userId: string; status: UserStatus; roles: UserRole[]; tokenVersion: number }[]> {
    const rows = await this.q.any<{ user_id: string; status: UserStatus; roles: UserRole[]; token_version: number }>(SQL.snapshotAccounts, { after, limit });
    return rows.map((r) => ({ userId: r.user_id, status: r.status, roles: r.roles, tokenVersion: r.token_version }));
  }

  /** Sessions ended within the last `ttlSeconds`. */
  async endedSince(ttlSeconds: number): Promise<{ sessionId: string; userId: string; until: string }[]> {
    const rows = await this.q.any<{ session_id: string; user_id: string; until: Date }>(SQL.snapshotEnded, { ttlSeconds });
    return rows.map((r) => ({ sessionId: r.session_id, userId: r.user_id, until: r.until.toISOString() }));
  }

  async revokeUser(userId: string): Promise<void> {
    await this.q.none(SQL.revokeUser, { userId });
  }

  async prune(): Promise<void> {
    await this.q.none(SQL.pruneRefresh);
  }
}

export interface UserRepositories {
  users: UsersRepository;
  sessions: SessionsRepository;
}

export const repositories = (q: Queryable): UserRepositories => ({ users: new UsersRepository(q), sessions: new SessionsRepository(q) });
