import { buildCommand } from "@stricli/core";
import { listTenants } from "../../lib/api/tenants.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { rootOnly, tenantTable } from "./shared.ts";

/** `list-tenants`: every tenant of the server, the default one included. */
export const listTenantsCommand = buildCommand({
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
    const tenants = await listTenants(api, pagingOf(flags)).catch(rootOnly("list tenants"));
    if (this.globals.json) {
      printJson(this, tenants);
      return;
    }
    say(this, tenants.length === 0 ? "No tenants found" : tenantTable(this, tenants));
  },
});
