import { buildCommand } from "@stricli/core";
import { type Catalog, catalogPages } from "../../lib/api/catalogs.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { type Column, table } from "../../lib/output.ts";
import { printListing } from "../../lib/listing.ts";
import { connect } from "../../lib/session.ts";

/** `list-catalogs`: the catalogs of the current tenant the caller may see. */
export const listCatalogsCommand = buildCommand({
  docs: {
    brief: "List catalogs",
    fullDescription: [
      "Tenant users see only catalogs they hold a direct permission on.",
      "",
      "Example:",
      "  pangolin-admin list-catalogs",
    ].join("\n"),
  },
  parameters: { flags: { ...pagingFlags } },
  func: async function (this: Context, flags: PagingFlags): Promise<void> {
    const { api } = await connect(this);
    const columns: Column<Catalog>[] = [
      { header: "Name", cell: (c) => c.name },
      { header: "Type", cell: (c) => c.catalog_type },
      { header: "Warehouse", cell: (c) => c.warehouse_name ?? "-" },
      { header: "Storage Location", cell: (c) => c.storage_location ?? "-" },
    ];
    await printListing(this, catalogPages(api, pagingOf(flags)), {
      table: (rows) => table(this, rows, columns),
      empty: "No catalogs found",
    });
  },
});
