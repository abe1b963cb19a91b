/**
 * Warehouse endpoints (pangolin-api.md 5.6). Warehouses are addressed by name within the
 * effective tenant. The server returns `storage_config` and `vending_strategy` exactly as
 * stored, secret keys included: every function here masks them before returning.
 */
import { ApiError } from "../errors.ts";
import { maskSecrets } from "../secrets.ts";
import { type ApiClient, collect, type Paging } from "./client.ts";

/** WarehouseResponse (snake_case). */
export interface Warehouse {
  id: string;
  name: string;
  tenant_id: string;
  use_sts: boolean;
  /** String to string; keys such as `s3.bucket`, `s3.region`, `adls.account-name`. */
  storage_config: Record<string, string>;
  /** null, the string "None", or an externally tagged object such as `{"AwsSts": {...}}`. */
  vending_strategy: unknown;
}

/** The create body (snake_case, strict; every storage_config value a string). */
export interface CreateWarehouseRequest {
  name: string;
  use_sts: boolean;
  storage_config: Record<string, string>;
}

function path(name: string): string {
  return `/api/v1/warehouses/${encodeURIComponent(name)}`;
}

/** GET /api/v1/warehouses (effective tenant, by name); secrets masked. */
export async function* warehousePages(
  api: ApiClient,
  paging?: Paging,
): AsyncGenerator<Warehouse[]> {
  for await (const page of api.pages<Warehouse>("list warehouses", "/api/v1/warehouses", paging)) {
    yield page.map((r) => maskSecrets(r, api.options.showSecrets));
  }
}

/** Every warehouse of warehousePages in one array; secrets masked. */
export function listWarehouses(api: ApiClient, paging?: Paging): Promise<Warehouse[]> {
  return collect(warehousePages(api, paging));
}

/**
 * The warehouse named exactly `name`, read from the listing; undefined when there is none.
 * GET /api/v1/warehouses/{name} is not asked: the real server keeps answering it after a
 * rename or a delete, with the renamed (or deleted) record, so a 200 there proves nothing.
 * PUT and DELETE by name do address the warehouse that has the name now. Secrets masked.
 */
export async function findWarehouse(api: ApiClient, name: string): Promise<Warehouse | undefined> {
  return (await listWarehouses(api)).find((w) => w.name === name);
}

/** The warehouse named exactly `name` (see findWarehouse); a 404 ApiError when there is none. */
export async function getWarehouse(api: ApiClient, name: string): Promise<Warehouse> {
  const found = await findWarehouse(api, name);
  if (!found) throw new ApiError("get warehouse", 404, "Warehouse not found");
  return found;
}

/**
 * POST /api/v1/warehouses: exactly tenant-admin (root is refused even with a tenant header).
 * On the in-memory store a duplicate name silently replaces the warehouse. Secrets masked.
 */
export async function createWarehouse(
  api: ApiClient,
  body: CreateWarehouseRequest,
): Promise<Warehouse> {
  return maskSecrets(
    await api.call<Warehouse>("create warehouse", "POST", "/api/v1/warehouses", {
      json: body,
      shape: ["name"],
    }),
    api.options.showSecrets,
  );
}

/**
 * PUT /api/v1/warehouses/{name} with `{"name": new}`: a rename, which makes the server ignore
 * every other field of the same request. Secrets masked.
 */
export async function renameWarehouse(
  api: ApiClient,
  name: string,
  newName: string,
): Promise<Warehouse> {
  return maskSecrets(
    await api.call<Warehouse>("update warehouse", "PUT", path(name), {
      json: { name: newName },
      shape: ["name"],
    }),
    api.options.showSecrets,
  );
}

/** DELETE /api/v1/warehouses/{name}: 204; catalogs naming the warehouse are left as they are. */
export async function deleteWarehouse(api: ApiClient, name: string): Promise<void> {
  await api.call("delete warehouse", "DELETE", path(name), { expect: "none" });
}
