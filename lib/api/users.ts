/** User endpoints (pangolin-api.md 5.3): snake_case create body, kebab-case UserInfo. */
import { type ApiClient, collect, type Paging } from "./client.ts";
import type { UserInfo } from "./auth.ts";

/** The create body: snake_case `tenant_id`, strict; the role is never `root`. */
export interface CreateUserRequest {
  username: string;
  email: string;
  password: string;
  tenant_id: string;
  role: "tenant-admin" | "tenant-user";
}

/** The update body: kebab-case, strict; there is no field for the username or the role. */
export interface UpdateUserRequest {
  email?: string;
  password?: string;
  active?: boolean;
}

/** GET /api/v1/users: the users of the effective tenant (root switches with the header). */
export function userPages(api: ApiClient, paging?: Paging): AsyncGenerator<UserInfo[]> {
  return api.pages("list users", "/api/v1/users", paging);
}

/** Every user of userPages in one array. */
export function listUsers(api: ApiClient, paging?: Paging): Promise<UserInfo[]> {
  return collect(userPages(api, paging));
}

/** POST /api/v1/users. */
export function createUser(api: ApiClient, body: CreateUserRequest): Promise<UserInfo> {
  return api.call("create user", "POST", "/api/v1/users", {
    json: body,
    secrets: [body.password],
    shape: ["id", "username"],
  });
}

/** GET /api/v1/users/{id} (self, or an admin of any tenant). */
export function getUser(api: ApiClient, id: string): Promise<UserInfo> {
  return api.call("get user", "GET", `/api/v1/users/${encodeURIComponent(id)}`, {
    shape: ["id", "username"],
  });
}

/** PUT /api/v1/users/{id}: answers plain text `User updated`, not the user. */
export function updateUser(api: ApiClient, id: string, body: UpdateUserRequest): Promise<string> {
  return api.call("update user", "PUT", `/api/v1/users/${encodeURIComponent(id)}`, {
    json: body,
    secrets: body.password === undefined ? [] : [body.password],
    expect: "text",
  });
}

/** DELETE /api/v1/users/{id}: 204; an unknown id answers 500, not 404 (in-memory backend). */
export function deleteUser(api: ApiClient, id: string): Promise<void> {
  return api.call("delete user", "DELETE", `/api/v1/users/${encodeURIComponent(id)}`, {
    expect: "none",
  });
}
