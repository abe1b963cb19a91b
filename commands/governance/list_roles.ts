import { defineCommand } from "../../lib/command.ts";
import { rolePages } from "../../lib/api/roles.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { note } from "../../lib/output.ts";
import { printListing } from "../../lib/listing.ts";
import { connect } from "../../lib/session.ts";
import { roleTable, ROOT_DEFAULT_TENANT_NOTE } from "./shared.ts";

/** `list-roles`: the roles of the session's tenant. */
export const listRolesCommand = defineCommand({
  docs: {
    brief: "List the roles of your tenant",
    fullDescription: [
      "Lists the roles of the session's tenant, by name. Root's session has no tenant: the",
      "server lists the default tenant's roles for root, whatever --tenant or 'use' say.",
      "",
      "Example:",
      "  pangolin-admin list-roles --all",
    ].join("\n"),
  },
  parameters: { flags: { ...pagingFlags } },
  func: async function (this: Context, flags: PagingFlags): Promise<void> {
    const paging = pagingOf(flags);
    const { session, api } = await connect(this);
    // GET /api/v1/roles uses the session tenant; X-Pangolin-Tenant has no effect on it.
    if (session.claims?.role === "root") note(this, ROOT_DEFAULT_TENANT_NOTE);
    await printListing(this, rolePages(api, paging), {
      table: (rows) => roleTable(this, rows),
      empty: "No roles found",
    });
  },
});
