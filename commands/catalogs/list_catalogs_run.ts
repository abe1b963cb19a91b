/** What `list-catalogs` does: its flags and its run. Its help is declared in list_catalogs.ts. */
import { type Catalog, catalogPages } from "../../lib/api/catalogs.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { type Column, table } from "../../lib/output.ts";
import { printListing } from "../../lib/listing.ts";
import { connect } from "../../lib/session.ts";

/** The flags of `list-catalogs`. */
export const FLAGS = { ...pagingFlags } as const;

/** Lists the catalogs of the current tenant the caller may see. */
export async function run(this: Context, flags: PagingFlags): Promise<void> {
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
}
