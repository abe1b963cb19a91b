// Catalog routes of the Pangolin test double (spec 5.7.1 to 5.7.3). Catalogs are keyed by
// name within the effective tenant.

import type { Handler } from "../context.ts";
import { effectiveTenant } from "../auth.ts";
import { jsonBody, pagination, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { haltText, json } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import { paginate, sortBy } from "../state.ts";
import type { Catalog } from "../state.ts";
import { randomUuid } from "../uuid.ts";

const CREATE_BODY = S.struct("CreateCatalogRequest", [
  { name: "name", schema: S.string },
  { name: "catalog_type", schema: S.option(S.enumOf(["Local", "Federated"])) },
  { name: "warehouse_name", schema: S.option(S.string) },
  { name: "storage_location", schema: S.option(S.string) },
  {
    name: "federated_config",
    schema: S.option(
      S.struct("FederatedCatalogConfig", [{ name: "properties", schema: S.map(S.string) }], false),
    ),
  },
  { name: "properties", schema: S.option(S.map(S.string)) },
]);

// Actions that imply `read` (or are `manage-discovery`) for the tenant-user list filter.
const LISTING_ACTIONS = new Set(["read", "write", "all", "manage-discovery"]);

/** CatalogResponse (snake_case). */
export function catalogResponse(c: Catalog): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    catalog_type: c.catalogType,
    warehouse_name: c.warehouseName,
    storage_location: c.storageLocation,
    federated_config: c.federatedConfig,
    properties: c.properties,
  };
}

/** GET /api/v1/catalogs: tenant users only see catalogs they hold a DIRECT grant on. */
export function listCatalogs(ctx: Ctx): Reply {
  const q = pagination(ctx);
  const s = session(ctx);
  const tenant = effectiveTenant(s);
  let rows = ctx.store.catalogs.filter((c) => c.tenantId === tenant);
  if (s.role === "tenant-user") {
    // Role grants are not considered here, only direct permissions.
    const grants = ctx.store.permissions.filter((p) =>
      p.userId === s.userId && p.tenantId === tenant &&
      p.actions.some((a) => LISTING_ACTIONS.has(a))
    );
    rows = rows.filter((c) =>
      grants.some((p) =>
        p.scope.type === "tenant" || (p.scope.type === "catalog" && p.scope.catalog_id === c.id)
      )
    );
  }
  // limit/offset apply after the permission filter.
  return json(200, paginate(sortBy(rows, (c) => c.name), q).map(catalogResponse));
}

/** POST /api/v1/catalogs: anyone except root (tenant users included). */
export function createCatalog(ctx: Ctx): Reply {
  const body = jsonBody<{
    name: string;
    catalog_type?: "Local" | "Federated" | null;
    warehouse_name?: string | null;
    storage_location?: string | null;
    federated_config?: { properties: Record<string, string> } | null;
    properties?: Record<string, string> | null;
  }>(ctx, CREATE_BODY);
  const s = session(ctx);
  if (s.role === "root") {
    haltText(403, "Root user cannot create catalogs. Please login as Tenant Admin.");
  }
  const tenant = effectiveTenant(s);
  const warehouse = body.warehouse_name ? body.warehouse_name : null;
  // The double has no warehouses, so any named warehouse is unknown.
  if (warehouse !== null && !ctx.store.warehouses.has(`${tenant}/${warehouse}`)) {
    haltText(400, "Warehouse not found");
  }
  const type = body.catalog_type ?? "Local";
  if (type === "Federated" && !body.federated_config) {
    haltText(400, "Federated catalog requires configuration");
  }
  const existing = ctx.store.catalogs.findIndex((c) =>
    c.tenantId === tenant && c.name === body.name
  );
  // In memory a duplicate name silently replaces; PostgreSQL (tenant, name) key gives 500.
  if (existing >= 0 && ctx.cfg.backend === "sql") haltText(500, "Internal Server Error");
  const catalog: Catalog = {
    id: randomUuid(),
    tenantId: tenant,
    name: body.name,
    catalogType: type,
    warehouseName: warehouse,
    storageLocation: body.storage_location ?? null,
    federatedConfig: body.federated_config ?? null,
    properties: body.properties ?? {},
  };
  if (existing >= 0) ctx.store.catalogs.splice(existing, 1);
  ctx.store.catalogs.push(catalog);
  return json(201, catalogResponse(catalog));
}

/** GET /api/v1/catalogs/{name}: no permission filter, even for tenant users. */
export function getCatalog(ctx: Ctx): Reply {
  const tenant = effectiveTenant(session(ctx));
  const c = ctx.store.catalogs.find((c) => c.tenantId === tenant && c.name === ctx.params.name);
  if (!c) haltText(404, "Catalog not found");
  return json(200, catalogResponse(c));
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "GET /api/v1/catalogs": listCatalogs,
  "POST /api/v1/catalogs": createCatalog,
  "GET /api/v1/catalogs/{name}": getCatalog,
};
