import { defineCommand } from "../../lib/command.ts";
import { warehousePages } from "../../lib/api/warehouses.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { printListing } from "../../lib/listing.ts";
import { connect } from "../../lib/session.ts";
import { warehouseTable } from "./shared.ts";

/** `list-warehouses`: the warehouses of the current tenant. */
export const listWarehousesCommand = defineCommand({
  docs: {
    brief: "List warehouses",
    fullDescription: [
      "Lists the warehouses of the current tenant (root: the tenant chosen with use or",
      "--tenant). The server returns storage secrets verbatim; they are masked (***) here, in",
      "the table and in --json.",
      "",
      "Examples:",
      "  pangolin-admin list-warehouses",
      "  pangolin-admin list-warehouses --all --json",
    ].join("\n"),
  },
  parameters: { flags: { ...pagingFlags } },
  func: async function (this: Context, flags: PagingFlags): Promise<void> {
    const paging = pagingOf(flags);
    const { api } = await connect(this);
    await printListing(this, warehousePages(api, paging), {
      table: (rows) => warehouseTable(this, rows),
      empty: "No warehouses found",
    });
  },
});
