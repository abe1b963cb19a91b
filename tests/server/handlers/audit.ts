// Audit routes of the Pangolin test double (spec 5.11), with the server's quirks: unknown
// action/resource_type/result/time filters are dropped silently, `tenant_id` is ignored, `limit`
// defaults to 100 and is capped at 1000, and root's listing merges every tenant and applies
// `offset` twice. Every error is flat JSON. The events live beside the Store (seeded here);
// `recordAudit` adds the ones the real server writes for its own actions.

import type { Handler } from "../context.ts";
import { effectiveTenant } from "../auth.ts";
import { pathUuid, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { Halt, haltText, json } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { SEED } from "../seed.ts";
import type { Store } from "../state.ts";
import { decodeStruct, parsePairs, UrlError } from "../urlencoded.ts";
import type { UrlField } from "../urlencoded.ts";
import { NIL_UUID, parseUuid, randomUuid } from "../uuid.ts";

/** An AuditLogEntry as the server emits it (snake_case). */
export interface AuditEvent {
  id: string;
  tenant_id: string;
  user_id: string | null;
  username: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  resource_name: string | null;
  timestamp: string;
  ip_address: string | null;
  user_agent: string | null;
  result: "success" | "failure";
  error_message: string | null;
  metadata: unknown;
}

/** Ids of the seeded events, newest first across tenants (`A*` acme, `N*` the nil tenant). */
export const AUDIT_SEED = {
  A1: "a0000001-0000-4000-8000-000000000001",
  N1: "b0000001-0000-4000-8000-000000000001",
  A2: "a0000002-0000-4000-8000-000000000002",
  N2: "b0000002-0000-4000-8000-000000000002",
  A3: "a0000003-0000-4000-8000-000000000003",
  A4: "a0000004-0000-4000-8000-000000000004",
  N3: "b0000003-0000-4000-8000-000000000003",
};

const ACTIONS = new Set([
  "create_catalog",
  "update_catalog",
  "delete_catalog",
  "create_namespace",
  "update_namespace",
  "delete_namespace",
  "create_table",
  "update_table",
  "drop_table",
  "rename_table",
  "commit_table",
  "load_table",
  "create_view",
  "update_view",
  "drop_view",
  "rename_view",
  "load_view",
  "create_branch",
  "delete_branch",
  "merge_branch",
  "create_user",
  "update_user",
  "delete_user",
  "login",
  "logout",
  "create_service_user",
  "update_service_user",
  "delete_service_user",
  "rotate_api_key",
  "grant_permission",
  "revoke_permission",
  "create_federated_catalog",
  "update_federated_catalog",
  "delete_federated_catalog",
  "test_federated_connection",
  "create_warehouse",
  "update_warehouse",
  "delete_warehouse",
  "create_tenant",
  "update_tenant",
  "delete_tenant",
  "create_tag",
  "delete_tag",
  "initiate_merge",
  "complete_merge",
  "abort_merge",
  "resolve_conflict",
  "list_conflicts",
  "add_metadata",
  "update_metadata",
  "delete_metadata",
  "search_assets",
  "request_access",
  "approve_access",
  "deny_access",
  "update_access_request",
  "generate_token",
  "revoke_token",
  "create_commit",
  "list_commits",
  "login_failed",
  "api_key_authenticated",
  "api_key_rejected",
  "token_rejected",
  "permission_denied",
  "tenant_impersonation",
]);

const RESOURCE_TYPES = new Set([
  "catalog",
  "namespace",
  "table",
  "view",
  "branch",
  "tag",
  "user",
  "service_user",
  "permission",
  "role",
  "federated_catalog",
  "warehouse",
  "tenant",
  "merge_operation",
  "conflict",
  "access_request",
  "metadata",
  "token",
  "commit",
]);

function event(
  id: string,
  tenant: string,
  timestamp: string,
  fields: Partial<AuditEvent> & Pick<AuditEvent, "action" | "resource_type">,
): AuditEvent {
  return {
    id,
    tenant_id: tenant,
    user_id: null,
    username: "admin",
    resource_id: null,
    resource_name: null,
    timestamp,
    ip_address: null,
    user_agent: null,
    result: "success",
    error_message: null,
    metadata: null,
    ...fields,
  };
}

function seedEvents(): AuditEvent[] {
  const acme = SEED.tenantId;
  const admin = { user_id: SEED.tenantAdmin.id, username: SEED.tenantAdmin.username };
  const auth = { resource_type: "token", resource_name: "auth" };
  return [
    event(AUDIT_SEED.A1, acme, "2026-03-01T09:00:06.100000000Z", {
      ...admin,
      action: "create_catalog",
      resource_type: "catalog",
      resource_name: "sales",
    }),
    event(AUDIT_SEED.N1, NIL_UUID, "2026-03-01T09:00:05.000000000Z", {
      user_id: SEED.rootId,
      action: "create_user",
      resource_type: "user",
      resource_name: "acme-admin",
    }),
    event(AUDIT_SEED.A2, acme, "2026-03-01T09:00:04.000000001Z", {
      user_id: SEED.user.id,
      username: SEED.user.username,
      action: "create_table",
      resource_type: "table",
      resource_name: "orders",
    }),
    event(AUDIT_SEED.N2, NIL_UUID, "2026-03-01T09:00:04.000000000Z", {
      ...auth,
      username: "unknown",
      action: "login_failed",
      result: "failure",
      metadata: { reason: "invalid credentials", path: "/api/v1/tenants" },
    }),
    event(AUDIT_SEED.A3, acme, "2026-03-01T09:00:02.500Z", {
      ...admin,
      action: "delete_catalog",
      resource_type: "catalog",
      resource_name: "old",
      result: "failure",
      error_message: "Catalog not found",
    }),
    event(AUDIT_SEED.A4, acme, "2026-03-01T09:00:01Z", {
      ...auth,
      username: "unknown",
      action: "api_key_rejected",
      result: "failure",
      metadata: { reason: "no matching key", path: "/api/v1/catalogs" },
    }),
    event(AUDIT_SEED.N3, NIL_UUID, "2026-03-01T09:00:00.000000000Z", {
      user_id: SEED.rootId,
      action: "create_tenant",
      resource_type: "tenant",
      resource_name: "acme",
    }),
  ];
}

const EVENTS = new WeakMap<Store, AuditEvent[]>();

/** The audit log of a store (seeded on first use, unless the store started empty). */
export function auditEvents(store: Store): AuditEvent[] {
  let events = EVENTS.get(store);
  if (!events) {
    events = store.seeded ? seedEvents() : [];
    EVENTS.set(store, events);
  }
  return events;
}

const LAST_NANOS = new WeakMap<Store, bigint>();

/** Now, in nanoseconds, strictly after the store's previous event (the log sorts by time). */
function nextTimestamp(store: Store): string {
  let nanos = BigInt(Date.now()) * 1_000_000n;
  const last = LAST_NANOS.get(store) ?? 0n;
  if (nanos <= last) nanos = last + 1n;
  LAST_NANOS.set(store, nanos);
  const seconds = new Date(Number(nanos / 1_000_000_000n) * 1000).toISOString().slice(0, 19);
  return `${seconds}.${String(nanos % 1_000_000_000n).padStart(9, "0")}Z`;
}

/**
 * Writes an event as the real server does for its own actions. It records only these:
 * create_user, delete_user, create_catalog, delete_catalog, create_namespace, create_branch,
 * merge_branch (on success), and from the auth middleware api_key_rejected, login_failed
 * (Basic) and tenant_impersonation; always with `result: "success"`.
 */
export function recordAudit(
  store: Store,
  fields: Partial<AuditEvent> & Pick<AuditEvent, "tenant_id" | "action" | "resource_type">,
): void {
  auditEvents(store).push(event(randomUuid(), fields.tenant_id, nextTimestamp(store), fields));
}

/** The fields of the auth middleware's events. */
export function authEvent(
  tenant: string,
  action: string,
  who: { user_id: string | null; username: string },
  metadata: Record<string, string>,
): Partial<AuditEvent> & Pick<AuditEvent, "tenant_id" | "action" | "resource_type"> {
  return {
    tenant_id: tenant,
    action,
    resource_type: "token",
    resource_name: "auth",
    ...who,
    metadata,
  };
}

/** RFC 3339 to nanoseconds since the epoch (the server compares at full precision). */
export function rfc3339Nanos(value: string): bigint | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(
    value.trim(),
  );
  if (!m) return null;
  const secondsMs = Date.parse(`${m[1]}${m[3].toUpperCase()}`);
  if (Number.isNaN(secondsMs)) return null;
  return BigInt(secondsMs) * 1_000_000n + BigInt((m[2] ?? "").padEnd(9, "0"));
}

