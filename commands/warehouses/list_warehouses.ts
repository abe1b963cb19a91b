import { buildCommand } from "@stricli/core";
import { listWarehouses } from "../../lib/api/warehouses.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { warehouseTable } from "./shared.ts";

/** `list-warehouses`: the warehouses of the current tenant. */
export const listWarehousesCommand = buildCommand({
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
    const rows = await listWarehouses(api, paging);
    if (this.globals.json) {
      printJson(this, rows);
      return;
    }
    say(this, rows.length === 0 ? "No warehouses found" : warehouseTable(this, rows));
  },
});
