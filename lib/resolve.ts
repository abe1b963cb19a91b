/**
 * Names or ids: the one place where what a person typed becomes what the server addresses.
 *
 * Users, tenants, service users and roles are addressed by id on the server. A value that is
 * a UUID is taken as the id with no request; any other value is a name, looked up with one
 * listing call (no `limit`, so the server returns every item in one reply, api.md section 4)
 * in the tenant the server lists for this session. The server does not keep these names
 * unique (api.md 7.4 #27): several matches are refused, listing their ids.
 *
 * Warehouses and catalogs are addressed by name on the server (api.md 1.2), and their names
 * are unique within a tenant (a duplicate replaces the old one). A value that is not a UUID
 * is the name and goes to the server as it is, with no request. A value that is a UUID is
 * looked up with one listing call: an item with exactly that name wins (a name may look
 * like a UUID), else the item with that id gives its name.
 */
import type { UserInfo } from "./api/auth.ts";
import type { ApiClient } from "./api/client.ts";
import { type Catalog, listCatalogs } from "./api/catalogs.ts";
import { getRole, listRoles, type Role } from "./api/roles.ts";
import { getServiceUser, listServiceUsers, type ServiceUser } from "./api/service_users.ts";
import { getTenant, listTenants, type Tenant } from "./api/tenants.ts";
import { getUser, listUsers } from "./api/users.ts";
import { listWarehouses, type Warehouse } from "./api/warehouses.ts";
import type { Context } from "./context.ts";
import { ApiError, CommandFailure, UsageError } from "./errors.ts";
import type { Session } from "./session.ts";
import { uuidOf } from "./validate.ts";

export { parseRef, uuidOf } from "./validate.ts";

/** The nil UUID of the default tenant, where root works without a tenant context. */
export const DEFAULT_TENANT = "00000000-0000-0000-0000-000000000000";

/** The kinds of object a command may take by name or id. */
export type RefKind = "user" | "tenant" | "service user" | "role" | "warehouse" | "catalog";

/** The kinds the server addresses by id. */
export type IdKind = "user" | "tenant" | "service user" | "role";

/** What the listing of each kind returns. */
export interface Listed {
  "user": UserInfo;
  "tenant": Tenant;
  "service user": ServiceUser;
  "role": Role;
  "warehouse": Warehouse;
  "catalog": Catalog;
}

/** An object named on the command line: its id and name, as far as they are known. */
export interface Resolved<K extends RefKind = RefKind> {
  kind: K;
  /** Always set for users, tenants, service users and roles. */
  id?: string;
  /** Always set for warehouses and catalogs (the server's key for them). */
  name?: string;
  /** The object as the listing returned it, when it was looked up. */
  listed?: Listed[K];
}

/** An id-addressed object: its id is always known. */
export interface ResolvedById<K extends IdKind = IdKind> extends Resolved<K> {
  id: string;
}

/** A name-addressed object: its name is always known. */
export interface ResolvedByName<K extends "warehouse" | "catalog" = "warehouse" | "catalog">
  extends Resolved<K> {
  name: string;
}

/** How output names an object: `bob (f3f94147-…)` when both are known, else what is. */
export function label(ref: Resolved): string {
  if (ref.name !== undefined && ref.id !== undefined) return `${ref.name} (${ref.id})`;
  return ref.name ?? ref.id ?? "?";
}

function tenantLabel(session: Session, id: string): string {
  if (id === DEFAULT_TENANT) return `the default tenant (${id})`;
  const p = session.profile;
  return p?.tenant_id === id && p.tenant_name ? `tenant ${p.tenant_name} (${id})` : `tenant ${id}`;
}

/** The tenant that user, service-user, warehouse and catalog listings cover (effective). */
export function listedTenant(session: Session): string {
  const claims = session.claims;
  if (claims?.role === "root") return tenantLabel(session, session.tenant ?? DEFAULT_TENANT);
  const own = claims?.tenant_id ?? session.tenant;
  return own ? tenantLabel(session, own) : "your tenant";
}

