import { defineCommand } from "../../lib/command.ts";
import { tenantPages } from "../../lib/api/tenants.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { printListing } from "../../lib/listing.ts";
import { connect } from "../../lib/session.ts";
import { rootOnly, tenantTable } from "./shared.ts";

/** `list-tenants`: every tenant of the server, the default one included. */
export const listTenantsCommand = defineCommand({
  docs: {
    brief: "List tenants (root)",
    fullDescription: [
      "Lists every tenant by name, including 'default' (the nil UUID), where root works",
      "without a tenant context.",
      "",
      "Example:",
      "  pangolin-admin list-tenants --all",
    ].join("\n"),
  },
  parameters: { flags: { ...pagingFlags } },
  func: async function (this: Context, flags: PagingFlags): Promise<void> {
    const { api } = await connect(this);
    await printListing(this, tenantPages(api, pagingOf(flags)), {
      table: (rows) => tenantTable(this, rows),
      empty: "No tenants found",
    }).catch(rootOnly("list tenants"));
  },
});
