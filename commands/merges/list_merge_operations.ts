import { defineCommand } from "../../lib/command.ts";
import { mergeOperationPages, type MergeOperationSummary } from "../../lib/api/merges.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { type Column, table } from "../../lib/output.ts";
import { printListing } from "../../lib/listing.ts";
import { resolveByName } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { parseNonEmpty } from "../../lib/validate.ts";

interface Flags extends PagingFlags {
  catalog: string;
}

/** `list-merge-operations`: a catalog's merge operations. */
export const listMergeOperationsCommand = defineCommand({
  docs: {
    brief: "List a catalog's merge operations",
    fullDescription: [
      "The server lists merge operations per catalog only (in the current tenant), so",
      "--catalog is required.",
      "",
      "Example:",
      "  pangolin-admin list-merge-operations --catalog sales",
    ].join("\n"),
  },
  parameters: {
    flags: {
      catalog: {
        kind: "parsed",
        parse: parseNonEmpty,
        brief: "Catalog: name (or id)",
        placeholder: "catalog",
      },
      ...pagingFlags,
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const paging = pagingOf(flags);
    const { session, api } = await connect(this);
    const catalog = (await resolveByName(api, session, "catalog", flags.catalog)).name;
    const columns: Column<MergeOperationSummary>[] = [
      { header: "ID", kind: "id", cell: (o) => o.id },
      { header: "Status", cell: (o) => o.status },
      { header: "Source", cell: (o) => o.source_branch },
      { header: "Target", cell: (o) => o.target_branch },
      { header: "Conflicts", cell: (o) => String(o.conflicts_count) },
      { header: "Initiated At", kind: "time", cell: (o) => o.initiated_at },
      { header: "Completed At", kind: "time", cell: (o) => o.completed_at },
    ];
    await printListing(this, mergeOperationPages(api, catalog, paging), {
      table: (rows) => table(this, rows, columns),
      empty: `No merge operations found for catalog ${catalog}`,
    });
  },
});