/** The tenant role listings cover: the session's own, so root always gets the default one. */
function sessionTenant(session: Session): string {
  const claims = session.claims;
  if (claims?.role === "root") return tenantLabel(session, DEFAULT_TENANT);
  return claims?.tenant_id ? tenantLabel(session, claims.tenant_id) : listedTenant(session);
}

interface Spec<T> {
  noun: string;
  plural: string;
  /** One listing call: no `limit`, so the server returns every item (api.md section 4). */
  list: (api: ApiClient) => Promise<T[]>;
  id: (item: T) => string;
  name: (item: T) => string;
  /** Where the listing looks, as in "in tenant acme (…)". */
  where: (session: Session) => string;
  hint: (session: Session) => string;
  /** One object by id, for naming it in a question a person reads. */
  get?: (api: ApiClient, id: string) => Promise<T>;
}

function rootHint(noun: string, listCommand: string) {
  return (session: Session) =>
    session.claims?.role === "root"
      ? `as root, names are looked up in the tenant of --tenant or 'use' only; pass the ` +
        `${noun}'s tenant with --tenant <tenant>, or the ${noun}'s id`
      : `names are looked up in your own tenant; check with pangolin-admin ${listCommand}, ` +
        `or pass the ${noun}'s id`;
}

const inListedTenant = (session: Session) => `in ${listedTenant(session)}`;

const SPECS: { [K in RefKind]: Spec<Listed[K]> } = {
  "user": {
    noun: "user",
    plural: "users",
    // GET /api/v1/users lists the effective tenant, sorted by username (api.md 5.3.2).
    list: (api) => listUsers(api),
    id: (u) => String(u.id),
    name: (u) => String(u.username),
    where: inListedTenant,
    hint: rootHint("user", "list-users"),
    get: getUser,
  },
  "tenant": {
    noun: "tenant",
    plural: "tenants",
    // GET /api/v1/tenants: root only, every tenant of the server (api.md 5.4.1).
    list: (api) => listTenants(api),
    id: (t) => String(t.id),
    name: (t) => String(t.name),
    where: () => "on this server",
    hint: () => "names are case-sensitive; list-tenants shows them",
    get: (api, id) => getTenant(api, id),
  },
  "service user": {
    noun: "service user",
    plural: "service users",
    // GET /api/v1/service-users lists the effective tenant (api.md 5.5.2).
    list: (api) => listServiceUsers(api),
    id: (s) => String(s.id),
    name: (s) => String(s.name),
    where: inListedTenant,
    hint: rootHint("service user", "list-service-users"),
    get: getServiceUser,
  },
  "role": {
    noun: "role",
    plural: "roles",
    // GET /api/v1/roles lists the session tenant; root always gets the default one (5.9.2).
    list: (api) => listRoles(api),
    id: (r) => String(r.id),
    name: (r) => String(r.name),
    where: (session) => `in ${sessionTenant(session)}`,
    hint: (session) =>
      session.claims?.role === "root"
        ? "root's role listing covers only the default tenant (--tenant and 'use' do not " +
          "change that); pass the role's id"
        : "names are case-sensitive; list-roles shows them, or pass the role's id",
    get: getRole,
  },
  "warehouse": {
    noun: "warehouse",
    plural: "warehouses",
    list: (api) => listWarehouses(api),
    id: (w) => String(w.id),
    name: (w) => String(w.name),
    where: inListedTenant,
    hint: () => "list-warehouses shows their names and ids",
  },
  "catalog": {
    noun: "catalog",
    plural: "catalogs",
    // GET /api/v1/catalogs is filtered for tenant users (direct grants only, api.md 5.7.1).
    list: (api) => listCatalogs(api),
    id: (c) => String(c.id),
    name: (c) => String(c.name),
    where: inListedTenant,
    hint: (session) =>
      session.claims?.role === "tenant-user"
        ? "a tenant user's catalog listing shows only catalogs granted directly; pass the name"
        : "list-catalogs shows their names and ids",
  },
};

