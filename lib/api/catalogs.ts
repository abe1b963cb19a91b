/** Catalog endpoints (pangolin-api.md 5.7). */
import type { ApiClient, Paging } from "./client.ts";

/** CatalogResponse (snake_case). */
export interface Catalog {
  id: string;
  name: string;
  catalog_type: string;
  warehouse_name: string | null;
  storage_location: string | null;
  federated_config: unknown;
  properties: Record<string, string>;
}

/** GET /api/v1/catalogs (effective tenant; filtered for tenant users). */
export function listCatalogs(api: ApiClient, paging?: Paging): Promise<Catalog[]> {
  return api.list("list catalogs", "/api/v1/catalogs", paging);
}
