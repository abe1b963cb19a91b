/** Tenant endpoints (pangolin-api.md 5.4). */
import type { ApiClient, Paging } from "./client.ts";

/** TenantResponse (snake_case). */
export interface Tenant {
  id: string;
  name: string;
  properties: Record<string, string>;
}

/** GET /api/v1/tenants (root only). */
export function listTenants(api: ApiClient, paging?: Paging): Promise<Tenant[]> {
  return api.list("list tenants", "/api/v1/tenants", paging);
}

/** GET /api/v1/tenants/{id} (root, or a member of that tenant). */
export function getTenant(api: ApiClient, id: string, token?: string): Promise<Tenant> {
  return api.call("get tenant", "GET", `/api/v1/tenants/${encodeURIComponent(id)}`, { token });
}
