// HTTP: parse and validate, call a use case, shape the reply.
import {
  AccountSessionQuery, authenticate, caller, DEFAULT_PAGE_SIZE, pageStart, encodeCursor, parseBody, parseQuery, requireRole, Router,
  sessionsRoutes, SnapshotQuery, uuidParam, type AppContext, type SessionCheck, type TokenVerifier,
} from '@winvestco/common';
import type { Next } from 'koa';
import { mayLogIn } from './domain/account.ts';
import {
  ChangePasswordRequest, ChangeRolesRequest, ChangeStatusRequest, ListUsersQuery, LoginRequest, RefreshRequest, RegisterRequest,
  UpdateProfileRequest, userView,
} from './dto.ts';
import * as users from './usecases.ts';

/** A path parameter that must be a user id. */
const userIdParam = (ctx: { params: Record<string, string | undefined> }) => uuidParam(ctx, 'id');

/** Token responses must not be kept by any cache between the client and us. */
async function noStore(ctx: AppContext, next: Next): Promise<void> {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
  await next();
}

export function userRoutes(deps: users.SessionDeps, verifier: TokenVerifier, jwks: object, current: SessionCheck): Router {
  const { db } = deps;
  const router = new Router();
  // Signed in, with the account as it is now: session, token version, status and current roles.
  const signedIn = authenticate(verifier, current);
  const admin = requireRole('ADMIN');

  router.post('/auth/register', async (ctx) => {
    const body = await parseBody(RegisterRequest, ctx.request.body);
    const user = await users.registerUser(deps, { ...body, phone: body.phone ?? null });
    ctx.status = 201;
    ctx.body = userView(user);
  });

  router.post('/auth/login', noStore, async (ctx) => {
    const body = await parseBody(LoginRequest, ctx.request.body);
    ctx.body = await users.logIn(deps, body.email, body.password);
  });

  router.post('/auth/refresh', noStore, async (ctx) => {
    const body = await parseBody(RefreshRequest, ctx.request.body);
    ctx.body = await users.refresh(deps, body.refreshToken);
  });

  router.post('/auth/logout', async (ctx) => {
    const body = await parseBody(RefreshRequest, ctx.request.body);
    await users.logOut(deps, body.refreshToken);
    ctx.status = 204;
  });

  router.get('/.well-known/jwks.json', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = jwks;
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
    const after = pageStart(query);
    const page = await users.listUsers(db, query.limit ?? DEFAULT_PAGE_SIZE, after, query.status);
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

  // For other services, which ask before they move money (a token stays valid for minutes).
  router.get('/internal/users/:id', async (ctx) => {
    const user = await users.account(db, userIdParam(ctx));
    ctx.body = { id: user.id, email: user.email, clientId: user.clientId, status: user.status, roles: user.roles, mayTrade: mayLogIn(user.status) };
  });

  // For every other service's session projection (services/common/src/sessions.ts).
  router.get(sessionsRoutes.snapshot.path, async (ctx) => {
    const query = await parseQuery(SnapshotQuery, ctx.query);
    ctx.body = await users.sessionsSnapshot(deps, query.after ?? null);
  });

  router.get(sessionsRoutes.account.path, async (ctx) => {
    const query = await parseQuery(AccountSessionQuery, ctx.query);
    ctx.body = await users.accountSession(deps, uuidParam(ctx, 'userId'), query.sessionId);
  });

  return router;
}
