import { buildCommand } from "@stricli/core";
import { listServiceUsers } from "../../lib/api/service_users.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { serviceUserTable, withoutHash } from "./shared.ts";

/** `list-service-users`: the service users of the current tenant. */
export const listServiceUsersCommand = buildCommand({
  docs: {
    brief: "List service users (admin)",
    fullDescription: "Example:\n  pangolin-admin list-service-users --all",
  },
  parameters: { flags: { ...pagingFlags } },
  func: async function (this: Context, flags: PagingFlags): Promise<void> {
    const { api } = await connect(this);
    const users = await listServiceUsers(api, pagingOf(flags));
    if (this.globals.json) {
      printJson(this, users.map(withoutHash));
      return;
    }
    say(this, users.length === 0 ? "No service users found" : serviceUserTable(this, users));
  },
});
