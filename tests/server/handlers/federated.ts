// Federated-catalog routes of the Pangolin test double (spec 5.8). A federated catalog is an
// ordinary Store catalog of type Federated; these routes show a reduced view with the config
// properties verbatim (secrets included). Errors are flat JSON, except sync and stats (plain
// text). The double cannot reach a remote catalog: a `uri` whose host ends in `.invalid`
// (RFC 2606, never resolvable) fails the connection test, any other uri passes.

import type { Handler } from "../context.ts";
import { effectiveTenant, isAdmin } from "../auth.ts";
import { jsonBody, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { haltJson, haltText, json } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import { sortBy, timestampZ } from "../state.ts";
import type { Catalog, Store } from "../state.ts";
import { randomUuid } from "../uuid.ts";

// The outer object is strict; unknown keys inside `config` are ignored.
const CREATE_BODY = S.struct("CreateFederatedCatalogRequest", [
  { name: "name", schema: S.string },
  {
    name: "config",
    schema: S.struct("FederatedCatalogConfig", [
      { name: "properties", schema: S.map(S.string) },
    ], false),
  },
]);

interface Stats {
  last_synced_at: string | null;
  sync_status: string;
  tables_synced: number;
  namespaces_synced: number;
  error_message: string | null;
}

const syncs = new WeakMap<Store, Map<string, Stats>>();

function statsOf(store: Store): Map<string, Stats> {
  let m = syncs.get(store);
  if (!m) {
    m = new Map();
    syncs.set(store, m);
  }
  return m;
}

function response(c: Catalog): Record<string, unknown> {
  return { id: c.id, name: c.name, properties: c.federatedConfig?.properties ?? {} };
}

/** The named catalog of the effective tenant: 404 when missing, 400 when local. */
function federated(ctx: Ctx, name: string): Catalog {
  const tenant = effectiveTenant(session(ctx));
  const c = ctx.store.catalogs.find((c) => c.tenantId === tenant && c.name === name);
  if (!c) haltJson(404, "Catalog not found");
  if (c.catalogType !== "Federated") haltJson(400, "Catalog is not a federated catalog");
  return c;
}

/** POST /api/v1/federated-catalogs: root or tenant-admin (root may, unlike local catalogs). */
export function createFederatedCatalog(ctx: Ctx): Reply {
  const body = jsonBody<{ name: string; config: { properties: Record<string, string> } }>(
    ctx,
    CREATE_BODY,
  );
  const s = session(ctx);
  if (!isAdmin(s)) haltJson(403, "Only admins can create federated catalogs");
  const tenant = effectiveTenant(s);
  if (ctx.store.catalogs.some((c) => c.tenantId === tenant && c.name === body.name)) {
    // The only 409 of the management API.
    return json(409, {
      error: "Catalog name conflict",
      message: `A catalog named '${body.name}' already exists. Federated catalog names must ` +
        "be unique and cannot conflict with local catalog names.",
    });
  }
  const c: Catalog = {
    id: randomUuid(),
    tenantId: tenant,
    name: body.name,
    catalogType: "Federated",
    warehouseName: null,
    storageLocation: null,
    federatedConfig: { properties: body.config.properties },
    properties: {},
  };
  ctx.store.catalogs.push(c);
  return json(201, response(c));
}

/** GET /api/v1/federated-catalogs: anyone; the effective tenant's; no paging at all. */
export function listFederatedCatalogs(ctx: Ctx): Reply {
  const tenant = effectiveTenant(session(ctx));
  const rows = ctx.store.catalogs.filter((c) =>
    c.tenantId === tenant && c.catalogType === "Federated"
  );
  return json(200, sortBy(rows, (c) => c.name).map(response));
}

/** GET /api/v1/federated-catalogs/{name}: anyone. */
export function getFederatedCatalog(ctx: Ctx): Reply {
  return json(200, response(federated(ctx, ctx.params.name)));
}

/** DELETE /api/v1/federated-catalogs/{name}: admins; 200 with a small JSON object. */
export function deleteFederatedCatalog(ctx: Ctx): Reply {
  if (!isAdmin(session(ctx))) haltJson(403, "Only admins can delete federated catalogs");
  const c = federated(ctx, ctx.params.name);
  ctx.store.catalogs = ctx.store.catalogs.filter((x) => x !== c);
  return json(200, { status: "deleted", catalog: c.name });
}

/** POST /api/v1/federated-catalogs/{name}/test: anyone; 503 JSON when the remote fails. */
export function testFederatedCatalog(ctx: Ctx): Reply {
  const c = federated(ctx, ctx.params.name);
  const uri = c.federatedConfig?.properties.uri;
  let host = "";
  try {
    host = uri ? new URL(uri).hostname : "";
  } catch {
    host = "";
  }
  if (host.endsWith(".invalid")) {
    return json(503, {
      status: "failed",
      catalog: c.name,
      // The real server's text when the name does not resolve (it asks for the namespaces
      // of the catalog under its own name at the remote).
      error: `Failed to forward request to federated catalog: error sending request for url ` +
        `(${uri}/v1/${c.name}/namespaces): error trying to connect: dns error: failed to ` +
        "lookup address information: Name or service not known",
    });
  }
  return json(200, { status: "connected", catalog: c.name, base_url: uri ?? "unknown" });
}

/**
 * POST /api/v1/federated-catalogs/{name}/sync: admins. The in-memory store does not implement
 * sync (always 500); the `sql` backend option stands for a store that does.
 */
export function syncFederatedCatalog(ctx: Ctx): Reply {
  if (!isAdmin(session(ctx))) haltText(403, "Admin access required");
  if (ctx.cfg.backend !== "sql") {
    haltText(500, "Sync failed: Operation not supported by this store");
  }
  const tenant = effectiveTenant(session(ctx));
  const name = ctx.params.name;
  if (!ctx.store.catalogs.some((c) => c.tenantId === tenant && c.name === name)) {
    haltText(500, "Sync failed: Catalog not found");
  }
  statsOf(ctx.store).set(`${tenant}/${name}`, {
    last_synced_at: timestampZ(Date.now(), 9),
    sync_status: "Success",
    tables_synced: 0,
    namespaces_synced: 0,
    error_message: null,
  });
  return json(200, { status: "Sync triggered" });
}

/** GET /api/v1/federated-catalogs/{name}/stats: admins; any name answers (no lookup). */
export function federatedStats(ctx: Ctx): Reply {
  const s = session(ctx);
  if (!isAdmin(s)) haltText(403, "Admin access required");
  const stats = statsOf(ctx.store).get(`${effectiveTenant(s)}/${ctx.params.name}`);
  return json(
    200,
    stats ?? {
      last_synced_at: null,
      sync_status: "Never Synced",
      tables_synced: 0,
      namespaces_synced: 0,
      error_message: null,
    },
  );
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "GET /api/v1/federated-catalogs": listFederatedCatalogs,
  "POST /api/v1/federated-catalogs": createFederatedCatalog,
  "GET /api/v1/federated-catalogs/{name}": getFederatedCatalog,
  "DELETE /api/v1/federated-catalogs/{name}": deleteFederatedCatalog,
  "POST /api/v1/federated-catalogs/{name}/test": testFederatedCatalog,
  "POST /api/v1/federated-catalogs/{name}/sync": syncFederatedCatalog,
  "GET /api/v1/federated-catalogs/{name}/stats": federatedStats,
};
