import { buildCommand } from "@stricli/core";
import { userTokenPages } from "../../lib/api/tokens.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf, refFlag } from "../../lib/flags.ts";
import { printListing } from "../../lib/listing.ts";
import { note } from "../../lib/output.ts";
import { label, resolveById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { LOGIN_SESSIONS_NOTE, tokenTable } from "./shared.ts";

interface Flags extends PagingFlags {
  userId: string;
}

/** `list-user-tokens`: an admin lists a user's recorded tokens. */
export const listUserTokensCommand = buildCommand({
  docs: {
    brief: "List a user's tokens (admin)",
    fullDescription: [
      "Lists the tokens the server recorded for a user (created with create-token or by",
      "rotation). Sessions from login are never recorded, so they are not listed.",
      "",
      "Examples:",
      "  pangolin-admin list-user-tokens --user-id alice",
      "  pangolin-admin list-user-tokens --user-id 3f0c2a7e-5b1d-4c8e-9a63-2d7f1e0b4c55",
    ].join("\n"),
  },
  parameters: {
    flags: {
      userId: refFlag("User: username or id", "user"),
      ...pagingFlags,
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { session, api } = await connect(this);
    const paging = pagingOf(flags);
    const user = await resolveById(api, session, "user", flags.userId);
    if (!this.globals.json) {
      // The table and the contract's "none" line name the id; the name goes beside them.
      if (user.name !== undefined) note(this, `Note: tokens of user ${label(user)}.`);
      note(this, LOGIN_SESSIONS_NOTE);
    }
    const count = await printListing(this, userTokenPages(api, user.id, paging), {
      json: ({ token: _secret, ...rest }) => rest,
      table: (rows) => tokenTable(this, rows),
      empty: `No active tokens found for user ${user.id}`,
    });
    if (count === 0 && session.claims?.role === "root") {
      // GET /api/v1/users/{id}/tokens uses the session tenant: root sees only the nil tenant.
      note(
        this,
        "Note: as root, the server lists only the default tenant's tokens; a tenant user's " +
          "tokens can only be listed by that tenant's admin.",
      );
    }
  },
});
