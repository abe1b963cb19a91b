/**
 * Catalog endpoints (pangolin-api.md 5.7), and the masking of secrets that the server returns
 * verbatim in catalogs, warehouses and federated catalogs (api.md 7.4 #40).
 */
import { ApiError } from "../errors.ts";
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

/** What a masked secret reads as. */
export const MASK = "***";

// Name parts that mark a secret; a name that ends in `key` (account-key, api_key, privateKey)
// is one too, while `access-key-id` or `kms-key-id` are identifiers and stay readable.
const SECRET_WORDS = new Set([
  "secret",
  "password",
  "passwd",
  "pwd",
  "token",
  "credential",
  "credentials",
  "sas",
  "signature",
  "authorization",
  "cookie",
  "apikey",
  "privatekey",
  "secretkey",
  "accountkey",
]);

/** Whether a property or config key names a secret (token, password, secret key, ...). */
export function looksSecret(key: string): boolean {
  const parts = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/)
    .filter((p) => p !== "");
  return parts.some((p) => SECRET_WORDS.has(p)) || parts.at(-1) === "key";
}

// `https://user:pass@host/...`: the user part of a URL is a credential too.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]+@/gi;

/** Text with the user part of every URL in it masked (`https://***@host/...`). */
export function redactText(text: string): string {
  return text.replace(URL_USERINFO, `$1${MASK}@`);
}

function maskLeaf(value: unknown, secret: boolean): unknown {
  if (typeof value === "string") {
    if (secret) return value === "" ? value : MASK;
    return redactText(value);
  }
  if (secret && value !== null && value !== undefined) return MASK;
  return value;
}

function mask(value: unknown, secret: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => mask(v, secret));
  if (typeof value === "object" && value !== null) {
    // fromEntries makes own properties, so even a `__proto__` key stays a plain key.
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, mask(v, secret || looksSecret(k))]),
    );
  }
  return maskLeaf(value, secret);
}

/**
 * A copy of a server object with every secret masked: values under secret-looking keys (and
 * everything below such a key), and the user part of URLs. The server returns storage keys,
 * tokens and passwords verbatim; the endpoint functions mask them before anything can print.
 */
export function redactSecrets<T>(value: T): T {
  return mask(value, false) as T;
}

function path(name: string): string {
  return `/api/v1/catalogs/${encodeURIComponent(name)}`;
}

/** GET /api/v1/catalogs (effective tenant; filtered for tenant users); secrets masked. */
export async function* catalogPages(api: ApiClient, paging?: Paging): AsyncGenerator<Catalog[]> {
  for await (const page of api.pages<Catalog>("list catalogs", "/api/v1/catalogs", paging)) {
    yield page.map(redactSecrets);
  }
}

/** Every catalog of catalogPages in one array; secrets masked. */
export function listCatalogs(api: ApiClient, paging?: Paging): Promise<Catalog[]> {
  return collect(catalogPages(api, paging));
}

/** GET /api/v1/catalogs/{name} (no permission filter); secrets masked. */
export async function getCatalog(api: ApiClient, name: string): Promise<Catalog> {
  return redactSecrets(
    await api.call<Catalog>("get catalog", "GET", path(name), { shape: ["name"] }),
  );
}

/** POST /api/v1/catalogs (anyone but root); a duplicate name replaces on the in-memory store. */
export async function createCatalog(api: ApiClient, body: CreateCatalogRequest): Promise<Catalog> {
  return redactSecrets(
    await api.call<Catalog>("create catalog", "POST", "/api/v1/catalogs", {
      json: body,
      shape: ["name"],
    }),
  );
}

/** PUT /api/v1/catalogs/{name}: properties merged; `warehouse_name` not validated. */
export async function updateCatalog(
  api: ApiClient,
  name: string,
  body: UpdateCatalogRequest,
): Promise<Catalog> {
  return redactSecrets(
    await api.call<Catalog>("update catalog", "PUT", path(name), { json: body, shape: ["name"] }),
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
