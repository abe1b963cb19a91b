import { defineCommand } from "../../lib/command.ts";
import { listUserRoles } from "../../lib/api/roles.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf, refFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { label, resolveById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { pageLocally, roleTable } from "./shared.ts";

interface Flags extends PagingFlags {
  userId: string;
}

/** `list-user-roles`: the roles a user or service user holds. */
export const listUserRolesCommand = defineCommand({
  docs: {
    brief: "List the roles of a user or service user",
    fullDescription: [
      "The server returns the whole list (no paging); --limit and --offset are applied here.",
      "Roles that were deleted after being assigned are not listed.",
      "",
      "Examples:",
      "  pangolin-admin list-user-roles --user-id alice",
      "  pangolin-admin list-user-roles --user-id 3c8e5f21-6d4b-4a32-8f9c-2b3d4e5f6a71",
    ].join("\n"),
  },
  parameters: {
    flags: {
      userId: refFlag("Username, or user or service-user id", "user"),
      ...pagingFlags,
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const paging = pagingOf(flags);
    const { session, api } = await connect(this);
    const user = await resolveById(api, session, "user", flags.userId);
    const roles = pageLocally(await listUserRoles(api, user.id), paging);
    if (this.globals.json) {
      printJson(this, roles);
      return;
    }
    say(
      this,
      roles.length === 0 ? `No roles found for user ${label(user)}` : roleTable(this, roles),
    );
  },
});
