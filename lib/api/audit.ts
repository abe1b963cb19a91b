/** Audit endpoints (pangolin-api.md 5.11), and paging that survives their quirks. */
import { ApiError, CommandFailure } from "../errors.ts";
import type { ApiClient } from "./client.ts";

/** AuditLogEntry (snake_case). */
export interface AuditLogEntry {
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
  result: string;
  error_message: string | null;
  metadata: unknown;
}

/** The server-side filters (already validated: the server drops unknown values silently). */
export interface AuditFilters {
  user_id?: string;
  action?: string;
  resource_type?: string;
  result?: string;
}

/** GET /api/v1/audit treats a `limit` above this as this. */
export const AUDIT_PAGE_MAX = 1000;

/** How to walk the audit log. */
export interface AuditWalk {
  /** Skip this many (matching) events. */
  offset: number;
  /** Stop after this many (matching) events; everything when absent. */
  limit?: number;
  /** Events per request when reading everything (capped at AUDIT_PAGE_MAX). */
  pageSize?: number;
  /**
   * The caller is known not to be root, so the server's `offset` can be trusted. Root's listing
   * applies `offset` twice (once per tenant, once on the merged list), so for root, or when the
   * role is unknown, pages are cut by `end_time` instead.
   */
  serverOffset: boolean;
  /** A filter the server cannot apply (it ignores `tenant_id`); applied before skipping. */
  keep?: (event: AuditLogEntry) => boolean;
}

function auditPage(
  api: ApiClient,
  filters: AuditFilters,
  page: { limit: number; offset?: number; end_time?: string },
): Promise<AuditLogEntry[]> {
  return api.call("list audit events", "GET", "/api/v1/audit", {
    query: { ...filters, ...page },
    shape: "array",
  });
}

/**
 * GET /api/v1/audit, page after page, newest first, yielded as each page arrives (memory stays
 * bounded by one page and the ids seen). The server caps `limit` at 1000 and root's `offset` is
 * wrong (applied once per tenant and again on the merged list), so `offset` is only sent for
 * known non-root callers; otherwise the next page is asked for with `end_time` (inclusive) set to
 * the last timestamp seen, and the events of that very timestamp, already listed, are dropped.
 * Events that arrive meanwhile are newer and never shift a page. Any other id that comes back
 * (a server or proxy that ignores paging) stops the walk with an error (exit 1), as for every
 * list; paging by offset drops the repeats that newer events cause, and stops on a page that
 * brings nothing new.
 */
export async function* auditPages(
  api: ApiClient,
  filters: AuditFilters,
  walk: AuditWalk,
): AsyncGenerator<AuditLogEntry[]> {
  const seen = new Set<string>();
  const clientSide = walk.keep !== undefined;
  let skip = walk.offset;
  let serverOffset = 0;
  if (walk.serverOffset && !clientSide) {
    serverOffset = skip;
    skip = 0;
  }
  let listed = 0;
  let endTime: string | undefined;
  for (;;) {
    const missing = walk.limit === undefined ? Infinity : walk.limit - listed;
    if (missing <= 0) return;
    const wanted = walk.limit === undefined || clientSide
      ? walk.pageSize ?? AUDIT_PAGE_MAX
      : skip + missing;
    const size = Math.max(1, Math.min(AUDIT_PAGE_MAX, wanted));
    const page = await auditPage(
      api,
      filters,
      walk.serverOffset
        ? { limit: size, offset: serverOffset }
        : { limit: size, end_time: endTime },
    );
    const out: AuditLogEntry[] = [];
    let fresh = 0;
    let repeated: string | undefined;
    for (const e of page) {
      if (seen.has(e.id)) {
        // The inclusive end_time brings back the events of the last timestamp: expected.
        if (!walk.serverOffset && endTime !== undefined && e.timestamp === endTime) continue;
        // By offset, events written meanwhile push older ones onto the next page: a repeat is
        // dropped, and only a page with nothing new (paging ignored) stops the walk.
        if (walk.serverOffset) {
          repeated = e.id;
          continue;
        }
        throw repeats(`before ${endTime}`, e.id);
      }
      seen.add(e.id);
      fresh++;
      if (walk.keep && !walk.keep(e)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      if (listed >= (walk.limit ?? Infinity)) break;
      out.push(e);
      listed++;
    }
    if (repeated !== undefined && fresh === 0) throw repeats(`at offset ${serverOffset}`, repeated);
    yield out;
    if (page.length < size || listed >= (walk.limit ?? Infinity)) return;
    if (walk.serverOffset) {
      serverOffset += page.length;
      continue;
    }
    if (fresh === 0) {
      throw new CommandFailure(
        `More than ${size} audit events share the timestamp ${endTime}; the server's paging ` +
          "cannot get past them.",
        1,
        "use a larger page (--limit up to 1000 with --all)",
      );
    }
    endTime = page[page.length - 1].timestamp;
  }
}

function repeats(where: string, id: string): ApiError {
  return new ApiError(
    "list audit events",
    200,
    `the page ${where} repeats ${id}, already listed on an earlier page`,
    { unexpected: true, hint: "the server seems to ignore paging; run without --all" },
  );
}

/** GET /api/v1/audit/count (root: summed over every tenant). */
export async function countAuditEvents(api: ApiClient, filters: AuditFilters): Promise<number> {
  const reply = await api.call<{ count?: unknown }>(
    "count audit events",
    "GET",
    "/api/v1/audit/count",
    { query: { ...filters } },
  );
  if (typeof reply.count !== "number") {
    throw new ApiError("count audit events", 200, "the reply has no count", {
      unexpected: true,
    });
  }
  return reply.count;
}

/** GET /api/v1/audit/{event_id}: 404 `Audit event not found` outside the caller's reach. */
export function getAuditEvent(api: ApiClient, id: string): Promise<AuditLogEntry> {
  return api.call("get audit event", "GET", `/api/v1/audit/${encodeURIComponent(id)}`, {
    shape: ["id", "action"],
  });
}