async function listOf<T>(api: ApiClient, spec: Spec<T>): Promise<T[]> {
  try {
    return await spec.list(api);
  } catch (err) {
    if (err instanceof ApiError && err.status === 403 && spec.noun === "tenant") {
      // Only root may list tenants; a tenant's own members know it by id.
      throw new ApiError(err.what, err.status, err.serverMessage, {
        ...err.options,
        hint: "only root can look tenants up by name; pass the tenant's id",
      });
    }
    if (err instanceof ApiError && err.status === 404) {
      // A 404 of a listing is not "no such object": keep it from reading as one.
      throw new ApiError(err.what, err.status, err.serverMessage, {
        ...err.options,
        unexpected: true,
      });
    }
    throw err;
  }
}

/**
 * A user, tenant, service user or role: a UUID as it is (no request), a name through one
 * listing call. No match: exit 5 naming what was searched where; several: exit 2 with ids.
 */
export async function resolveById<K extends IdKind>(
  api: ApiClient,
  session: Session,
  kind: K,
  input: string,
): Promise<ResolvedById<K>> {
  const id = uuidOf(input);
  const p = session.profile;
  // The profile knows its tenant's name from login or 'use': neither form needs a request.
  const known = kind === "tenant" && p?.tenant_id && p.tenant_name
    ? { id: p.tenant_id.toLowerCase(), name: p.tenant_name }
    : undefined;
  if (id) return known?.id === id ? { kind, id, name: known.name } : { kind, id };
  if (known?.name === input) return { kind, id: known.id, name: input };
  const spec: Spec<Listed[K]> = SPECS[kind];
  const matches = (await listOf(api, spec)).filter((item) => spec.name(item) === input);
  if (matches.length === 1) {
    const [only] = matches;
    return { kind, id: spec.id(only), name: spec.name(only), listed: only };
  }
  if (matches.length > 1) {
    throw new UsageError(
      `${matches.length} ${spec.plural} are named '${input}' ${spec.where(session)} ` +
        `(${matches.map(spec.id).join(", ")}); pass the id instead`,
    );
  }
  throw new CommandFailure(
    `No ${spec.noun} named '${input}' ${spec.where(session)}.`,
    5,
    spec.hint(session),
  );
}

/**
 * A warehouse or catalog: a name as it is (no request); a UUID through one listing call,
 * where an item named exactly so wins over an item with that id.
 */
export async function resolveByName<K extends "warehouse" | "catalog">(
  api: ApiClient,
  session: Session,
  kind: K,
  input: string,
): Promise<ResolvedByName<K>> {
  const id = uuidOf(input);
  if (!id) return { kind, name: input };
  const spec: Spec<Listed[K]> = SPECS[kind];
  const items = await listOf(api, spec);
  const match = items.find((item) => spec.name(item) === input) ??
    items.find((item) => spec.id(item).toLowerCase() === id);
  if (match) return { kind, name: spec.name(match), id: spec.id(match), listed: match };
  throw new CommandFailure(
    `No ${spec.noun} named or with id '${input}' ${spec.where(session)}.`,
    5,
    spec.hint(session),
  );
}

/**
 * The object with its name, for a question a person will read ("Delete service user bob
 * (6a7c…)?"). Only when the question will really be asked (a terminal, no --yes) is an
 * object given by id fetched; scripts get no extra request. Best effort: on any failure the
 * question names the id alone and the command goes on to its own request.
 */
export async function named<T extends Resolved>(
  ctx: Context,
  api: ApiClient,
  ref: T,
  yes: boolean | undefined,
): Promise<T> {
  if (ref.name !== undefined || ref.id === undefined) return ref;
  if (yes || !ctx.prompter.interactive) return ref;
  const spec = SPECS[ref.kind] as Spec<unknown>;
  if (!spec.get) return ref;
  try {
    return { ...ref, name: spec.name(await spec.get(api, ref.id)) };
  } catch {
    return ref;
  }
}
