import { defineCommand } from "../../lib/command.ts";
import { type FederatedCatalog, listFederatedCatalogs } from "../../lib/api/federated.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { type Column, printJson, say, table } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { pageLocally } from "../catalogs/shared.ts";

/** `list-federated-catalogs`: the federated catalogs of the current tenant. */
export const listFederatedCatalogsCommand = defineCommand({
  docs: {
    brief: "List federated catalogs",
    fullDescription: [
      "Uses the server's federated-catalog listing, which is not paged: --limit and --offset",
      "apply here. Secret property values are masked (***), in --json too.",
      "",
      "Example:",
      "  pangolin-admin list-federated-catalogs",
    ].join("\n"),
  },
  parameters: { flags: { ...pagingFlags } },
  func: async function (this: Context, flags: PagingFlags): Promise<void> {
    const paging = pagingOf(flags);
    const { api } = await connect(this);
    const rows = pageLocally(await listFederatedCatalogs(api), paging);
    if (this.globals.json) {
      printJson(this, rows);
      return;
    }
    if (rows.length === 0) {
      say(this, "No federated catalogs found");
      return;
    }
    const props = (c: FederatedCatalog) => c.properties ?? {};
    const columns: Column<FederatedCatalog>[] = [
      { header: "Name", cell: (c) => c.name },
      { header: "URI", cell: (c) => props(c).uri ?? "-" },
      { header: "Storage Location", cell: (c) => props(c).storage_location ?? "-" },
      { header: "Properties", cell: (c) => Object.keys(props(c)).sort().join(", ") || "-" },
    ];
    say(this, table(this, rows, columns));
  },
});
