/**
 * Pieces shared by the role and permission verbs: the resource syntax of grant-permission and
 * revoke-permission, usernames to ids, scopes to text, and the tables.
 */
import type { Paging } from "../../lib/api/client.ts";
import { getCatalog, listCatalogs } from "../../lib/api/catalogs.ts";
import { getAsset } from "../../lib/api/assets.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { type Action, ACTIONS, type Permission, type Scope } from "../../lib/api/permissions.ts";
import type { Role, RoleGrant } from "../../lib/api/roles.ts";
import { ApiError, CommandFailure } from "../../lib/errors.ts";
import type { Context } from "../../lib/context.ts";
import { type Block, type Column, table } from "../../lib/output.ts";
import type { Session } from "../../lib/session.ts";
import { resolveByName, uuidOf } from "../../lib/resolve.ts";
import { parseUuid } from "../../lib/validate.ts";

/** What a resource argument names, before any id is looked up. */
export type ResourceSpec =
  | { type: "tenant" }
  | { type: "catalog"; catalog: string }
  | { type: "namespace"; catalog: string; namespace: string }
  | { type: "asset"; assetId: string }
  | { type: "tag"; tag: string };

/** The accepted resource forms, for help and error texts. */
export const RESOURCE_FORMS =
  "tenant, catalog:<name>, namespace:<catalog>.<namespace>, asset:<uuid>, tag:<name>";

/** Parses a resource argument (no request); a bad one is a usage error. */
export function parseResource(input: string): ResourceSpec {
  const raw = input.trim();
  if (raw.toLowerCase() === "tenant") return { type: "tenant" };
  const colon = raw.indexOf(":");
  const kind = colon > 0 ? raw.slice(0, colon).toLowerCase() : "";
  const value = colon > 0 ? raw.slice(colon + 1) : "";
  if (kind === "" || value === "") {
    throw new SyntaxError(`'${input}' is not a resource; use one of: ${RESOURCE_FORMS}`);
  }
  switch (kind) {
    case "catalog":
      return { type: "catalog", catalog: value };
    case "namespace": {
      // The first dot ends the catalog name; the rest is the (dot-joined) namespace.
      const dot = value.indexOf(".");
      if (dot <= 0 || dot === value.length - 1) {
        throw new SyntaxError(
          `'${input}' is not a namespace resource; write namespace:<catalog>.<namespace>, ` +
            "e.g. namespace:sales.analytics",
        );
      }
      return { type: "namespace", catalog: value.slice(0, dot), namespace: value.slice(dot + 1) };
    }
    case "asset":
      try {
        return { type: "asset", assetId: parseUuid(value) };
      } catch {
        throw new SyntaxError(
          `'${input}': an asset is named by its id (asset:<uuid>; get-asset-details shows it)`,
        );
      }
    case "tag":
      return { type: "tag", tag: value };
  }
  throw new SyntaxError(`'${kind}' is not a resource type; use one of: ${RESOURCE_FORMS}`);
}

/** The resource as the user writes it. */
export function describeResource(spec: ResourceSpec): string {
  switch (spec.type) {
    case "tenant":
      return "tenant";
    case "catalog":
      return `catalog:${spec.catalog}`;
    case "namespace":
      return `namespace:${spec.catalog}.${spec.namespace}`;
    case "asset":
      return `asset:${spec.assetId}`;
    case "tag":
      return `tag:${spec.tag}`;
  }
}

/** Parses `read` or `read,write`: lowercase, in the server's spelling, without duplicates. */
export function parseActions(input: string): Action[] {
  const out: Action[] = [];
  for (const part of input.split(",")) {
    const v = part.trim().toLowerCase().replace(/_/g, "-");
    if (v === "") continue;
    if (!(ACTIONS as readonly string[]).includes(v)) {
      throw new SyntaxError(`'${part.trim()}' is not an action (${ACTIONS.join(", ")})`);
    }
    if (!out.includes(v as Action)) out.push(v as Action);
  }
  if (out.length === 0) throw new SyntaxError(`no action given (${ACTIONS.join(", ")})`);
  return out;
}

function catalogNotFound(err: unknown, name: string): unknown {
  if (err instanceof ApiError && err.status === 404 && !err.options.unexpected) {
    return new ApiError(err.what, err.status, err.serverMessage, {
      ...err.options,
      hint: `no catalog '${name}' in this tenant (names are case-sensitive; list-catalogs ` +
        "shows them)",
    });
  }
  return err;
}

/**
 * A catalog's id from its name (GET /api/v1/catalogs/{name}, unfiltered even for users), or
 * from a catalog given by id (lib/resolve.ts: the listing has both).
 */
async function catalogId(api: ApiClient, session: Session, name: string): Promise<string> {
  if (uuidOf(name)) {
    const ref = await resolveByName(api, session, "catalog", name);
    if (ref.id !== undefined) return ref.id;
  }
  let id: unknown;
  try {
    id = (await getCatalog(api, name)).id;
  } catch (err) {
    throw catalogNotFound(err, name);
  }
  if (typeof id !== "string") {
    throw new ApiError("get catalog", 200, "the reply has no catalog id", { unexpected: true });
  }
  return id;
}

/**
 * The scope object the server wants for a resource. Catalog names become ids; an asset id
 * becomes the asset's catalog id and namespace (GET /api/v1/assets/{id}, then the catalog).
 */
