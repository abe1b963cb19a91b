import { defineCommand } from "../../lib/command.ts";
import { federatedStats } from "../../lib/api/federated.ts";
import type { Context } from "../../lib/context.ts";
import { fields, formatDate, printJson } from "../../lib/output.ts";
import { resolveByName } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { nameParameter } from "../catalogs/shared.ts";
import { requireFederated } from "./shared.ts";

/** `get-federated-stats`: a federated catalog's sync status and counts. */
export const getFederatedStatsCommand = defineCommand({
  docs: {
    brief: "Show a federated catalog's sync status (admin)",
    fullDescription: [
      "The server answers stats for any name, existing or not; the catalog is looked up",
      "first, so a wrong name is a plain not-found (exit 5).",
      "",
      "Example:",
      "  pangolin-admin get-federated-stats partner",
    ].join("\n"),
  },
  parameters: {
    positional: { kind: "tuple", parameters: [nameParameter("Catalog name")] },
  },
  func: async function (this: Context, _flags: Record<never, never>, input: string) {
    const { session, api } = await connect(this);
    const { name } = await resolveByName(api, session, "catalog", input);
    await requireFederated(api, name, "get federated catalog stats");
    const stats = await federatedStats(api, name);
    if (this.globals.json) {
      printJson(this, stats);
      return;
    }
    fields(this, [
      ["Catalog", name],
      ["Sync Status", stats.sync_status],
      ["Last Synced", stats.last_synced_at ? formatDate(stats.last_synced_at) : "never"],
      ["Tables Synced", String(stats.tables_synced)],
      ["Namespaces Synced", String(stats.namespaces_synced)],
      ["Error", stats.error_message ?? "-"],
    ]);
  },
});
