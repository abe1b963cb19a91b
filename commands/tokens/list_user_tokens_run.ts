/** What `list-user-tokens` does: its flags and its run. Its help is declared in list_user_tokens.ts. */
import { userTokenPages } from "../../lib/api/tokens.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf, refFlag } from "../../lib/flags.ts";
import { printListing } from "../../lib/listing.ts";
import { note } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { uuidOf } from "../../lib/validate.ts";
import { LOGIN_SESSIONS_NOTE, tokenTable } from "./shared.ts";

/** The flag values of `list-user-tokens`. */
export interface Flags extends PagingFlags {
  userId: string;
}

/** The flags of `list-user-tokens`. */
export const FLAGS = {
  userId: refFlag("User: username or id", "user"),
  ...pagingFlags,
} as const;

/** Lists the tokens the server recorded for a user. */
export async function run(this: Context, flags: Flags): Promise<void> {
  const { session, api } = await connect(this);
  const paging = pagingOf(flags);
  // A UUID is the user's id as it is (the resolver would not ask either): the resolver and its
  // listing modules are loaded only for a name.
  const id = uuidOf(flags.userId);
  let userId = id;
  if (!userId) {
    const { label, resolveById } = await import("../../lib/resolve.ts");
    const user = await resolveById(api, session, "user", flags.userId);
    userId = user.id;
    // The table and the contract's "none" line name the id; the name goes beside them.
    if (!this.globals.json && user.name !== undefined) {
      note(this, `Note: tokens of user ${label(user)}.`);
    }
  }
  if (!this.globals.json) note(this, LOGIN_SESSIONS_NOTE);
  const count = await printListing(this, userTokenPages(api, userId, paging), {
    json: ({ token: _secret, ...rest }) => rest,
    table: (rows) => tokenTable(this, rows),
    empty: `No active tokens found for user ${userId}`,
  });
  if (count === 0 && session.claims?.role === "root") {
    // GET /api/v1/users/{id}/tokens uses the session tenant: root sees only the nil tenant.
    note(
      this,
      "Note: as root, the server lists only the default tenant's tokens; a tenant user's " +
        "tokens can only be listed by that tenant's admin.",
    );
  }
}
