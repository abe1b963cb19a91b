/**
 * Federated-catalog endpoints (pangolin-api.md 5.8). The server returns a catalog's
 * `properties` verbatim, tokens and secrets included: every function here masks them.
 */
import { maskSecrets } from "../secrets.ts";
import type { ApiClient } from "./client.ts";

/** FederatedCatalogResponse: a reduced view of a catalog of type Federated. */
export interface FederatedCatalog {
  id: string;
  name: string;
  properties: Record<string, string>;
}

/** The answer of a successful connection test. */
export interface FederatedTestResult {
  status: string;
  catalog: string;
  base_url: string;
}

/** GET /api/v1/federated-catalogs/{name}/stats (snake_case). */
export interface FederatedStats {
  last_synced_at: string | null;
  sync_status: string;
  tables_synced: number;
  namespaces_synced: number;
  error_message: string | null;
}

function path(name: string): string {
  return `/api/v1/federated-catalogs/${encodeURIComponent(name)}`;
}

/**
 * POST /api/v1/federated-catalogs with `{name, config: {properties}}` (root may, unlike local
 * catalogs); 409 when any catalog has that name. Secrets masked.
 */
export async function createFederatedCatalog(
  api: ApiClient,
  name: string,
  properties: Record<string, string>,
): Promise<FederatedCatalog> {
  return maskSecrets(
    await api.call<FederatedCatalog>(
      "create federated catalog",
      "POST",
      "/api/v1/federated-catalogs",
      { json: { name, config: { properties } }, shape: ["name"] },
    ),
    api.options.showSecrets,
  );
}

/** GET /api/v1/federated-catalogs (effective tenant; no server paging); secrets masked. */
export async function listFederatedCatalogs(api: ApiClient): Promise<FederatedCatalog[]> {
  const rows = await api.call<FederatedCatalog[]>(
    "list federated catalogs",
    "GET",
    "/api/v1/federated-catalogs",
    { shape: "array" },
  );
  return rows.map((r) => maskSecrets(r, api.options.showSecrets));
}

/** GET /api/v1/federated-catalogs/{name}: 404 when missing, 400 for a local catalog. */
export async function getFederatedCatalog(
  api: ApiClient,
  name: string,
): Promise<FederatedCatalog> {
  return maskSecrets(
    await api.call<FederatedCatalog>("get federated catalog", "GET", path(name), {
      shape: ["name"],
    }),
    api.options.showSecrets,
  );
}

/** DELETE /api/v1/federated-catalogs/{name}: 200 `{"status":"deleted","catalog":..}`. */
export async function deleteFederatedCatalog(api: ApiClient, name: string): Promise<void> {
  await api.call("delete federated catalog", "DELETE", path(name), { expect: "none" });
}

/** POST /api/v1/federated-catalogs/{name}/test (no body): 200 connected, 503 failed. */
export async function testFederatedCatalog(
  api: ApiClient,
  name: string,
): Promise<FederatedTestResult> {
  return maskSecrets(
    await api.call<FederatedTestResult>("test federated catalog", "POST", `${path(name)}/test`, {
      shape: ["status"],
    }),
    api.options.showSecrets,
  );
}

/**
 * POST /api/v1/federated-catalogs/{name}/sync (no body): `{"status":"Sync triggered"}`. The
 * in-memory store does not implement sync and always answers 500.
 */
export function syncFederatedCatalog(api: ApiClient, name: string): Promise<{ status: string }> {
  return api.call("sync federated catalog", "POST", `${path(name)}/sync`, { shape: ["status"] });
}

/** GET /api/v1/federated-catalogs/{name}/stats: answers for any name, existing or not. */
export function federatedStats(api: ApiClient, name: string): Promise<FederatedStats> {
  return api.call("get federated catalog stats", "GET", `${path(name)}/stats`, {
    shape: ["sync_status"],
  });
}
