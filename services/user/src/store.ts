import type { IBaseProtocol } from 'pg-promise';
import type { PageKey, Queryable } from '@winvestco/common';
import type { UserRole, UserStatus } from './domain/account.ts';
import type { UserView } from './dto.ts';

export interface UserRow extends UserView {
  passwordHash: string;
  version: number;
}

export interface NewUser {
  id: string;
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  clientId: string;
  roles: UserRole[];
}

const SELECT_USER = `
  SELECT u.id, u.email, u.password_hash, u.first_name, u.last_name, u.phone, u.client_id, u.status,
         u.created_at, u.updated_at, u.last_login_at, u.version,
         COALESCE(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
    FROM users u LEFT JOIN user_roles r ON r.user_id = u.id`;

function toUser(row: Record<string, any>): UserRow {
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
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastLoginAt: row.last_login_at ? row.last_login_at.toISOString() : null,
    version: row.version,
  };
}

/** All SQL of the user service. Unique violations surface as pg error code 23505. */
export class UsersRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async add(user: NewUser): Promise<UserRow> {
    await this.q.none(
      `INSERT INTO users (id, email, password_hash, first_name, last_name, phone, client_id)
       VALUES ($(id), $(email), $(passwordHash), $(firstName), $(lastName), $(phone), $(clientId))`,
      user,
    );
    for (const role of user.roles) await this.q.none('INSERT INTO user_roles (user_id, role) VALUES ($1, $2)', [user.id, role]);
    return (await this.byId(user.id))!;
  }

  async byId(id: string): Promise<UserRow | null> {
    const row = await this.q.oneOrNone(`${SELECT_USER} WHERE u.id = $1 GROUP BY u.id`, [id]);
    return row ? toUser(row) : null;
  }

  async byEmail(email: string): Promise<UserRow | null> {
    const row = await this.q.oneOrNone(`${SELECT_USER} WHERE lower(u.email) = lower($1) GROUP BY u.id`, [email]);
    return row ? toUser(row) : null;
  }

  async emailTaken(email: string): Promise<boolean> {
    return (await this.q.oneOrNone('SELECT 1 FROM users WHERE lower(email) = lower($1)', [email])) !== null;
  }

  /** Optimistic update: null when the row changed since `version` was read. */
  async updateProfile(id: string, version: number, changes: { firstName?: string; lastName?: string; phone?: string }): Promise<UserRow | null> {
    const row = await this.q.oneOrNone(
      `UPDATE users SET first_name = COALESCE($(firstName), first_name), last_name = COALESCE($(lastName), last_name),
              phone = COALESCE($(phone), phone), updated_at = now(), version = version + 1
        WHERE id = $(id) AND version = $(version) RETURNING id`,
      { id, version, firstName: changes.firstName ?? null, lastName: changes.lastName ?? null, phone: changes.phone ?? null },
    );
    return row ? this.byId(id) : null;
  }

  async setPasswordHash(id: string, version: number, passwordHash: string): Promise<boolean> {
    const result = await this.q.result('UPDATE users SET password_hash = $3, updated_at = now(), version = version + 1 WHERE id = $1 AND version = $2', [id, version, passwordHash]);
    return result.rowCount === 1;
  }

  async setStatus(id: string, version: number, status: UserStatus): Promise<UserRow | null> {
    const row = await this.q.oneOrNone('UPDATE users SET status = $3, updated_at = now(), version = version + 1 WHERE id = $1 AND version = $2 RETURNING id', [id, version, status]);
    return row ? this.byId(id) : null;
  }

  async setRoles(id: string, version: number, roles: UserRole[]): Promise<UserRow | null> {
    const row = await this.q.oneOrNone('UPDATE users SET updated_at = now(), version = version + 1 WHERE id = $1 AND version = $2 RETURNING id', [id, version]);
    if (!row) return null;
    await this.q.none('DELETE FROM user_roles WHERE user_id = $1', [id]);
    for (const role of roles) await this.q.none('INSERT INTO user_roles (user_id, role) VALUES ($1, $2)', [id, role]);
    return this.byId(id);
  }

  /** One page in (created_at, id) order; `next` carries created_at to the microsecond. */
  async page(limit: number, after: PageKey | null, status?: UserStatus): Promise<{ rows: UserRow[]; next: PageKey | null }> {
    const rows = await this.q.any(
      `SELECT p.*, to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at FROM (${SELECT_USER}
        WHERE ($(status) IS NULL OR u.status = $(status))
          AND ($(afterAt) IS NULL OR (u.created_at, u.id) > ($(afterAt)::timestamptz, $(afterId)::uuid))
        GROUP BY u.id ORDER BY u.created_at, u.id LIMIT $(limit)) p ORDER BY p.created_at, p.id`,
      { status: status ?? null, afterAt: after?.createdAt ?? null, afterId: after?.id ?? null, limit },
    );
    const last = rows[rows.length - 1];
    return { rows: rows.map(toUser), next: rows.length === limit && last ? { createdAt: last.page_at, id: last.id } : null };
  }

  async recordLogin(email: string, succeeded: boolean, userId?: string): Promise<void> {
    await this.q.none('INSERT INTO login_attempts (email, succeeded) VALUES (lower($1), $2)', [email, succeeded]);
    if (succeeded && userId) await this.q.none('UPDATE users SET last_login_at = now() WHERE id = $1', [userId]);
  }

  /** Failed attempts for an email since its last successful login, newest first. */
  async recentFailures(email: string, limit: number): Promise<Date[]> {
    const rows = await this.q.any(
      `SELECT created_at FROM login_attempts
        WHERE email = lower($1) AND NOT succeeded
          AND created_at > COALESCE((SELECT max(created_at) FROM login_attempts WHERE email = lower($1) AND succeeded), '-infinity')
        ORDER BY created_at DESC LIMIT $2`,
      [email, limit],
    );
    return rows.map((r) => r.created_at as Date);
  }
}

export interface UserRepositories {
  users: UsersRepository;
}

export const repositories = (q: Queryable): UserRepositories => ({ users: new UsersRepository(q as IBaseProtocol<unknown>) });
