/**
 * Catalog endpoints (pangolin-api.md 5.7), and the masking of secrets that the server returns
 * verbatim in catalogs, warehouses and federated catalogs (api.md 7.4 #40).
 */
import { ApiError } from "../errors.ts";
import { maskSecrets } from "../secrets.ts";
import { type ApiClient, collect, type Paging } from "./client.ts";

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

/** The create body (snake_case, strict: `warehouse` or `type` give 422). */
export interface CreateCatalogRequest {
  name: string;
  warehouse_name?: string;
  storage_location?: string;
  properties?: Record<string, string>;
}

/** The update body (strict; there is no `name`: catalogs cannot be renamed). */
export interface UpdateCatalogRequest {
  warehouse_name?: string;
  storage_location?: string;
  properties?: Record<string, string>;
}

/** GET /api/v1/catalogs/{name}/summary (snake_case). */
export interface CatalogSummary {
  name: string;
  table_count: number;
  namespace_count: number;
  branch_count: number;
  storage_location: string | null;
}

/** A node of the namespace tree: the last segment, the whole path, the children. */
export interface NamespaceNode {
  name: string;
  full_path: string[];
  children: NamespaceNode[];
}

/** GET /api/v1/catalogs/{catalog}/namespaces/tree. */
export interface NamespaceTree {
  root: NamespaceNode[];
}

function path(name: string): string {
  return `/api/v1/catalogs/${encodeURIComponent(name)}`;
}

/** GET /api/v1/catalogs (effective tenant; filtered for tenant users); secrets masked. */
export async function* catalogPages(api: ApiClient, paging?: Paging): AsyncGenerator<Catalog[]> {
  for await (const page of api.pages<Catalog>("list catalogs", "/api/v1/catalogs", paging)) {
    yield page.map((r) => maskSecrets(r, api.options.showSecrets));
  }
}

/** Every catalog of catalogPages in one array; secrets masked. */
export function listCatalogs(api: ApiClient, paging?: Paging): Promise<Catalog[]> {
  return collect(catalogPages(api, paging));
}

/** GET /api/v1/catalogs/{name} (no permission filter); secrets masked. */
export async function getCatalog(api: ApiClient, name: string): Promise<Catalog> {
  return maskSecrets(
    await api.call<Catalog>("get catalog", "GET", path(name), { shape: ["name"] }),
    api.options.showSecrets,
  );
}

/** POST /api/v1/catalogs (anyone but root); a duplicate name replaces on the in-memory store. */
export async function createCatalog(api: ApiClient, body: CreateCatalogRequest): Promise<Catalog> {
  return maskSecrets(
    await api.call<Catalog>("create catalog", "POST", "/api/v1/catalogs", {
      json: body,
      shape: ["name"],
    }),
    api.options.showSecrets,
  );
}

/** PUT /api/v1/catalogs/{name}: properties merged; `warehouse_name` not validated. */
export async function updateCatalog(
  api: ApiClient,
  name: string,
  body: UpdateCatalogRequest,
): Promise<Catalog> {
  return maskSecrets(
    await api.call<Catalog>("update catalog", "PUT", path(name), { json: body, shape: ["name"] }),
    api.options.showSecrets,
  );
}

/** DELETE /api/v1/catalogs/{name}: 204; a missing catalog answers 500, not 404. */
export async function deleteCatalog(api: ApiClient, name: string): Promise<void> {
  await api.call("delete catalog", "DELETE", path(name), { expect: "none" });
}

/** GET /api/v1/catalogs/{name}/summary (session tenant: root always reads the nil tenant). */
export function catalogSummary(api: ApiClient, name: string): Promise<CatalogSummary> {
  return api.call("get catalog summary", "GET", `${path(name)}/summary`, { shape: ["name"] });
}

/** GET /api/v1/catalogs/{catalog}/namespaces/tree (errors in the nested-JSON family). */
export async function namespaceTree(api: ApiClient, catalog: string): Promise<NamespaceTree> {
  const tree = await api.call<NamespaceTree>(
    "list namespace tree",
    "GET",
    `${path(catalog)}/namespaces/tree`,
  );
  if (typeof tree !== "object" || tree === null || !Array.isArray(tree.root)) {
    throw new ApiError("list namespace tree", 200, "the reply has no `root` list", {
      unexpected: true,
    });
  }
  return tree;
}
