import { randomBytes, randomUUID } from 'node:crypto';
import {
  authenticate, caller, decodeCursor, encodeCursor, parseBody, parseQuery, problems, requireRole, Router,
  type AppContext, type Database, type Tokens,
} from '@winvestco/common';
import { mayLogIn, roleChangeRefusal, statusChangeRefusal } from './domain/account.ts';
import { newClientId } from './domain/clientId.ts';
import { loginLockedUntil, MAX_FAILURES } from './domain/loginThrottle.ts';
import {
  ChangePasswordRequest, ChangeRolesRequest, ChangeStatusRequest, ListUsersQuery, LoginRequest, RegisterRequest,
  UpdateProfileRequest, type UserView,
} from './dto.ts';
import { TOPIC, UserEvents, type UserRegistered } from './events.ts';
import type { Passwords } from './passwords.ts';
import type { NewUser, UserRepositories, UserRow } from './store.ts';

export interface UserRouteDeps {
  db: Database<UserRepositories>;
  tokens: Tokens;
  passwords: Passwords;
}

export function toView(user: UserRow): UserView {
  const { passwordHash: _hash, version: _version, ...view } = user;
  return view;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === constraint;
}

/** Creates a user and its user.registered event in one transaction. */
export async function createUser(db: Database<UserRepositories>, user: Omit<NewUser, 'id' | 'clientId'>): Promise<UserRow> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.tx(async (t) => {
        if (await t.users.emailTaken(user.email)) throw problems.conflict('An account with this email already exists');
        const created = await t.users.add({ ...user, id: randomUUID(), clientId: newClientId(() => randomBytes(1)[0]!) });
        await t.outbox.add<UserRegistered>(TOPIC, UserEvents.registered, created.id, {
          userId: created.id, email: created.email, clientId: created.clientId,
          firstName: created.firstName, lastName: created.lastName, roles: created.roles,
        });
        return created;
      });
    } catch (error) {
      // Two registrations racing for one email: the unique index decides.
      if (isUniqueViolation(error, 'users_email_key')) throw problems.conflict('An account with this email already exists');
      if (isUniqueViolation(error, 'users_client_id_key') && attempt < 5) continue;
      throw error;
    }
  }
}

