// Namespace creation (the Iceberg REST `POST /v1/{prefix}/namespaces`) and asset registration
// (`POST /api/v1/catalogs/{name}/namespaces/{namespace}/assets`) of the Pangolin test double:
// how a real server gets namespaces and assets without object storage. The records are the
// ones `other.ts` keeps, so the tree, summary, search, dashboard and asset routes see them.

import type { Handler } from "../context.ts";
import { effectiveTenant, isAdmin } from "../auth.ts";
import type { Session } from "../auth.ts";
import { jsonBody, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { Halt, haltText, json, nestedError } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import type { Catalog, Store } from "../state.ts";
import { randomUuid } from "../uuid.ts";
import { recordAudit } from "./audit.ts";
import { grantsOf, implies } from "./governance.ts";
import { explorable } from "./other.ts";

/** The asset kinds the server's enum accepts, in declaration order. */
export const ASSET_KINDS = [
  "ICEBERG_TABLE",
  "DELTA_TABLE",
  "HUDI_TABLE",
  "PARQUET_TABLE",
  "CSV_TABLE",
  "JSON_TABLE",
  "VIEW",
  "ML_MODEL",
  "APACHE_PAIMON",
  "VORTEX",
  "LANCE",
  "NIMBLE",
  "DIRECTORY",
  "VIDEO_FILE",
  "IMAGE_FILE",
  "DB_CONN_STRING",
  "OTHER",
] as const;

const NAMESPACE_BODY = S.struct("CreateNamespaceRequest", [
  { name: "namespace", schema: S.seq(S.string) },
  { name: "properties", schema: S.option(S.map(S.string)) },
]);

const ASSET_BODY = S.struct("RegisterAssetRequest", [
  { name: "name", schema: S.string },
  { name: "kind", schema: S.enumOf(ASSET_KINDS) },
  { name: "location", schema: S.string },
  { name: "properties", schema: S.option(S.map(S.string)) },
]);

/** Admins, or a tenant user whose grant on the catalog (or tenant) implies `create`. */
function mayCreate(store: Store, s: Session, catalog: Catalog): boolean {
  if (isAdmin(s)) return true;
  return grantsOf(store, s.userId).some((g) =>
    (g.scope.type === "tenant" ||
      (g.scope.type === "catalog" && g.scope.catalog_id === catalog.id)) &&
    g.actions.some((a) => implies(a, "create"))
  );
}

function catalogOf(ctx: Ctx, name: string): Catalog | undefined {
  const tenant = effectiveTenant(session(ctx));
  return ctx.store.catalogs.find((c) => c.tenantId === tenant && c.name === name);
}

/** POST /v1/{prefix}/namespaces (and /v1/{prefix}/v1/...): errors in the nested envelope. */
export function createNamespace(ctx: Ctx): Reply {
  const body = jsonBody<{ namespace: string[]; properties?: Record<string, string> | null }>(
    ctx,
    NAMESPACE_BODY,
  );
  const s = session(ctx);
  const prefix = ctx.params.prefix;
  const catalog = catalogOf(ctx, prefix);
  // An unknown catalog is reported as an unknown namespace named after it.
  if (!catalog) {
    throw new Halt(
      nestedError(404, `Namespace does not exist: ${prefix}`, "NoSuchNamespaceException"),
    );
  }
  if (!mayCreate(ctx.store, s, catalog)) {
    throw new Halt(nestedError(403, "Forbidden", "ForbiddenException"));
  }
  const e = explorable(ctx.store);
  const joined = body.namespace.join(".");
  const exists = e.namespaces.some((n) =>
    n.tenantId === catalog.tenantId && n.catalog === catalog.name && n.path.join(".") === joined &&
    n.path.length === body.namespace.length
  );
  if (exists) {
    throw new Halt(
      nestedError(409, `Namespace already exists: ${joined}`, "AlreadyExistsException"),
    );
  }
  e.namespaces.push({ tenantId: catalog.tenantId, catalog: catalog.name, path: body.namespace });
  recordAudit(ctx.store, {
    tenant_id: catalog.tenantId,
    user_id: s.userId,
    username: s.username,
    action: "create_namespace",
    resource_type: "namespace",
    resource_name: `${catalog.name}/${joined}`,
  });
  return json(200, { namespace: body.namespace, properties: body.properties ?? {} });
}

/**
 * POST /api/v1/catalogs/{name}/namespaces/{namespace}/assets: registers an asset record; the
 * namespace need not exist. Plain-text errors. (A second asset of the same name in the same
 * namespace replaces the first on the real server; the double does not model that.)
 */
export function registerAsset(ctx: Ctx): Reply {
  const body = jsonBody<{
    name: string;
    kind: string;
    location: string;
    properties?: Record<string, string> | null;
  }>(ctx, ASSET_BODY);
  const s = session(ctx);
  const catalog = catalogOf(ctx, ctx.params.name);
  if (!catalog) haltText(404, "Catalog not found");
  if (!mayCreate(ctx.store, s, catalog)) haltText(403, "Forbidden: Create permission required");
  const id = randomUuid();
  explorable(ctx.store).assets.push({
    id,
    tenantId: catalog.tenantId,
    catalog: catalog.name,
    namespace: ctx.params.namespace.split("."),
    name: body.name,
    kind: body.kind,
    location: body.location,
    properties: body.properties ?? {},
  });
  return json(201, { id, name: body.name, kind: body.kind, location: body.location });
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "POST /v1/{prefix}/namespaces": createNamespace,
  "POST /v1/{prefix}/v1/namespaces": createNamespace,
  "POST /api/v1/catalogs/{name}/namespaces/{namespace}/assets": registerAsset,
};
