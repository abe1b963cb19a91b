import { defineCommand } from "../../lib/command.ts";
import { serviceUserPages } from "../../lib/api/service_users.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { printListing } from "../../lib/listing.ts";
import { connect } from "../../lib/session.ts";
import { serviceUserTable, withoutHash } from "./shared.ts";

/** `list-service-users`: the service users of the current tenant. */
export const listServiceUsersCommand = defineCommand({
  docs: {
    brief: "List service users (admin)",
    fullDescription: "Example:\n  pangolin-admin list-service-users --all",
  },
  parameters: { flags: { ...pagingFlags } },
  func: async function (this: Context, flags: PagingFlags): Promise<void> {
    const { api } = await connect(this);
    await printListing(this, serviceUserPages(api, pagingOf(flags)), {
      json: withoutHash,
      table: (rows) => serviceUserTable(this, rows),
      empty: "No service users found",
    });
  },
});
