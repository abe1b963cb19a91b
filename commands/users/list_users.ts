import { defineCommand } from "../../lib/command.ts";
import { userPages } from "../../lib/api/users.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { note } from "../../lib/output.ts";
import { printListing } from "../../lib/listing.ts";
import { connect } from "../../lib/session.ts";
import { listedTenant, noteIgnoredTenant, userTable } from "./shared.ts";

/** `list-users`: the users of the current tenant. */
export const listUsersCommand = defineCommand({
  docs: {
    brief: "List the users of the current tenant",
    fullDescription: [
      "Lists the users of one tenant: your own, or for root the tenant named by --tenant or",
      "'use' (the default tenant when none is). Root users have no tenant and are never listed.",
      "",
      "Examples:",
      "  pangolin-admin list-users",
      "  pangolin-admin list-users --tenant 6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b --all",
    ].join("\n"),
  },
  parameters: { flags: { ...pagingFlags } },
  func: async function (this: Context, flags: PagingFlags): Promise<void> {
    const { session, api } = await connect(this);
    noteIgnoredTenant(this, session);
    if (session.claims?.role === "root" && !session.tenant) {
      // GET /api/v1/users uses the effective tenant: root without a header gets the nil tenant.
      note(
        this,
        "Note: as root without --tenant or 'use', the server lists the default tenant's users.",
      );
    }
    await printListing(this, userPages(api, pagingOf(flags)), {
      table: (rows) => userTable(this, rows),
      empty: `No users found in ${listedTenant(session)}`,
    });
  },
});
