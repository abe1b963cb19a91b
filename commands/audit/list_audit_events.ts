import { defineCommand } from "../../lib/command.ts";
import { auditPages } from "../../lib/api/audit.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { printListing } from "../../lib/listing.ts";
import { note } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import {
  AUDIT_COLUMNS,
  type AuditFilterFlags,
  auditFilterFlags,
  resolveFilters,
  serverFilters,
  walkFor,
} from "./shared.ts";

interface Flags extends AuditFilterFlags, PagingFlags {}

const DEFAULT_LIMIT = 100;

/** `list-audit-events`: the audit log, newest first, filtered and paged correctly. */
export const listAuditEventsCommand = defineCommand({
  docs: {
    brief: "List audit events, newest first",
    fullDescription: [
      "Shows the newest 100 events unless --limit or --all says otherwise. Root sees every",
      "tenant's events; other callers see their own tenant's. The server would silently drop an",
      "unknown --action, --resource-type or --result and return everything, so they are checked",
      "here first. The server ignores a tenant filter, so --tenant-id is applied here. Root's",
      "listing skips events when asked for an offset, so for root the pages are cut by time",
      "instead and --offset and --all stay exact. The server records few actions (user and",
      "catalog create/delete, namespaces, tables, branches and merges, failed Basic logins,",
      "refused API keys, tenant impersonation); successful logins are not audited.",
      "",
      "Examples:",
      "  pangolin-admin list-audit-events --action delete_catalog --limit 20",
      "  pangolin-admin list-audit-events --result failure --all --json",
    ].join("\n"),
  },
  parameters: { flags: { ...auditFilterFlags, ...pagingFlags } },
  func: async function (this: Context, given: Flags): Promise<void> {
    const paging = pagingOf(given);
    const { session, api } = await connect(this);
    const flags = { ...given, ...await resolveFilters(api, session, given) };
    const walk = walkFor(this, session, flags);
    const limit = paging.all ? undefined : paging.limit ?? DEFAULT_LIMIT;
    const pages = auditPages(api, serverFilters(flags), {
      ...walk,
      offset: paging.offset ?? 0,
      limit,
      pageSize: paging.all ? paging.limit : undefined,
    });
    // Pages stream: --json writes them as they come; the table keeps only the cells it shows.
    const count = await printListing(this, pages, {
      columns: AUDIT_COLUMNS,
      empty: "No audit events found",
    });
    if (limit !== undefined && count === limit && limit > 0) {
      note(this, `Showing ${limit} events; there may be more (--offset, or --all for every one).`);
    }
  },
});
