import { defineCommand } from "../../lib/command.ts";
import { type AccessRequest, accessRequestPages } from "../../lib/api/access_requests.ts";
import { printListing } from "../../lib/listing.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { type Block, type Column, note, table } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";

/** `list-access-requests`: all requests (admins) or your own. */
export const listAccessRequestsCommand = defineCommand({
  docs: {
    brief: "List access requests (admins: all of the tenant; others: their own)",
    fullDescription: [
      "Lists the session tenant's requests by id. For non-admins the server applies --limit",
      "and --offset to everyone's requests and only then keeps yours, so a page can be short",
      "or empty although more of yours follow; --all therefore asks for the whole list at",
      "once instead of following pages (--limit does not apply with --all). Root's session",
      "has no tenant: root sees the default tenant's requests.",
      "",
      "Examples:",
      "  pangolin-admin list-access-requests --all",
      "  pangolin-admin list-access-requests --limit 20 --json",
    ].join("\n"),
  },
  parameters: { flags: { ...pagingFlags } },
  func: async function (this: Context, flags: PagingFlags): Promise<void> {
    const paging = pagingOf(flags);
    const { session, api } = await connect(this);
    const count = await printListing(this, accessRequestPages(api, paging), {
      table: (rows) => requestTable(this, rows),
      empty: "No access requests found",
    });
    const role = session.claims?.role;
    const admin = role === "root" || role === "tenant-admin";
    if (!admin && !paging.all && paging.limit !== undefined && count < paging.limit) {
      note(
        this,
        "Note: the server pages before it keeps your own requests, so this page can be short " +
          "even when more follow; --all lists them all.",
      );
    }
    if (count === 0 && role === "root") {
      note(this, "Note: root's session has no tenant; the server lists the default tenant's.");
    }
  },
});

function requestTable(ctx: Context, requests: readonly AccessRequest[]): Block {
  const columns: Column<AccessRequest>[] = [
    { header: "ID", kind: "id", cell: (r) => r.id },
    { header: "User ID", kind: "id", cell: (r) => r["user-id"] },
    { header: "Asset ID", kind: "id", cell: (r) => r["asset-id"] },
    { header: "Status", cell: (r) => r.status },
    { header: "Requested At", kind: "time", cell: (r) => r["requested-at"] },
    { header: "Reason", cell: (r) => r.reason ?? "-" },
  ];
  return table(ctx, requests, columns);
}
