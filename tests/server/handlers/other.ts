// Dashboard, search, bulk-delete and name-validation routes of the Pangolin test double
// (spec 5.14). All use the SESSION tenant (root: the nil tenant), all errors are flat JSON.
// The namespaces, assets and branches they look at live beside the Store (seeded here, in
// acme's `sales` and `marketing` catalogs); catalogs and warehouses are the Store's own.

import type { Handler } from "../context.ts";
import { jsonBody, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import type { Session } from "../auth.ts";
import { haltJson, haltText, json } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import { SEED } from "../seed.ts";
import type { Catalog, Store } from "../state.ts";
import { decodeStruct, parsePairs, UrlError } from "../urlencoded.ts";
import type { UrlField } from "../urlencoded.ts";
import { canonicalUuid, NIL_UUID } from "../uuid.ts";
import { ASSET_SEED } from "./asset_seed.ts";
import { metadataOf } from "./metadata.ts";

interface Asset {
  id: string;
  tenantId: string;
  catalog: string;
  namespace: string[];
  name: string;
  kind: string;
  /** As registered (absent for the seeded assets, which get a made-up one). */
  location?: string;
  properties?: Record<string, string>;
}

interface Namespace {
  tenantId: string;
  catalog: string;
  path: string[];
}

interface Branch {
  tenantId: string;
  catalog: string;
  name: string;
}

interface Explorable {
  namespaces: Namespace[];
  assets: Asset[];
  branches: Branch[];
}

export { ASSET_SEED } from "./asset_seed.ts";

function seed(): Explorable {
  const t = SEED.tenantId;
  const asset = (id: string, catalog: string, ns: string, name: string, kind: string) => ({
    id,
    tenantId: t,
    catalog,
    namespace: ns.split("."),
    name,
    kind,
  });
  return {
    namespaces: [
      { tenantId: t, catalog: "sales", path: ["analytics"] },
      { tenantId: t, catalog: "sales", path: ["analytics", "sales"] },
      { tenantId: t, catalog: "marketing", path: ["ml"] },
    ],
    assets: [
      asset(ASSET_SEED.orders, "sales", "analytics.sales", "orders", "ICEBERG_TABLE"),
      asset(ASSET_SEED.customers, "sales", "analytics", "customers", "ICEBERG_TABLE"),
      asset(ASSET_SEED.ordersDaily, "sales", "analytics.sales", "orders_daily", "VIEW"),
      asset(ASSET_SEED.churnModel, "marketing", "ml", "churn_model", "ML_MODEL"),
      asset(ASSET_SEED.marketingOrders, "marketing", "ml", "marketing_orders", "DELTA_TABLE"),
    ],
    branches: [
      { tenantId: t, catalog: "sales", name: "main" },
      { tenantId: t, catalog: "sales", name: "dev" },
      { tenantId: t, catalog: "marketing", name: "main" },
    ],
  };
}

const STATE = new WeakMap<Store, Explorable>();

/** The namespaces, assets and branches of a store (seeded on first use). */
export function explorable(store: Store): Explorable {
  let state = STATE.get(store);
  if (!state) {
    state = seed();
    STATE.set(store, state);
  }
  return state;
}

function sessionTenant(s: Session): string {
  return s.tenantId ?? NIL_UUID;
}

// Actions that let a tenant user see a catalog's contents.
const READING = new Set(["read", "write", "all", "manage-discovery"]);

/** The session tenant's catalogs this caller may see (tenant users: direct grants only). */
function visibleCatalogs(store: Store, s: Session): Catalog[] {
  const tenant = sessionTenant(s);
  const catalogs = store.catalogs.filter((c) => c.tenantId === tenant);
  if (s.role !== "tenant-user") return catalogs;
  const grants = store.permissions.filter((p) =>
    p.userId === s.userId && p.tenantId === tenant && p.actions.some((a) => READING.has(a))
  );
  return catalogs.filter((c) =>
    grants.some((p) =>
      p.scope.type === "tenant" || (p.scope.type === "catalog" && p.scope.catalog_id === c.id)
    )
  );
}

function visible(store: Store, s: Session) {
  const tenant = sessionTenant(s);
  const names = new Set(visibleCatalogs(store, s).map((c) => c.name));
  const inScope = (x: { tenantId: string; catalog: string }) =>
    x.tenantId === tenant && names.has(x.catalog);
  const e = explorable(store);
  return {
    catalogs: visibleCatalogs(store, s),
    namespaces: e.namespaces.filter(inScope),
    assets: e.assets.filter(inScope),
    branches: e.branches.filter(inScope),
  };
}

/**
 * The assets a search shows this caller: those of the catalogs it may see, plus, for tenant
 * users, any asset of its tenant whose metadata is discoverable (shown with has_access false
 * when the catalog is not readable).
 */
function searchable(store: Store, s: Session): { asset: Asset; readable: boolean }[] {
  const tenant = sessionTenant(s);
  const readable = new Set(visible(store, s).assets.map((a) => a.id));
  const meta = metadataOf(store).metadata;
  return explorable(store).assets
    .filter((a) =>
      a.tenantId === tenant &&
      store.catalogs.some((c) => c.tenantId === tenant && c.name === a.catalog) &&
      (readable.has(a.id) || meta.get(a.id)?.discoverable === true)
    )
    .map((asset) => ({ asset, readable: readable.has(asset.id) }));
}

function assetType(kind: string): string {
  if (kind === "ICEBERG_TABLE") return "table";
  if (kind === "VIEW") return "view";
  return kind.toLowerCase().replace(/_/g, "");
}

function query(ctx: Ctx, fields: UrlField[]): Record<string, string | number> {
  try {
    return decodeStruct(parsePairs(ctx.req.query), fields, false);
  } catch (e) {
    if (e instanceof UrlError) haltText(400, `Failed to deserialize query string: ${e.message}`);
    throw e;
  }
}

/** GET /api/v1/dashboard/stats: the scope follows the role. */
export function dashboardStats(ctx: Ctx): Reply {
  const s = session(ctx);
  const zero = {
    catalogs_count: 0,
    tables_count: 0,
    namespaces_count: 0,
    users_count: 0,
    warehouses_count: 0,
    branches_count: 0,
    tenants_count: 0,
  };
  if (s.role === "root") {
    // System scope: catalogs and warehouses of every tenant, plus tenants; the rest stay 0.
    return json(200, {
      ...zero,
      catalogs_count: ctx.store.catalogs.length,
      warehouses_count: ctx.store.warehouses.size,
      tenants_count: ctx.store.tenants.size,
      scope: "system",
    });
  }
  const v = visible(ctx.store, s);
  const tenant = sessionTenant(s);
  const warehouses = [...ctx.store.warehouses].filter((w) => w.startsWith(`${tenant}/`)).length;
  return json(200, {
    ...zero,
    catalogs_count: v.catalogs.length,
    namespaces_count: v.namespaces.length,
    tables_count: v.assets.length,
    // Not filtered for tenant users: the real server counts every warehouse of the tenant.
    warehouses_count: warehouses,
    scope: s.role === "tenant-admin" ? "tenant" : "user",
  });
}

/** GET /api/v1/search?q=&limit=: names of catalogs, namespaces, assets, branches. */
export function unifiedSearch(ctx: Ctx): Reply {
  const q = query(ctx, [
    { name: "q", type: "string", required: true },
    { name: "limit", type: "int", required: false },
  ]);
  const text = String(q.q).toLowerCase();
  const limit = typeof q.limit === "number" && q.limit > 0 ? q.limit : 20;
  const v = visible(ctx.store, session(ctx));
  const hit = (name: string) => name.toLowerCase().includes(text);
  const results = [
    ...v.catalogs.filter((c) => hit(c.name)).map((c) => ({
      id: c.id,
      name: c.name,
      kind: "Catalog",
      description: null,
      context: null,
    })),
    ...v.namespaces.filter((n) => hit(n.path.join("."))).map((n) => ({
      id: null,
      name: n.path.join("."),
      kind: "Namespace",
      description: null,
      context: `Catalog: ${n.catalog}`,
    })),
    ...searchable(ctx.store, session(ctx)).filter(({ asset }) => hit(asset.name)).map((
      { asset: a },
    ) => ({
      id: a.id,
      name: a.name,
      kind: "Asset",
      description: metadataOf(ctx.store).metadata.get(a.id)?.description ?? null,
      context: `${a.catalog}.${a.namespace.join(".")}`,
    })),
    ...v.branches.filter((b) => hit(b.name)).map((b) => ({
      id: null,
      name: b.name,
      kind: "Branch",
      description: null,
      context: `Catalog: ${b.catalog}`,
    })),
  ];
  results.sort((a, b) => a.name.length - b.name.length);
  return json(200, { results: results.slice(0, limit) });
}

/** GET /api/v1/search/assets?q=&catalog=&limit=&offset=: assets only, with a total. */
export function assetSearch(ctx: Ctx): Reply {
  const q = query(ctx, [
    { name: "q", type: "string", required: true },
    { name: "catalog", type: "string", required: false },
    { name: "limit", type: "int", required: false },
    { name: "offset", type: "int", required: false },
  ]);
  const text = String(q.q).trim().toLowerCase();
  if (text === "") haltJson(400, "Search query cannot be empty");
  const limit = typeof q.limit === "number" ? q.limit : 50;
  const offset = typeof q.offset === "number" ? q.offset : 0;
  const rows = searchable(ctx.store, session(ctx)).filter(({ asset: a }) =>
    a.name.toLowerCase().includes(text) && (q.catalog === undefined || a.catalog === q.catalog)
  );
  return json(200, {
    results: rows.slice(offset, offset + limit).map(({ asset: a, readable }) => ({
      id: a.id,
      name: a.name,
      namespace: a.namespace,
      catalog: a.catalog,
      asset_type: assetType(a.kind),
      has_access: readable,
    })),
    total: rows.length,
    limit,
    offset,
  });
}

const BULK_BODY = S.struct("BulkDeleteRequest", [
  { name: "asset_ids", schema: S.seq(S.string) },
]);

/** POST /api/v1/bulk/assets/delete: anyone, no permission check, at most 100 ids. */
export function bulkDelete(ctx: Ctx): Reply {
  const body = jsonBody<{ asset_ids: string[] }>(ctx, BULK_BODY);
  const s = session(ctx);
  if (body.asset_ids.length > 100) haltJson(400, "Maximum 100 assets can be deleted at once");
  const e = explorable(ctx.store);
  const tenant = sessionTenant(s);
  let succeeded = 0;
  const errors: string[] = [];
  for (const raw of body.asset_ids) {
    const id = canonicalUuid(raw);
    if (!id) {
      errors.push(`Invalid UUID: ${raw}`);
      continue;
    }
    const i = e.assets.findIndex((a) => a.id === id && a.tenantId === tenant);
    if (i < 0) {
      errors.push(`Asset not found: ${id}`);
      continue;
    }
    e.assets.splice(i, 1);
    succeeded++;
  }
  return json(200, { succeeded, failed: errors.length, errors });
}

const VALIDATE_BODY = S.struct("ValidateNamesRequest", [
  { name: "resource_type", schema: S.string },
  { name: "names", schema: S.seq(S.string) },
]);

/** POST /api/v1/validate/names: availability in the session tenant. */
export function validateNames(ctx: Ctx): Reply {
  const body = jsonBody<{ resource_type: string; names: string[] }>(ctx, VALIDATE_BODY);
  const tenant = sessionTenant(session(ctx));
  const results = body.names.map((name) => {
    let reason: string | null = null;
    if (body.resource_type === "catalog") {
      const taken = ctx.store.catalogs.some((c) => c.tenantId === tenant && c.name === name);
      if (taken) reason = "Catalog already exists";
    } else if (body.resource_type === "warehouse") {
      if (ctx.store.warehouses.has(`${tenant}/${name}`)) reason = "Warehouse already exists";
    } else {
      reason = "Unsupported resource type";
    }
    return { name, available: reason === null, reason };
  });
  return json(200, { results });
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "GET /api/v1/dashboard/stats": dashboardStats,
  "GET /api/v1/search": unifiedSearch,
  "GET /api/v1/search/assets": assetSearch,
  "POST /api/v1/bulk/assets/delete": bulkDelete,
  "POST /api/v1/validate/names": validateNames,
};
