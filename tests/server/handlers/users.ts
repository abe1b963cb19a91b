// User routes of the Pangolin test double (spec 5.3). Note the casing split: the create body
// is snake_case (`tenant_id`), UserInfo and the update body are kebab-case.

import type { Handler } from "../context.ts";
import { effectiveTenant, isAdmin } from "../auth.ts";
import { jsonBody, pagination, pathUuid, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { empty, haltText, json, text } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import { paginate, ROLES, sortBy, timestampZ } from "../state.ts";
import type { Role } from "../state.ts";
import { NIL_UUID, randomUuid } from "../uuid.ts";
import { userInfo } from "./auth_routes.ts";
import { recordAudit } from "./audit.ts";

const CREATE_BODY = S.struct("CreateUserRequest", [
  { name: "username", schema: S.string },
  { name: "email", schema: S.string },
  { name: "password", schema: S.option(S.string) },
  { name: "tenant_id", schema: S.option(S.uuid) },
  { name: "role", schema: S.enumOf(ROLES) },
]);

const UPDATE_BODY = S.struct("UpdateUserRequest", [
  { name: "email", schema: S.option(S.string) },
  { name: "password", schema: S.option(S.string) },
  { name: "active", schema: S.option(S.bool) },
]);

/** POST /api/v1/users, with the server's role rules in its order. */
export function createUser(ctx: Ctx): Reply {
  const body = jsonBody<{
    username: string;
    email: string;
    password?: string | null;
    tenant_id?: string | null;
    role: Role;
  }>(ctx, CREATE_BODY);
  const s = session(ctx);
  if (body.role === "root") haltText(403, "Cannot create another Root user");
  const tenantId = body.tenant_id ?? null;
  if (body.role === "tenant-admin") {
    // No tenant-match check: a tenant admin may create admins in any tenant.
    if (!isAdmin(s)) haltText(403, "Only Root or Tenant Admin can create Tenant Admins");
    if (tenantId === null) haltText(400, "Tenant admin requires tenant_id");
    if (body.password == null) haltText(400, "Tenant admin requires password");
  } else {
    // Root may NOT create tenant users; tenant users may.
    if (s.role === "root") {
      haltText(403, "Root user cannot create Tenant Users. Login as Tenant Admin.");
    }
    if (tenantId === null) haltText(400, "Tenant user requires tenant_id");
    if (s.tenantId !== null && s.tenantId !== tenantId) {
      haltText(403, "Cannot create user for another tenant");
    }
    if (body.password == null) haltText(400, "Tenant user requires password");
  }
  if (ctx.cfg.backend === "sql") {
    // SQL backends keep usernames and emails globally unique; in memory nothing is checked.
    for (const u of ctx.store.users.values()) {
      if (u.username === body.username || u.email === body.email) {
        haltText(500, "Failed to create user");
      }
    }
  }
  const user = {
    id: randomUuid(),
    username: body.username,
    email: body.email,
    tenantId,
    role: body.role,
    password: body.password ?? null,
    oauthProvider: null,
    createdAt: timestampZ(Date.now(), 9),
    lastLogin: null,
    active: true,
  };
  ctx.store.users.set(user.id, user);
  recordAudit(ctx.store, {
    tenant_id: tenantId,
    user_id: s.userId,
    username: s.username,
    action: "create_user",
    resource_type: "user",
    resource_name: body.username,
  });
  return json(201, userInfo(user));
}

/** GET /api/v1/users: users of the effective tenant, by username. */
export function listUsers(ctx: Ctx): Reply {
  const q = pagination(ctx);
  const tenant = effectiveTenant(session(ctx));
  const rows = sortBy(
    [...ctx.store.users.values()].filter((u) => u.tenantId === tenant),
    (u) => u.username,
  );
  return json(200, paginate(rows, q).map(userInfo));
}

/** GET /api/v1/users/{id}: self or any admin, in any tenant. */
export function getUser(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const s = session(ctx);
  if (s.userId !== id && !isAdmin(s)) haltText(403, "Cannot view other users");
  const user = ctx.store.users.get(id);
  if (!user) haltText(404, "User not found");
  return json(200, userInfo(user));
}

/** PUT /api/v1/users/{id}: answers plain text `User updated`, not the user. */
export function updateUser(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const body = jsonBody<
    { email?: string | null; password?: string | null; active?: boolean | null }
  >(
    ctx,
    UPDATE_BODY,
  );
  const s = session(ctx);
  if (s.userId !== id && !isAdmin(s)) haltText(403, "Cannot update other users");
  const user = ctx.store.users.get(id);
  if (!user) haltText(404, "User not found");
  if (body.active != null && !isAdmin(s)) haltText(403, "Only admins can change user status");
  if (body.email != null) user.email = body.email;
  if (body.password != null) user.password = body.password;
  if (body.active != null) user.active = body.active;
  return text(200, "User updated");
}

/** DELETE /api/v1/users/{id}: an unknown id is a 500, not a 404 (in-memory backend). */
export function deleteUser(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const s = session(ctx);
  if (!isAdmin(s)) haltText(403, "Only admins can delete users");
  if (s.userId === id) haltText(400, "Cannot delete yourself");
  if (!ctx.store.users.delete(id)) haltText(500, "Failed to delete user: User not found");
  // In the CALLER's tenant (nil for root), naming the deleted id.
  recordAudit(ctx.store, {
    tenant_id: s.tenantId ?? NIL_UUID,
    user_id: s.userId,
    username: s.username,
    action: "delete_user",
    resource_type: "user",
    resource_name: id,
  });
  return empty(204);
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "GET /api/v1/users": listUsers,
  "POST /api/v1/users": createUser,
  "GET /api/v1/users/{id}": getUser,
  "PUT /api/v1/users/{id}": updateUser,
  "DELETE /api/v1/users/{id}": deleteUser,
};