export async function resolveScope(
  api: ApiClient,
  session: Session,
  spec: ResourceSpec,
): Promise<Scope> {
  switch (spec.type) {
    case "tenant":
      return { type: "tenant" };
    case "tag":
      return { type: "tag", tag_name: spec.tag };
    case "catalog":
      return { type: "catalog", catalog_id: await catalogId(api, session, spec.catalog) };
    case "namespace":
      return {
        type: "namespace",
        catalog_id: await catalogId(api, session, spec.catalog),
        namespace: spec.namespace,
      };
    case "asset": {
      const details = await getAsset(api, spec.assetId);
      return {
        type: "asset",
        catalog_id: await catalogId(api, session, details.catalog),
        namespace: details.namespace.join("."),
        asset_id: spec.assetId,
      };
    }
  }
}

/** A comparable key of a scope: an asset is known by its id alone. */
export function scopeKey(scope: Scope | Record<string, unknown>): string {
  if (typeof scope !== "object" || scope === null) return "no scope";
  const s = scope as Record<string, unknown>;
  switch (s.type) {
    case "tenant":
      return "tenant";
    case "catalog":
      return `catalog ${s.catalog_id}`;
    case "namespace":
      return `namespace ${s.catalog_id} ${s.namespace}`;
    case "asset":
      return `asset ${s.asset_id}`;
    case "tag":
      return `tag ${s.tag_name}`;
  }
  return JSON.stringify(scope);
}

/** The key a resource's scope has, looking up only what the key needs (catalog ids). */
export async function resourceKey(
  api: ApiClient,
  session: Session,
  spec: ResourceSpec,
): Promise<string> {
  if (spec.type === "asset") return `asset ${spec.assetId}`;
  return scopeKey(await resolveScope(api, session, spec));
}

/** A scope in the resource syntax, with catalog names where they are known. */
export function describeScope(scope: Scope, names: ReadonlyMap<string, string>): string {
  // A record the server sent without a scope shows as "-", not as a crash.
  if (typeof scope !== "object" || scope === null) return "-";
  const s = scope as Record<string, unknown>;
  const catalog = () => names.get(String(s.catalog_id)) ?? String(s.catalog_id);
  switch (s.type) {
    case "tenant":
      return "tenant";
    case "catalog":
      return `catalog:${catalog()}`;
    case "namespace":
      return `namespace:${catalog()}.${s.namespace}`;
    case "asset":
      return `asset:${s.asset_id}`;
    case "tag":
      return `tag:${s.tag_name}`;
  }
  return JSON.stringify(scope);
}

/**
 * Catalog names by id, for showing scopes; only when some scope names a catalog. Best effort:
 * a tenant user's catalog list is filtered, and ids are shown where no name is known.
 */
export async function catalogNamesFor(
  api: ApiClient,
  scopes: readonly Scope[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!scopes.some((s) => typeof s === "object" && s !== null && "catalog_id" in s)) return names;
  try {
    for (const c of await listCatalogs(api, { all: true })) names.set(c.id, c.name);
  } catch {
    // Names only make the table easier to read; the ids are still right.
  }
  return names;
}

/** Actions as shown: sorted, since the server's order is not stable. */
export function showActions(actions: readonly string[]): string {
  if (!Array.isArray(actions)) return "-"; // a record the server sent without its actions
  return [...actions].sort().join(", ");
}

/** Whether two action lists hold the same set. */
export function sameActions(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

/** Refuses, before any request, what the server refuses to root (pangolin-api.md 6.1 #20). */
export function refuseRoot(session: Session, what: string): void {
  if (session.claims?.role !== "root") return;
  throw new CommandFailure(
    `Root cannot ${what}: the server refuses it to root (403), even after 'use <tenant>'.`,
    4,
    "log in as an admin of the tenant: pangolin-admin login --username <admin> --tenant-id <uuid>",
  );
}

/** Applies --limit/--offset on the client, for lists the server does not page. */
export function pageLocally<T>(items: readonly T[], paging: Paging): T[] {
  const offset = paging.offset ?? 0;
  if (paging.all || paging.limit === undefined) return items.slice(offset);
  return items.slice(offset, offset + paging.limit);
}

/** A table of direct permissions. */
export function permissionTable(
  ctx: Context,
  perms: readonly Permission[],
  names: ReadonlyMap<string, string>,
): Block {
  const columns: Column<Permission>[] = [
    { header: "ID", kind: "id", cell: (p) => p.id },
    { header: "User ID", kind: "id", cell: (p) => p["user-id"] },
    { header: "Scope", cell: (p) => describeScope(p.scope, names) },
    { header: "Actions", cell: (p) => showActions(p.actions) },
    { header: "Granted By", cell: (p) => p["granted-by"] },
    { header: "Granted At", kind: "time", cell: (p) => p["granted-at"] },
  ];
  return table(ctx, perms, columns);
}

/** A table of a role's grants. */
export function grantTable(
  ctx: Context,
  grants: readonly RoleGrant[],
  names: ReadonlyMap<string, string>,
) {
  return table(ctx, grants, [
    { header: "Scope", cell: (g) => describeScope(g.scope, names) },
    { header: "Actions", cell: (g) => showActions(g.actions) },
  ]);
}

/** A table of roles. */
export function roleTable(ctx: Context, roles: readonly Role[]): Block {
  const columns: Column<Role>[] = [
    { header: "ID", kind: "id", cell: (r) => r.id },
    { header: "Name", cell: (r) => r.name },
    { header: "Grants", cell: (r) => String(r.permissions?.length ?? 0) },
    { header: "Created At", kind: "time", cell: (r) => r["created-at"] },
    { header: "Description", cell: (r) => r.description ?? "-" },
  ];
  return table(ctx, roles, columns);
}

/** The note for root sessions on lists the server keeps per session tenant. */
export const ROOT_DEFAULT_TENANT_NOTE = "Note: root's session has no tenant, so the server lists " +
  "only the default tenant's roles here (--tenant and 'use' do not change that).";
