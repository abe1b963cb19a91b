// Catalog routes of the Pangolin test double (spec 5.7). Catalogs are keyed by name within the
// effective tenant (the summary alone uses the session tenant). Namespaces and branches are
// the ones `other.ts` keeps beside the Store, so the tree, the summary, search and the
// dashboard agree; a created catalog gets its `default` namespace and `main` branch there.

import type { Handler } from "../context.ts";
import { effectiveTenant } from "../auth.ts";
import { jsonBody, pagination, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { empty, Halt, haltJson, haltText, json, nestedError } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import { paginate, sortBy } from "../state.ts";
import type { Catalog, Store } from "../state.ts";
import { NIL_UUID, randomUuid } from "../uuid.ts";
import { grantsOf, implies } from "./governance.ts";
import { explorable } from "./other.ts";
import { recordAudit } from "./audit.ts";

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
  // Store.warehouses holds `tenant/name` of the warehouses that handlers/warehouses.ts made.
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
  addDefaults(ctx.store, tenant, catalog.name);
  recordAudit(ctx.store, {
    tenant_id: tenant,
    user_id: s.userId,
    username: s.username,
    action: "create_catalog",
    resource_type: "catalog",
    resource_name: catalog.name,
  });
  return json(201, catalogResponse(catalog));
}

/** GET /api/v1/catalogs/{name}: no permission filter, even for tenant users. */
export function getCatalog(ctx: Ctx): Reply {
  const tenant = effectiveTenant(session(ctx));
  const c = ctx.store.catalogs.find((c) => c.tenantId === tenant && c.name === ctx.params.name);
  if (!c) haltText(404, "Catalog not found");
  return json(200, catalogResponse(c));
}

/** Catalog create also makes namespace `default` and branch `main` (spec 7.4 #33). */
function addDefaults(store: Store, tenantId: string, catalog: string): void {
  const e = explorable(store);
  const mine = (x: { tenantId: string; catalog: string }) =>
    x.tenantId === tenantId && x.catalog === catalog;
  if (!e.namespaces.some((n) => mine(n) && n.path.join(".") === "default")) {
    e.namespaces.push({ tenantId, catalog, path: ["default"] });
  }
  if (!e.branches.some((b) => mine(b) && b.name === "main")) {
    e.branches.push({ tenantId, catalog, name: "main" });
  }
}