interface Filter {
  userId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  start?: bigint;
  end?: bigint;
  result?: string;
}

const QUERY_FIELDS: UrlField[] = [
  "user_id",
  "action",
  "resource_type",
  "resource_id",
  "start_time",
  "end_time",
  "result",
].map((name) => ({ name, type: "string" as const, required: false }));

// Like every query-string error, the text names no field (no path tracker on Query).
function uuidParam(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = parseUuid(value);
  if (!parsed.ok) {
    haltText(
      400,
      `Failed to deserialize query string: UUID parsing failed: ${parsed.error}`,
    );
  }
  return parsed.value;
}

function readQuery(ctx: Ctx, paged: boolean): { filter: Filter; limit: number; offset: number } {
  const fields = paged
    ? [...QUERY_FIELDS, { name: "limit", type: "int" as const, required: false }, {
      name: "offset",
      type: "int" as const,
      required: false,
    }]
    : QUERY_FIELDS;
  let q: Record<string, string | number>;
  try {
    q = decodeStruct(parsePairs(ctx.req.query), fields, false);
  } catch (e) {
    if (e instanceof UrlError) haltText(400, `Failed to deserialize query string: ${e.message}`);
    throw e;
  }
  const str = (k: string) => (typeof q[k] === "string" ? q[k] as string : undefined);
  const filter: Filter = {
    userId: uuidParam(str("user_id")),
    resourceId: uuidParam(str("resource_id")),
  };
  // Values that do not parse are dropped without a word, and the filter with them.
  const action = str("action")?.toLowerCase();
  if (action && ACTIONS.has(action)) filter.action = action;
  const type = str("resource_type")?.toLowerCase();
  if (type && RESOURCE_TYPES.has(type)) filter.resourceType = type;
  const result = str("result")?.toLowerCase();
  if (result === "success" || result === "failure") filter.result = result;
  const start = str("start_time") ? rfc3339Nanos(str("start_time")!) : null;
  if (start !== null) filter.start = start;
  const end = str("end_time") ? rfc3339Nanos(str("end_time")!) : null;
  if (end !== null) filter.end = end;
  const limit = Math.min(typeof q.limit === "number" ? q.limit : 100, 1000);
  const offset = typeof q.offset === "number" ? q.offset : 0;
  return { filter, limit, offset };
}

