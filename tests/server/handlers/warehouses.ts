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

// VendingStrategy is externally tagged: the unit variant "None", or one single-key object.
const VENDING_VARIANTS: Record<string, readonly string[]> = {
  AwsSts: ["role_arn", "external_id"],
  AwsStatic: ["access_key_id", "secret_access_key"],
  AzureSas: ["account_name", "account_key"],
  GcpDownscoped: ["service_account_email", "private_key"],
};

const VENDING: Schema = S.option(S.any);

/** Checks a decoded vending_strategy the way serde would (422 on a wrong shape). */
function checkVending(value: unknown): void {
  if (value === null || value === undefined || value === "None") return;
  const variants = ["AwsSts", "AwsStatic", "AzureSas", "GcpDownscoped", "None"];
  const bad = (why: string) =>
    haltText(
      422,
      `Failed to deserialize the JSON body into the target type: vending_strategy: ${why}`,
    );
  if (typeof value === "string") {
    bad(
      `unknown variant \`${value}\`, expected one of ${variants.map((v) => `\`${v}\``).join(", ")}`,
    );
  }
  if (typeof value !== "object" || Array.isArray(value) || Object.keys(value).length !== 1) {
    bad("invalid type, expected enum VendingStrategy");
  }
  const [tag, inner] = Object.entries(value as Record<string, unknown>)[0];
  const fields = VENDING_VARIANTS[tag];
  if (!fields) bad(`unknown variant \`${tag}\``);
  if (typeof inner !== "object" || inner === null) bad(`invalid type, expected struct variant`);
  for (const f of Object.keys(inner as object)) {
    if (!fields.includes(f)) bad(`unknown field \`${f}\``);
  }
}

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
  checkVending(body.vending_strategy);
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
  checkVending(body.vending_strategy);
  const s = session(ctx);
  if (s.role !== "tenant-admin") haltText(403, "Only Tenant Admins can update warehouses.");
  const tenant = effectiveTenant(s);
  const w = table(ctx.store).get(key(tenant, ctx.params.name));
  if (!w) haltText(404, "Warehouse not found");
  if (body.name != null) {
    remove(ctx.store, tenant, w.name);
    w.name = body.name;
    put(ctx.store, w);
    return json(200, response(w));
  }
  if (body.storage_config != null) Object.assign(w.storageConfig, body.storage_config);
  if (body.use_sts != null) w.useSts = body.use_sts;
  return json(200, response(w));
}

/** DELETE /api/v1/warehouses/{name}: tenant-admin only; catalogs naming it are left alone. */
export function deleteWarehouse(ctx: Ctx): Reply {
  const s = session(ctx);
  if (s.role !== "tenant-admin") haltText(403, "Only Tenant Admins can delete warehouses.");
  const tenant = effectiveTenant(s);
  const name = ctx.params.name;
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