const UPDATE_BODY = S.struct("UpdateCatalogRequest", [
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

/**
 * PUT /api/v1/catalogs/{name}: no role check at all. warehouse_name is stored unchecked,
 * properties are merged, federated_config is accepted and ignored, and there is no `name`.
 */
export function updateCatalog(ctx: Ctx): Reply {
  const body = jsonBody<{
    warehouse_name?: string | null;
    storage_location?: string | null;
    federated_config?: unknown;
    properties?: Record<string, string> | null;
  }>(ctx, UPDATE_BODY);
  const tenant = effectiveTenant(session(ctx));
  const c = ctx.store.catalogs.find((c) => c.tenantId === tenant && c.name === ctx.params.name);
  if (!c) haltText(404, "Catalog not found");
  if (body.warehouse_name != null) c.warehouseName = body.warehouse_name;
  if (body.storage_location != null) c.storageLocation = body.storage_location;
  if (body.properties != null) Object.assign(c.properties, body.properties);
  return json(200, catalogResponse(c));
}

/**
 * DELETE /api/v1/catalogs/{name}: no role check (federated catalogs too); cascades to the
 * catalog's namespaces, assets and branches. A missing catalog is a 500, not a 404.
 */
export function deleteCatalog(ctx: Ctx): Reply {
  const s = session(ctx);
  const tenant = effectiveTenant(s);
  const name = ctx.params.name;
  const at = ctx.store.catalogs.findIndex((c) => c.tenantId === tenant && c.name === name);
  if (at < 0) haltText(500, "Internal Server Error");
  ctx.store.catalogs.splice(at, 1);
  const e = explorable(ctx.store);
  const other = (x: { tenantId: string; catalog: string }) =>
    !(x.tenantId === tenant && x.catalog === name);
  e.namespaces = e.namespaces.filter(other);
  e.assets = e.assets.filter(other);
  e.branches = e.branches.filter(other);
  recordAudit(ctx.store, {
    tenant_id: tenant,
    user_id: s.userId,
    username: s.username,
    action: "delete_catalog",
    resource_type: "catalog",
    resource_name: name,
  });
  return empty(204);
}

/** GET /api/v1/catalogs/{name}/summary: the SESSION tenant (root: nil); errors flat JSON. */
export function catalogSummary(ctx: Ctx): Reply {
  const tenant = session(ctx).tenantId ?? NIL_UUID;
  const name = ctx.params.name;
  const c = ctx.store.catalogs.find((c) => c.tenantId === tenant && c.name === name);
  if (!c) haltJson(404, "Catalog not found");
  const e = explorable(ctx.store);
  const mine = (x: { tenantId: string; catalog: string }) =>
    x.tenantId === tenant && x.catalog === name;
  return json(200, {
    name: c.name,
    // The real server never counts tables.
    table_count: 0,
    namespace_count: e.namespaces.filter(mine).length,
    branch_count: e.branches.filter(mine).length,
    storage_location: c.storageLocation,
  });
}

interface TreeNode {
  name: string;
  full_path: string[];
  children: TreeNode[];
}

/** Nests namespace paths in listing order; a missing parent level is made on the way. */
function buildTree(paths: string[][]): TreeNode[] {
  const root: TreeNode[] = [];
  for (const path of paths) {
    let level = root;
    path.forEach((segment, i) => {
      let node = level.find((n) => n.name === segment);
      if (!node) {
        node = { name: segment, full_path: path.slice(0, i + 1), children: [] };
        level.push(node);
      }
      level = node.children;
    });
  }
  return root;
}

function haltNested(status: number, message: string, type: string): never {
  throw new Halt(nestedError(status, message, type));
}

/**
 * GET /api/v1/catalogs/{catalog}/namespaces/tree: admins always; a tenant user needs a grant
 * (direct or through a role) on the catalog or the tenant implying `list`. Errors are the
 * Iceberg-style nested JSON. A federated catalog would be forwarded to its remote, which the
 * double cannot reach: it answers as a failed listing.
 */
export function namespaceTree(ctx: Ctx): Reply {
  const s = session(ctx);
  const tenant = effectiveTenant(s);
  const name = ctx.params.name;
  const c = ctx.store.catalogs.find((c) => c.tenantId === tenant && c.name === name);
  if (!c) haltNested(404, `Namespace does not exist: ${name}`, "NoSuchNamespaceException");
  if (s.role === "tenant-user") {
    const allowed = grantsOf(ctx.store, s.userId).some((g) =>
      (g.scope.type === "tenant" || (g.scope.type === "catalog" && g.scope.catalog_id === c.id)) &&
      g.actions.some((a) => implies(a, "list"))
    );
    if (!allowed) haltNested(403, "Forbidden", "ForbiddenException");
  }
  if (c.catalogType === "Federated") {
    haltNested(500, "Failed to list namespaces", "InternalServerError");
  }
  const paths = explorable(ctx.store).namespaces
    .filter((n) => n.tenantId === tenant && n.catalog === name)
    .map((n) => n.path);
  return json(200, { root: buildTree(paths) });
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "GET /api/v1/catalogs": listCatalogs,
  "POST /api/v1/catalogs": createCatalog,
  "GET /api/v1/catalogs/{name}": getCatalog,
  "PUT /api/v1/catalogs/{name}": updateCatalog,
  "DELETE /api/v1/catalogs/{name}": deleteCatalog,
  "GET /api/v1/catalogs/{name}/summary": catalogSummary,
  "GET /api/v1/catalogs/{name}/namespaces/tree": namespaceTree,
};
