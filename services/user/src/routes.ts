// HTTP: parse and validate, call a use case, shape the reply.
import {
  authenticate, caller, decodeCursor, encodeCursor, isUuid, parseBody, parseQuery, problems, requireRole, Router,
  type Tokens,
} from '@winvestco/common';
import { mayLogIn } from './domain/account.ts';
import {
  ChangePasswordRequest, ChangeRolesRequest, ChangeStatusRequest, ListUsersQuery, LoginRequest, RegisterRequest,
  UpdateProfileRequest, userView,
} from './dto.ts';
import * as users from './usecases.ts';

/** A path parameter that must be a user id. */
function userIdParam(ctx: { params: Record<string, string | undefined> }): string {
  const id = ctx.params.id ?? '';
  if (!isUuid(id)) throw problems.validation([{ field: 'id', message: 'id must be a UUID' }]);
  return id;
}

export function userRoutes(deps: users.UserDeps, tokens: Tokens): Router {
  const { db } = deps;
  const router = new Router();
  const signedIn = authenticate(tokens);
  const admin = requireRole('ADMIN');

  router.post('/auth/register', async (ctx) => {
    const body = await parseBody(RegisterRequest, ctx.request.body);
    const user = await users.registerUser(deps, { ...body, phone: body.phone ?? null });
    ctx.status = 201;
    ctx.body = userView(user);
  });

  router.post('/auth/login', async (ctx) => {
    const body = await parseBody(LoginRequest, ctx.request.body);
    ctx.body = await users.logIn(deps, tokens, body.email, body.password);
  });

  router.get('/users/me', signedIn, async (ctx) => {
    ctx.body = userView(await users.account(db, caller(ctx).id));
  });

  router.patch('/users/me', signedIn, async (ctx) => {
    const body = await parseBody(UpdateProfileRequest, ctx.request.body);
    ctx.body = userView(await users.updateProfile(db, caller(ctx).id, body));
  });

  router.post('/users/me/password', signedIn, async (ctx) => {
    const body = await parseBody(ChangePasswordRequest, ctx.request.body);
    await users.changePassword(deps, caller(ctx).id, body.currentPassword, body.newPassword);
    ctx.status = 204;
  });

  router.get('/users', signedIn, admin, async (ctx) => {
    const query = await parseQuery(ListUsersQuery, ctx.query);
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    if (query.cursor && !after) throw problems.validation([{ field: 'cursor', message: 'cursor is not one this service issued' }]);
    const page = await users.listUsers(db, query.limit ?? 50, after, query.status);
    ctx.body = { items: page.users.map(userView), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  router.patch('/users/:id/status', signedIn, admin, async (ctx) => {
    const body = await parseBody(ChangeStatusRequest, ctx.request.body);
    ctx.body = userView(await users.changeStatus(db, caller(ctx).id, userIdParam(ctx), body.status, body.reason ?? null));
  });

  router.put('/users/:id/roles', signedIn, admin, async (ctx) => {
    const body = await parseBody(ChangeRolesRequest, ctx.request.body);
    ctx.body = userView(await users.changeRoles(db, caller(ctx).id, userIdParam(ctx), body.roles));
  });

  // For other services (a saga checks that a user may trade).
  router.get('/internal/users/:id', async (ctx) => {
    const user = await users.account(db, userIdParam(ctx));
    ctx.body = { id: user.id, email: user.email, clientId: user.clientId, status: user.status, roles: user.roles, mayTrade: mayLogIn(user.status) };
  });

  return router;
}
