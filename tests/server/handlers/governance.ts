// Role, user-role and permission routes of the Pangolin test double (spec 5.9). Roles and
// assignments live in this module's own state (keyed by the Store); direct permissions use
// `store.permissions`, which the catalog listing filter also reads. Kebab-case records,
// snake_case scope fields, plain-text (T) errors.

import type { Handler } from "../context.ts";
import { isAdmin } from "../auth.ts";
import type { Session } from "../auth.ts";
import { jsonBody, pagination, pathUuid, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { empty, haltText, json } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import type { Schema } from "../serde_json.ts";
import { paginate, sortBy, timestampZ } from "../state.ts";
import type { Permission, Store } from "../state.ts";
import { decodeStruct, parsePairs, UrlError } from "../urlencoded.ts";
import { NIL_UUID, parseUuid, randomUuid } from "../uuid.ts";

/** The permission actions as the server spells them. */
export const ACTIONS = [
  "read",
  "write",
  "delete",
  "create",
  "update",
  "list",
  "all",
  "ingest-branching",
  "experimental-branching",
  "manage-discovery",
] as const;

const SCOPE_TYPES = ["catalog", "namespace", "asset", "tag", "tenant"] as const;

/** The fields each scope variant requires (snake_case), in declaration order. */
const SCOPE_FIELDS: Record<string, readonly string[]> = {
  catalog: ["catalog_id"],
  namespace: ["catalog_id", "namespace"],
  asset: ["catalog_id", "namespace", "asset_id"],
  tag: ["tag_name"],
  tenant: [],
};

/** A role grant: a scope and its actions. */
export interface Grant {
  scope: Record<string, string>;
  actions: string[];
}

/** A stored role. */
export interface RoleRecord {
  id: string;
  name: string;
  description: string | null;
  tenantId: string;
  permissions: Grant[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** This module's state for one Store. */
export interface GovernanceState {
  roles: Map<string, RoleRecord>;
  /** Role ids by user or service-user id, in assignment order. */
  userRoles: Map<string, string[]>;
}

const extra = new WeakMap<Store, GovernanceState>();

/** The roles and assignments of a store (created empty on first use). */
export function governanceOf(store: Store): GovernanceState {
  let state = extra.get(store);
  if (!state) {
    state = { roles: new Map(), userRoles: new Map() };
    extra.set(store, state);
  }
  return state;
}

/** The grants a principal holds through its roles and its direct permissions. */
export function grantsOf(store: Store, principalId: string): Grant[] {
  const gov = governanceOf(store);
  const viaRoles = (gov.userRoles.get(principalId) ?? []).flatMap((id) =>
    gov.roles.get(id)?.permissions ?? []
  );
  const direct = store.permissions.filter((p) => p.userId === principalId);
  return [...viaRoles, ...direct.map((p) => ({ scope: p.scope, actions: p.actions }))];
}

/** Whether a held action implies the required one (`all` everything; `write` the CRUD set). */
export function implies(held: string, required: string): boolean {
  if (held === required || held === "all") return true;
  if (held === "write") return ["read", "update", "delete", "create", "list"].includes(required);
  return held === "read" && required === "list";
}

function roleJson(r: RoleRecord): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    "tenant-id": r.tenantId,
    permissions: r.permissions,
    "created-by": r.createdBy,
    "created-at": r.createdAt,
    "updated-at": r.updatedAt,
  };
}

/** Permission (kebab-case; the scope keeps its snake_case fields). */
export function permissionJson(p: Permission): Record<string, unknown> {
  return {
    id: p.id,
    "user-id": p.userId,
    "tenant-id": p.tenantId,
    scope: p.scope,
    actions: p.actions,
    "granted-by": p.grantedBy,
    "granted-at": p.grantedAt,
  };
}

function sessionTenant(s: Session): string {
  return s.tenantId ?? NIL_UUID;
}

/** The scope: an internally tagged enum, snake_case fields, ids as UUIDs. */
const SCOPE: Schema = S.internal(
  "type",
  Object.fromEntries(
    SCOPE_TYPES.map((t) => [
      t,
      SCOPE_FIELDS[t].map((name) => ({ name, schema: name.endsWith("_id") ? S.uuid : S.string })),
    ]),
  ),
);

const CREATE_ROLE_BODY = S.struct("CreateRoleRequest", [
  { name: "name", schema: S.string },
  { name: "description", schema: S.option(S.string) },
  { name: "tenant-id", schema: S.uuid },
]);

// PUT takes a complete Role and is not strict.
const ROLE_BODY = S.struct("Role", [
  { name: "id", schema: S.uuid },
  { name: "name", schema: S.string },
  { name: "description", schema: S.option(S.string) },
  { name: "tenant-id", schema: S.uuid },
  {
    name: "permissions",
    schema: S.seq(
      S.struct("PermissionGrant", [
        { name: "scope", schema: SCOPE },
        { name: "actions", schema: S.seq(S.enumOf(ACTIONS)) },
      ], false),
    ),
  },
  { name: "created-by", schema: S.uuid },
  { name: "created-at", schema: S.string },
  { name: "updated-at", schema: S.string },
], false);

const ASSIGN_BODY = S.struct("AssignRoleRequest", [{ name: "role-id", schema: S.uuid }]);

const GRANT_BODY = S.struct("GrantPermissionRequest", [
  { name: "user-id", schema: S.uuid },
  { name: "scope", schema: SCOPE },
  { name: "actions", schema: S.seq(S.enumOf(ACTIONS)) },
]);

/** POST /api/v1/roles: admins; `tenant-id` is required and not compared with the caller's. */
export function createRole(ctx: Ctx): Reply {
  const body = jsonBody<{ name: string; description?: string | null; "tenant-id": string }>(
    ctx,
    CREATE_ROLE_BODY,
  );
  const s = session(ctx);
  if (!isAdmin(s)) haltText(403, "Only admins can create roles");
  const now = timestampZ(Date.now(), 9);
  const role: RoleRecord = {
    id: randomUuid(),
    name: body.name,
    description: body.description ?? null,
    tenantId: body["tenant-id"],
    permissions: [],
    createdBy: s.userId,
    createdAt: now,
    updatedAt: now,
  };
  governanceOf(ctx.store).roles.set(role.id, role);
  return json(201, roleJson(role));
}

/** GET /api/v1/roles: the SESSION tenant's roles (root: the nil tenant's), by name. */
export function listRoles(ctx: Ctx): Reply {
  const q = pagination(ctx);
  const tenant = sessionTenant(session(ctx));
  const rows = [...governanceOf(ctx.store).roles.values()].filter((r) => r.tenantId === tenant);
  return json(200, paginate(sortBy(rows, (r) => r.name), q).map(roleJson));
}

/** GET /api/v1/roles/{id}: anyone, no tenant check. */
export function getRole(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const role = governanceOf(ctx.store).roles.get(id);
  if (!role) haltText(404, "Role not found");
  return json(200, roleJson(role));
}

/** PUT /api/v1/roles/{id}: an upsert of the full Role; answers 200 with an empty body. */
export function updateRole(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const body = jsonBody<{
    id: string;
    name: string;
    description?: string | null;
    "tenant-id": string;
    permissions: { scope: Record<string, string>; actions: string[] }[];
    "created-by": string;
    "created-at": string;
    "updated-at": string;
  }>(ctx, ROLE_BODY);
  if (!isAdmin(session(ctx))) haltText(403, "Only admins can update roles");
  if (body.id !== id) haltText(400, "Role ID mismatch");
  governanceOf(ctx.store).roles.set(id, {
    id,
    name: body.name,
    description: body.description ?? null,
    tenantId: body["tenant-id"],
    permissions: body.permissions.map((g) => ({
      scope: g.scope,
      actions: [...new Set(g.actions)],
    })),
    createdBy: body["created-by"],
    createdAt: body["created-at"],
    updatedAt: body["updated-at"],
  });
  return empty(200);
}

/** DELETE /api/v1/roles/{id}: admins; 204 even for an unknown id. */
export function deleteRole(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  if (!isAdmin(session(ctx))) haltText(403, "Only admins can delete roles");
  governanceOf(ctx.store).roles.delete(id);
  return empty(204);
}

/** POST /api/v1/users/{id}/roles: admins; the role is NOT checked; 201 with no body. */
export function assignRole(ctx: Ctx): Reply {
  const userId = pathUuid(ctx, "id");
  const body = jsonBody<{ "role-id": string }>(ctx, ASSIGN_BODY);
  if (!isAdmin(session(ctx))) haltText(403, "Only admins can assign roles");
  if (!ctx.store.users.has(userId) && !ctx.store.serviceUsers.has(userId)) {
    haltText(404, "User or Service User not found");
  }
  const held = governanceOf(ctx.store).userRoles;
  const list = held.get(userId) ?? [];
  if (!list.includes(body["role-id"])) list.push(body["role-id"]);
  held.set(userId, list);
  return empty(201);
}

/** GET /api/v1/users/{id}/roles: anyone; full roles, deleted ones skipped; no paging. */
export function listUserRoles(ctx: Ctx): Reply {
  const userId = pathUuid(ctx, "id");
  const gov = governanceOf(ctx.store);
  const roles = (gov.userRoles.get(userId) ?? []).flatMap((id) => {
    const r = gov.roles.get(id);
    return r ? [roleJson(r)] : [];
  });
  return json(200, roles);
}

/** DELETE /api/v1/users/{id}/roles/{role_id}: admins; 204 even if the role was not held. */
export function revokeUserRole(ctx: Ctx): Reply {
  const userId = pathUuid(ctx, "id");
  const roleId = pathUuid(ctx, "role_id");
  if (!isAdmin(session(ctx))) haltText(403, "Only admins can revoke roles");
  const held = governanceOf(ctx.store).userRoles;
  held.set(userId, (held.get(userId) ?? []).filter((id) => id !== roleId));
  return empty(204);
}

function permissionQuery(ctx: Ctx): { user?: string; limit?: number; offset?: number } {
  let q: Record<string, string | number>;
  try {
    q = decodeStruct(parsePairs(ctx.req.query), [
      { name: "user", type: "string", required: false },
      { name: "role", type: "string", required: false },
      { name: "limit", type: "int", required: false },
      { name: "offset", type: "int", required: false },
    ], false);
  } catch (e) {
    if (e instanceof UrlError) haltText(400, `Failed to deserialize query string: ${e.message}`);
    throw e;
  }
  const out: { user?: string; limit?: number; offset?: number } = {};
  for (const name of ["user", "role"] as const) {
    if (q[name] === undefined) continue;
    const parsed = parseUuid(String(q[name]));
    if (!parsed.ok) {
      haltText(
        400,
        `Failed to deserialize query string: UUID parsing failed: ${parsed.error}`,
      );
    }
    // `role` is parsed and then ignored by the server.
    if (name === "user") out.user = parsed.value;
  }
  if (q.limit !== undefined) out.limit = Number(q.limit);
  if (q.offset !== undefined) out.offset = Number(q.offset);
  return out;
}

/**
 * GET /api/v1/permissions: with `user`, that user's permissions (no checks at all); without
 * it, a session without a tenant gets 400 and everyone else gets EVERY tenant's permissions
 * (the in-memory backend ignores the tenant). Sorted by id.
 */
export function listPermissions(ctx: Ctx): Reply {
  const q = permissionQuery(ctx);
  const s = session(ctx);
  let rows: Permission[];
  if (q.user !== undefined) rows = ctx.store.permissions.filter((p) => p.userId === q.user);
  else {
    if (s.tenantId === null) haltText(400, "User must belong to a tenant");
    rows = [...ctx.store.permissions];
  }
  return json(200, paginate(sortBy(rows, (p) => p.id), q).map(permissionJson));
}

/** POST /api/v1/permissions: any non-root caller with a session tenant; no admin check. */
export function grantPermission(ctx: Ctx): Reply {
  const body = jsonBody<{ "user-id": string; scope: Record<string, string>; actions: string[] }>(
    ctx,
    GRANT_BODY,
  );
  const scope = body.scope;
  const s = session(ctx);
  if (s.role === "root") {
    haltText(403, "Root user cannot grant granular permissions. Please login as Tenant Admin.");
  }
  if (s.tenantId === null) haltText(400, "User must be scoped to a tenant");
  const userId = body["user-id"];
  if (!ctx.store.users.has(userId) && !ctx.store.serviceUsers.has(userId)) {
    haltText(404, "User or Service User not found");
  }
  const perm: Permission = {
    id: randomUuid(),
    userId,
    tenantId: s.tenantId,
    scope,
    actions: [...new Set(body.actions)],
    grantedBy: s.userId,
    grantedAt: timestampZ(Date.now(), 9),
  };
  ctx.store.permissions.push(perm);
  return json(201, permissionJson(perm));
}

/** DELETE /api/v1/permissions/{id}: anyone, any tenant; 204 even for an unknown id. */
export function revokePermission(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  ctx.store.permissions = ctx.store.permissions.filter((p) => p.id !== id);
  return empty(204);
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "GET /api/v1/roles": listRoles,
  "POST /api/v1/roles": createRole,
  "GET /api/v1/roles/{id}": getRole,
  "PUT /api/v1/roles/{id}": updateRole,
  "DELETE /api/v1/roles/{id}": deleteRole,
  "GET /api/v1/users/{id}/roles": listUserRoles,
  "POST /api/v1/users/{id}/roles": assignRole,
  "DELETE /api/v1/users/{id}/roles/{role_id}": revokeUserRole,
  "GET /api/v1/permissions": listPermissions,
  "POST /api/v1/permissions": grantPermission,
  "DELETE /api/v1/permissions/{id}": revokePermission,
};
