/**
 * Direct permissions (pangolin-api.md 5.9.9 to 5.9.11): kebab-case records whose scope objects
 * have snake_case fields. Permissions belong to users and service users, never to roles.
 */
import { type ApiClient, collect, type Paging } from "./client.ts";

/** A scope object: kebab-case `type` tag, snake_case fields. */
export type Scope =
  | { type: "tenant" }
  | { type: "catalog"; catalog_id: string }
  | { type: "namespace"; catalog_id: string; namespace: string }
  | { type: "asset"; catalog_id: string; namespace: string; asset_id: string }
  | { type: "tag"; tag_name: string };

/** The permission actions, in the server's spelling (pangolin-api.md section 3). */
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

/** A permission action. */
export type Action = typeof ACTIONS[number];

/** A direct grant to a user or service user. */
export interface Permission {
  id: string;
  "user-id": string;
  "tenant-id": string;
  scope: Scope;
  /** A set: the server removes duplicates and its order is not stable. */
  actions: string[];
  "granted-by": string;
  "granted-at": string;
}

/** The grant body (kebab-case, strict). */
export interface GrantPermissionRequest {
  "user-id": string;
  scope: Scope;
  actions: Action[];
}

/**
 * GET /api/v1/permissions. With `user`, that user's permissions (any tenant, no check);
 * without it, the session tenant's (root gets 400; the in-memory backend returns every
 * tenant's). The server ignores a `role` parameter, so none is sent.
 */
export function permissionPages(
  api: ApiClient,
  paging: Paging,
  userId?: string,
): AsyncGenerator<Permission[]> {
  return api.pages("list permissions", "/api/v1/permissions", paging, { user: userId });
}

/** Every permission of permissionPages in one array. */
export function listPermissions(
  api: ApiClient,
  paging: Paging,
  userId?: string,
): Promise<Permission[]> {
  return collect(permissionPages(api, paging, userId));
}

/** POST /api/v1/permissions: any non-root caller with a session tenant (no admin check). */
export function grantPermission(
  api: ApiClient,
  body: GrantPermissionRequest,
): Promise<Permission> {
  return api.call("grant permission", "POST", "/api/v1/permissions", {
    json: body,
    shape: ["id", "user-id"],
  });
}

/** DELETE /api/v1/permissions/{id}: 204, also for an id that does not exist. */
export function revokePermission(api: ApiClient, id: string): Promise<void> {
  return api.call("revoke permission", "DELETE", `/api/v1/permissions/${encodeURIComponent(id)}`, {
    expect: "none",
  });
}
