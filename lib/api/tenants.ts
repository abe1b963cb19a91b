/** Tenant endpoints (pangolin-api.md 5.4): create/update/delete answer plain-text errors. */
import { maskSecrets } from "../secrets.ts";
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

/** The tenant with its secret-named properties masked (unless --show-secrets). */
function masked(api: ApiClient, tenant: Tenant): Tenant {
  if (typeof tenant !== "object" || tenant === null || !tenant.properties) return tenant;
  return { ...tenant, properties: maskSecrets(tenant.properties, api.options.showSecrets) };
}

/** GET /api/v1/tenants (root only); secret-named properties masked. */
export async function* tenantPages(api: ApiClient, paging?: Paging): AsyncGenerator<Tenant[]> {
  for await (const page of api.pages<Tenant>("list tenants", "/api/v1/tenants", paging)) {
    yield page.map((t) => masked(api, t));
  }
}

/** Every tenant of tenantPages in one array. */
export function listTenants(api: ApiClient, paging?: Paging): Promise<Tenant[]> {
  return collect(tenantPages(api, paging));
}

/** GET /api/v1/tenants/{id} (root, or a member of that tenant); properties masked. */
export async function getTenant(api: ApiClient, id: string, token?: string): Promise<Tenant> {
  return masked(
    api,
    await api.call("get tenant", "GET", `/api/v1/tenants/${encodeURIComponent(id)}`, { token }),
  );
}

/** POST /api/v1/tenants (root only); the name is not checked for uniqueness. */
export async function createTenant(
  api: ApiClient,
  body: TenantRequest & { name: string },
): Promise<Tenant> {
  return masked(
    api,
    await api.call("create tenant", "POST", "/api/v1/tenants", {
      json: body,
      shape: ["id", "name"],
    }),
  );
}

/** PUT /api/v1/tenants/{id} (root only); properties are merged, never removed. */
export async function updateTenant(
  api: ApiClient,
  id: string,
  body: TenantRequest,
): Promise<Tenant> {
  return masked(
    api,
    await api.call("update tenant", "PUT", `/api/v1/tenants/${encodeURIComponent(id)}`, {
      json: body,
      shape: ["id", "name"],
    }),
  );
}

/** DELETE /api/v1/tenants/{id} (root only): 204, and everything of the tenant goes with it. */
export function deleteTenant(api: ApiClient, id: string): Promise<void> {
  return api.call("delete tenant", "DELETE", `/api/v1/tenants/${encodeURIComponent(id)}`, {
    expect: "none",
  });
}
