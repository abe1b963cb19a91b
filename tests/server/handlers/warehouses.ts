// Warehouse routes of the Pangolin test double (spec 5.6). Warehouses are keyed by name within
// the effective tenant; every handler error is plain text. The records live here, keyed by
// store; `Store.warehouses` (the `tenant/name` set the catalog create checks) is kept in step.

import type { Handler } from "../context.ts";
import { effectiveTenant } from "../auth.ts";
import { jsonBody, pagination, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { empty, haltText, json } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import type { Schema } from "../serde_json.ts";
import { paginate, sortBy } from "../state.ts";
import type { Store } from "../state.ts";
import { randomUuid } from "../uuid.ts";

/** A stored warehouse. */
interface Warehouse {
  id: string;
  tenantId: string;
  name: string;
  useSts: boolean;
  storageConfig: Record<string, string>;
  vendingStrategy: unknown;
}

const records = new WeakMap<Store, Map<string, Warehouse>>();

function table(store: Store): Map<string, Warehouse> {
  let t = records.get(store);
  if (!t) {
    t = new Map();
    records.set(store, t);
  }
  return t;
}

/**
 * The real server's read cache of warehouses by (tenant, name): a successful PUT stores a
 * snapshot of the result under the name in the path, so after a rename the OLD name keeps
 * answering GET with the renamed record (stale from then on), until a DELETE to that name,
 * even one that answers 404, drops it. A PUT to the old name answers 404 and keeps it.
 */
const readCache = new WeakMap<Store, Map<string, Record<string, unknown>>>();

function cache(store: Store): Map<string, Record<string, unknown>> {
  let c = readCache.get(store);
  if (!c) {
    c = new Map();
    readCache.set(store, c);
  }
  return c;
}

function key(tenant: string, name: string): string {
  return `${tenant}/${name}`;
}

function put(store: Store, w: Warehouse): void {
  table(store).set(key(w.tenantId, w.name), w);
  store.warehouses.add(key(w.tenantId, w.name));
}

function remove(store: Store, tenant: string, name: string): void {
  table(store).delete(key(tenant, name));
  store.warehouses.delete(key(tenant, name));
}

// VendingStrategy is externally tagged: the unit variant "None", or one single-key object
// whose struct fields are not checked for unknown keys.
const VENDING: Schema = S.option(
  S.tagged("VendingStrategy", {
    AwsSts: [
      { name: "role_arn", schema: S.string },
      { name: "external_id", schema: S.option(S.string) },
    ],
    AwsStatic: [
      { name: "access_key_id", schema: S.string },
      { name: "secret_access_key", schema: S.string },
    ],
    AzureSas: [
      { name: "account_name", schema: S.string },
      { name: "account_key", schema: S.string },
    ],
    GcpDownscoped: [
      { name: "service_account_email", schema: S.string },
      { name: "private_key", schema: S.string },
    ],
    None: null,
  }),
);

const CREATE_BODY = S.struct("CreateWarehouseRequest", [
  { name: "name", schema: S.string },
  { name: "use_sts", schema: S.bool, defaulted: true },
  { name: "storage_config", schema: S.map(S.string), defaulted: true },
  { name: "vending_strategy", schema: VENDING },
]);

const UPDATE_BODY = S.struct("UpdateWarehouseRequest", [
  { name: "name", schema: S.option(S.string) },
  { name: "use_sts", schema: S.option(S.bool) },
  { name: "storage_config", schema: S.option(S.map(S.string)) },
  { name: "vending_strategy", schema: VENDING },
]);

/** WarehouseResponse (snake_case), secrets included as the real server sends them. */
function response(w: Warehouse): Record<string, unknown> {
  return {
    id: w.id,
    name: w.name,
    tenant_id: w.tenantId,
    use_sts: w.useSts,
    storage_config: w.storageConfig,
    vending_strategy: w.vendingStrategy,
  };
}

/** GET /api/v1/warehouses: anyone; the effective tenant's warehouses by name. */
export function listWarehouses(ctx: Ctx): Reply {
  const q = pagination(ctx);
  const tenant = effectiveTenant(session(ctx));
  const rows = [...table(ctx.store).values()].filter((w) => w.tenantId === tenant);
  return json(200, paginate(sortBy(rows, (w) => w.name), q).map(response));
}

/** POST /api/v1/warehouses: exactly tenant-admin; root is refused even with the header. */
export function createWarehouse(ctx: Ctx): Reply {
  const body = jsonBody<{
    name: string;
    use_sts?: boolean;
    storage_config?: Record<string, string>;
    vending_strategy?: unknown;
  }>(ctx, CREATE_BODY);
  const s = session(ctx);
  if (s.role === "root") {
    haltText(403, "Root user cannot create warehouses. Please login as Tenant Admin.");
  }
  if (s.role === "tenant-user") haltText(403, "Tenant users cannot create warehouses.");
  const tenant = effectiveTenant(s);
  const exists = table(ctx.store).has(key(tenant, body.name));
  // In memory a duplicate name silently replaces; PostgreSQL's (tenant, name) key gives 500.
  if (exists && ctx.cfg.backend === "sql") {
    haltText(
      500,
      "Internal Server Error: duplicate key value violates unique constraint " +
        '"warehouses_tenant_id_name_key"',
    );
  }
  const w: Warehouse = {
    id: randomUuid(),
    tenantId: tenant,
    name: body.name,
    useSts: body.use_sts ?? false,
    storageConfig: body.storage_config ?? {},
    vendingStrategy: body.vending_strategy ?? null,
  };
  put(ctx.store, w);
  return json(201, response(w));
}

/** GET /api/v1/warehouses/{name}: anyone, within the effective tenant. */
export function getWarehouse(ctx: Ctx): Reply {
  const tenant = effectiveTenant(session(ctx));
  const cached = cache(ctx.store).get(key(tenant, ctx.params.name));
  if (cached) return json(200, cached);
  const w = table(ctx.store).get(key(tenant, ctx.params.name));
  if (!w) haltText(404, "Warehouse not found");
  return json(200, response(w));
}

/**
 * PUT /api/v1/warehouses/{name}: tenant-admin only. A `name` renames and every other field of
 * the request is ignored; otherwise storage_config is merged and use_sts set. vending_strategy
 * is always ignored.
 */
export function updateWarehouse(ctx: Ctx): Reply {
  const body = jsonBody<{
    name?: string | null;
    use_sts?: boolean | null;
    storage_config?: Record<string, string> | null;
    vending_strategy?: unknown;
  }>(ctx, UPDATE_BODY);
  const s = session(ctx);
  if (s.role !== "tenant-admin") haltText(403, "Only Tenant Admins can update warehouses.");
  const tenant = effectiveTenant(s);
  const w = table(ctx.store).get(key(tenant, ctx.params.name));
  if (!w) haltText(404, "Warehouse not found");
  if (body.name != null) {
    remove(ctx.store, tenant, w.name);
    w.name = body.name;
    put(ctx.store, w);
  } else {
    if (body.storage_config != null) Object.assign(w.storageConfig, body.storage_config);
    if (body.use_sts != null) w.useSts = body.use_sts;
  }
  cache(ctx.store).set(key(tenant, ctx.params.name), structuredClone(response(w)));
  return json(200, response(w));
}

/** DELETE /api/v1/warehouses/{name}: tenant-admin only; catalogs naming it are left alone. */
export function deleteWarehouse(ctx: Ctx): Reply {
  const s = session(ctx);
  if (s.role !== "tenant-admin") haltText(403, "Only Tenant Admins can delete warehouses.");
  const tenant = effectiveTenant(s);
  const name = ctx.params.name;
  cache(ctx.store).delete(key(tenant, name));
  if (!table(ctx.store).has(key(tenant, name))) haltText(404, `Warehouse '${name}' not found`);
  remove(ctx.store, tenant, name);
  return empty(204);
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "GET /api/v1/warehouses": listWarehouses,
  "POST /api/v1/warehouses": createWarehouse,
  "GET /api/v1/warehouses/{name}": getWarehouse,
  "PUT /api/v1/warehouses/{name}": updateWarehouse,
  "DELETE /api/v1/warehouses/{name}": deleteWarehouse,
};
