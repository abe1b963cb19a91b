/** Service-user endpoints (pangolin-api.md 5.5): two casings in one resource. */
import { type ApiClient, collect, type Paging } from "./client.ts";

/** The stored record, as list and get return it (kebab-case, key hash included). */
export interface ServiceUser {
  id: string;
  name: string;
  description: string | null;
  "tenant-id": string;
  "api-key-hash"?: string;
  role: string;
  "created-at": string;
  "created-by": string;
  "last-used": string | null;
  "expires-at": string | null;
  active: boolean;
}

/** The create and rotate answer (snake_case, the key in plain text). */
export interface ApiKeyResponse {
  id: string;
  name: string;
  description: string | null;
  tenant_id: string;
  role: string;
  api_key: string;
  created_at: string;
  created_by: string;
  expires_at: string | null;
  active: boolean;
}

/** The create body (snake_case, strict; role in kebab-case). */
export interface CreateServiceUserRequest {
  name: string;
  description?: string;
  role: string;
  expires_in_days?: number;
}

/** POST /api/v1/service-users. */
export function createServiceUser(
  api: ApiClient,
  body: CreateServiceUserRequest,
): Promise<ApiKeyResponse> {
  return api.call("create service user", "POST", "/api/v1/service-users", {
    json: body,
    shape: ["id", "api_key"],
  });
}

/** GET /api/v1/service-users (effective tenant). */
export function serviceUserPages(
  api: ApiClient,
  paging?: Paging,
): AsyncGenerator<ServiceUser[]> {
  return api.pages("list service users", "/api/v1/service-users", paging);
}

/** Every service user of serviceUserPages in one array. */
export function listServiceUsers(api: ApiClient, paging?: Paging): Promise<ServiceUser[]> {
  return collect(serviceUserPages(api, paging));
}

/** GET /api/v1/service-users/{id}. */
export function getServiceUser(api: ApiClient, id: string): Promise<ServiceUser> {
  return api.call("get service user", "GET", `/api/v1/service-users/${encodeURIComponent(id)}`);
}

/** PUT /api/v1/service-users/{id}; an unknown id answers 500, not 404. */
export function updateServiceUser(
  api: ApiClient,
  id: string,
  body: { name?: string; description?: string; active?: boolean },
): Promise<{ status?: string }> {
  return api.call("update service user", "PUT", `/api/v1/service-users/${encodeURIComponent(id)}`, {
    json: body,
  });
}

/** DELETE /api/v1/service-users/{id}; answers 200 JSON, even for unknown ids. */
export function deleteServiceUser(api: ApiClient, id: string): Promise<{ status?: string }> {
  return api.call(
    "delete service user",
    "DELETE",
    `/api/v1/service-users/${encodeURIComponent(id)}`,
  );
}

/** POST /api/v1/service-users/{id}/rotate; fails with 500 on the SQL backends. */
export function rotateServiceUserKey(api: ApiClient, id: string): Promise<ApiKeyResponse> {
  return api.call(
    "rotate API key",
    "POST",
    `/api/v1/service-users/${encodeURIComponent(id)}/rotate`,
    { shape: ["id", "api_key"] },
  );
}