export function userRoutes({ db, tokens, passwords }: UserRouteDeps): Router {
  const router = new Router();
  const signedIn = authenticate(tokens);
  const admin = requireRole('ADMIN');
  // Verifying against a real hash when the email is unknown keeps both answers equally slow.
  const unknownUserHash = passwords.hash(randomBytes(16).toString('hex'));

  async function currentUser(ctx: AppContext): Promise<UserRow> {
    const user = await db.users.byId(caller(ctx).id);
    if (!user) throw problems.unauthorized('The account behind this token no longer exists');
    return user;
  }

  async function userById(id: string): Promise<UserRow> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw problems.notFound(`No user ${id}`);
    const user = await db.users.byId(id);
    if (!user) throw problems.notFound(`No user ${id}`);
    return user;
  }

  router.post('/auth/register', async (ctx) => {
    const body = await parseBody(RegisterRequest, ctx.request.body);
    const passwordHash = await passwords.hash(body.password);
    const user = await createUser(db, {
      email: body.email, passwordHash, firstName: body.firstName, lastName: body.lastName, phone: body.phone ?? null, roles: ['USER'],
    });
    ctx.status = 201;
    ctx.body = toView(user);
  });

  router.post('/auth/login', async (ctx) => {
    const body = await parseBody(LoginRequest, ctx.request.body);
    const now = new Date();
    const lockedUntil = loginLockedUntil(await db.users.recentFailures(body.email, MAX_FAILURES), now);
    if (lockedUntil) {
      const seconds = Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
      throw problems.tooManyRequests(`Too many failed logins for this email; try again after ${lockedUntil.toISOString()}`, seconds);
    }
    const user = await db.users.byEmail(body.email);
    const passwordOk = await passwords.verify(user?.passwordHash ?? (await unknownUserHash), body.password);
    if (!user || !passwordOk) {
      await db.users.recordLogin(body.email, false);
      throw problems.unauthorized('The email or password is wrong');
    }
    if (!mayLogIn(user.status)) throw problems.forbidden(`This account is ${user.status}; contact support`);
    await db.tx(async (t) => {
      await t.users.recordLogin(body.email, true, user.id);
      await t.outbox.add(TOPIC, UserEvents.loggedIn, user.id, { userId: user.id, at: now.toISOString() });
    });
    ctx.body = {
      accessToken: await tokens.sign({ sub: user.id, roles: user.roles, email: user.email }),
      tokenType: 'Bearer',
      expiresIn: tokens.expiresIn,
    };
  });

  router.get('/users/me', signedIn, async (ctx) => {
    ctx.body = toView(await currentUser(ctx));
  });

  router.patch('/users/me', signedIn, async (ctx) => {
    const body = await parseBody(UpdateProfileRequest, ctx.request.body);
    const user = await currentUser(ctx);
    const changed = Object.fromEntries(
      (['firstName', 'lastName', 'phone'] as const).filter((k) => body[k] !== undefined && body[k] !== user[k]).map((k) => [k, body[k]!]),
    );
    if (Object.keys(changed).length === 0) {
      ctx.body = toView(user);
      return;
    }
    const updated = await db.tx(async (t) => {
      const row = await t.users.updateProfile(user.id, user.version, changed);
      if (!row) throw problems.conflict('The profile changed while you were editing it; reload and try again');
      await t.outbox.add(TOPIC, UserEvents.updated, user.id, { userId: user.id, changed });
      return row;
    });
    ctx.body = toView(updated);
  });

  router.post('/users/me/password', signedIn, async (ctx) => {
    const body = await parseBody(ChangePasswordRequest, ctx.request.body);
    const user = await currentUser(ctx);
    if (!(await passwords.verify(user.passwordHash, body.currentPassword))) {
      throw problems.validation([{ field: 'currentPassword', message: 'currentPassword is not your current password' }]);
    }
    const passwordHash = await passwords.hash(body.newPassword);
    await db.tx(async (t) => {
      if (!(await t.users.setPasswordHash(user.id, user.version, passwordHash))) throw problems.conflict('Your account changed meanwhile; try again');
      await t.outbox.add(TOPIC, UserEvents.passwordChanged, user.id, { userId: user.id });
    });
    ctx.status = 204;
  });

  router.get('/users', signedIn, admin, async (ctx) => {
    const query = await parseQuery(ListUsersQuery, ctx.query);
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    if (query.cursor && !after) throw problems.validation([{ field: 'cursor', message: 'cursor is not one this service issued' }]);
    const limit = query.limit ?? 50;
    const { rows, next } = await db.users.page(limit, after, query.status);
    ctx.body = { items: rows.map(toView), nextCursor: next ? encodeCursor(next) : null };
  });

  router.patch('/users/:id/status', signedIn, admin, async (ctx) => {
    const body = await parseBody(ChangeStatusRequest, ctx.request.body);
    const user = await userById(ctx.params.id!);
    const refusal = statusChangeRefusal(user.status, body.status);
    if (refusal) throw problems.conflict(refusal);
    const updated = await db.tx(async (t) => {
      const row = await t.users.setStatus(user.id, user.version, body.status);
      if (!row) throw problems.conflict('The user changed meanwhile; reload and try again');
      await t.outbox.add(TOPIC, UserEvents.statusChanged, user.id, {
        userId: user.id, from: user.status, to: body.status, reason: body.reason ?? null, changedBy: caller(ctx).id,
      });
      return row;
    });
    ctx.body = toView(updated);
  });

  router.put('/users/:id/roles', signedIn, admin, async (ctx) => {
    const body = await parseBody(ChangeRolesRequest, ctx.request.body);
    const user = await userById(ctx.params.id!);
    const refusal = roleChangeRefusal(body.roles, user.id === caller(ctx).id);
    if (refusal) throw problems.validation([{ field: 'roles', message: refusal }]);
    const updated = await db.tx(async (t) => {
      const row = await t.users.setRoles(user.id, user.version, [...body.roles].sort());
      if (!row) throw problems.conflict('The user changed meanwhile; reload and try again');
      await t.outbox.add(TOPIC, UserEvents.roleChanged, user.id, { userId: user.id, from: user.roles, to: row.roles, changedBy: caller(ctx).id });
      return row;
    });
    ctx.body = toView(updated);
  });

  // For other services (the order saga checks that a user may trade).
  router.get('/internal/users/:id', async (ctx) => {
    const user = await userById(ctx.params.id!);
    ctx.body = { id: user.id, email: user.email, clientId: user.clientId, status: user.status, roles: user.roles, mayTrade: mayLogIn(user.status) };
  });

  return router;
}