function matches(e: AuditEvent, f: Filter): boolean {
  const ts = rfc3339Nanos(e.timestamp)!;
  return (f.userId === undefined || e.user_id === f.userId) &&
    (f.action === undefined || e.action === f.action) &&
    (f.resourceType === undefined || e.resource_type === f.resourceType) &&
    (f.resourceId === undefined || e.resource_id === f.resourceId) &&
    (f.result === undefined || e.result === f.result) &&
    (f.start === undefined || ts >= f.start) &&
    (f.end === undefined || ts <= f.end);
}

function newestFirst(a: AuditEvent, b: AuditEvent): number {
  const d = rfc3339Nanos(b.timestamp)! - rfc3339Nanos(a.timestamp)!;
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

function tenantEvents(store: Store, tenant: string, f: Filter): AuditEvent[] {
  return auditEvents(store).filter((e) => e.tenant_id === tenant && matches(e, f))
    .sort(newestFirst);
}

/** GET /api/v1/audit: any caller; root merges every tenant and skips `offset` twice. */
export function listAudit(ctx: Ctx): Reply {
  const { filter, limit, offset } = readQuery(ctx, true);
  const s = session(ctx);
  if (s.role !== "root") {
    const rows = tenantEvents(ctx.store, effectiveTenant(s), filter);
    return json(200, rows.slice(offset, offset + limit));
  }
  // The real handler passes limit and offset down to each tenant's query, then skips the
  // offset again on the merged list: pages after the first lose events.
  const merged: AuditEvent[] = [];
  for (const tenant of ctx.store.tenants.keys()) {
    merged.push(...tenantEvents(ctx.store, tenant, filter).slice(offset, offset + limit));
  }
  merged.sort(newestFirst);
  return json(200, merged.slice(offset, offset + limit));
}

/** GET /api/v1/audit/count: root's count is summed over every tenant. */
export function countAudit(ctx: Ctx): Reply {
  const { filter } = readQuery(ctx, false);
  const s = session(ctx);
  const tenants = s.role === "root" ? [...ctx.store.tenants.keys()] : [effectiveTenant(s)];
  const count = tenants.reduce((n, t) => n + tenantEvents(ctx.store, t, filter).length, 0);
  return json(200, { count });
}

/** GET /api/v1/audit/{event_id}: root looks in every tenant, others in their own. */
export function getAudit(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "event_id");
  const s = session(ctx);
  const e = auditEvents(ctx.store).find((e) =>
    e.id === id &&
    (s.role === "root" ? ctx.store.tenants.has(e.tenant_id) : e.tenant_id === effectiveTenant(s))
  );
  if (!e) throw new Halt(json(404, { error: "Audit event not found", event_id: id }));
  return json(200, e);
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "GET /api/v1/audit": listAudit,
  "GET /api/v1/audit/count": countAudit,
  "GET /api/v1/audit/{event_id}": getAudit,
};
