/** Tenant endpoints (pangolin-api.md 5.4): create/update/delete answer plain-text errors. */
import { type ApiClient, collect, type Paging } from "./client.ts";

/** TenantResponse (snake_case). */
export interface Tenant {
  id: string;
  name: string;
  properties: Record<string, string>;
}

/** The create and update bodies (strict: any other field, such as an admin, is a 422). */
export interface TenantRequest {
  name?: string;
  properties?: Record<string, string>;
}

/** GET /api/v1/tenants (root only). */
export function tenantPages(api: ApiClient, paging?: Paging): AsyncGenerator<Tenant[]> {
  return api.pages("list tenants", "/api/v1/tenants", paging);
}

/** Every tenant of tenantPages in one array. */
export function listTenants(api: ApiClient, paging?: Paging): Promise<Tenant[]> {
  return collect(tenantPages(api, paging));
}

/** GET /api/v1/tenants/{id} (root, or a member of that tenant). */
export function getTenant(api: ApiClient, id: string, token?: string): Promise<Tenant> {
  return api.call("get tenant", "GET", `/api/v1/tenants/${encodeURIComponent(id)}`, { token });
}

/** POST /api/v1/tenants (root only); the name is not checked for uniqueness. */
export function createTenant(
  api: ApiClient,
  body: TenantRequest & { name: string },
): Promise<Tenant> {
  return api.call("create tenant", "POST", "/api/v1/tenants", {
    json: body,
    shape: ["id", "name"],
  });
}

/** PUT /api/v1/tenants/{id} (root only); properties are merged, never removed. */
export function updateTenant(api: ApiClient, id: string, body: TenantRequest): Promise<Tenant> {
  return api.call("update tenant", "PUT", `/api/v1/tenants/${encodeURIComponent(id)}`, {
    json: body,
    shape: ["id", "name"],
  });
}

/** DELETE /api/v1/tenants/{id} (root only): 204, and everything of the tenant goes with it. */
export function deleteTenant(api: ApiClient, id: string): Promise<void> {
  return api.call("delete tenant", "DELETE", `/api/v1/tenants/${encodeURIComponent(id)}`, {
    expect: "none",
  });
}
