/**
 * Roles and user-role assignment (pangolin-api.md 5.9.1 to 5.9.8): kebab-case keys. A role's
 * grants live inside the role object; there is no permission record for them.
 */
import { type ApiClient, collect, type Paging } from "./client.ts";
import type { Scope } from "./permissions.ts";

/** One grant of a role: a scope and its actions. */
export interface RoleGrant {
  scope: Scope;
  actions: string[];
}

/** A role (kebab-case). */
export interface Role {
  id: string;
  name: string;
  description?: string | null;
  "tenant-id": string;
  permissions: RoleGrant[];
  "created-by": string;
  "created-at": string;
  "updated-at": string;
}

/** The create body (kebab-case, strict): no grants; `tenant-id` is required. */
export interface CreateRoleRequest {
  name: string;
  description?: string;
  "tenant-id": string;
}

function rolePath(id: string): string {
  return `/api/v1/roles/${encodeURIComponent(id)}`;
}

function userRolesPath(userId: string): string {
  return `/api/v1/users/${encodeURIComponent(userId)}/roles`;
}

/** GET /api/v1/roles: the session tenant's roles (root: the default tenant's), by name. */
export function rolePages(api: ApiClient, paging?: Paging): AsyncGenerator<Role[]> {
  return api.pages("list roles", "/api/v1/roles", paging);
}

/** Every role of rolePages in one array. */
export function listRoles(api: ApiClient, paging?: Paging): Promise<Role[]> {
  return collect(rolePages(api, paging));
}

/** POST /api/v1/roles (admins); the tenant id is not checked against the caller. */
export function createRole(api: ApiClient, body: CreateRoleRequest): Promise<Role> {
  return api.call("create role", "POST", "/api/v1/roles", { json: body, shape: ["id", "name"] });
}

/** GET /api/v1/roles/{id} (anyone; no tenant check). */
export function getRole(api: ApiClient, id: string): Promise<Role> {
  return api.call("get role", "GET", rolePath(id), { shape: ["id", "name"] });
}

/** DELETE /api/v1/roles/{id} (admins): 204, also for an id that does not exist. */
export function deleteRole(api: ApiClient, id: string): Promise<void> {
  return api.call("delete role", "DELETE", rolePath(id), { expect: "none" });
}

/** POST /api/v1/users/{id}/roles (admins): 201 with an empty body; the role is not checked. */
export function assignRole(api: ApiClient, userId: string, roleId: string): Promise<void> {
  return api.call("assign role", "POST", userRolesPath(userId), {
    json: { "role-id": roleId },
    expect: "none",
  });
}

/** GET /api/v1/users/{id}/roles: full roles (deleted ones skipped), no server paging. */
export function listUserRoles(api: ApiClient, userId: string): Promise<Role[]> {
  return api.call("list user roles", "GET", userRolesPath(userId), { shape: "array" });
}

/** DELETE /api/v1/users/{id}/roles/{role_id} (admins): 204, even when it was not held. */
export function revokeUserRole(api: ApiClient, userId: string, roleId: string): Promise<void> {
  return api.call(
    "revoke role",
    "DELETE",
    `${userRolesPath(userId)}/${encodeURIComponent(roleId)}`,
    { expect: "none" },
  );
}
