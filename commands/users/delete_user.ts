import { buildCommand } from "@stricli/core";
import type { UserInfo } from "../../lib/api/auth.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { deleteUser, getUser, listUsers } from "../../lib/api/users.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError, CommandFailure, UsageError } from "../../lib/errors.ts";
import { confirmOrRequireYes, yesFlag } from "../../lib/flags.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { connect, type Session } from "../../lib/session.ts";
import { parseNonEmpty, parseUuid } from "../../lib/validate.ts";
import { listedTenant, noteIgnoredTenant } from "./shared.ts";

/** `delete-user`: removes a user, found by name in the current tenant or by id. */
export const deleteUserCommand = buildCommand({
  docs: {
    brief: "Delete a user by name or id (admin)",
    fullDescription: [
      "A name is looked up among the users of the current tenant (root: the tenant of --tenant",
      "or 'use', else the default tenant); an id works in any tenant. Asks to confirm on a",
      "terminal; without one, --yes is required.",
      "",
      "The server does not revoke a deleted user's tokens: they keep working until they",
      "expire. Run revoke-user-tokens for the user first.",
      "",
      "Examples:",
      "  pangolin-admin delete-user alice",
      "  pangolin-admin delete-user 3c8e5f21-6d4b-4a32-8f9c-2b3d4e5f6a71 --yes",
    ].join("\n"),
  },
  parameters: {
    positional: {
      kind: "tuple",
      parameters: [{ brief: "Username or user id", parse: parseNonEmpty, placeholder: "username" }],
    },
    flags: { yes: yesFlag },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: { yes?: boolean }, name: string): Promise<void> {
    const { session, api } = await connect(this);
    const user = await findUser(this, session, api, name);
    const question = `Delete user ${user.username} (${user.id})?`;
    if (!(await confirmOrRequireYes(this, question, flags.yes))) {
      throw new CommandFailure("Nothing was deleted (not confirmed).", 1);
    }
    try {
      await deleteUser(api, user.id);
    } catch (err) {
      // DELETE /api/v1/users/{id} answers an unknown id with 500, not 404 (api.md 7.4 #28).
      if (err instanceof ApiError && err.status === 500 && /user not found/i.test(err.message)) {
        throw new CommandFailure(
          `User ${user.id} not found (the server answered 500: ${err.serverMessage}).`,
          5,
          "it may already be gone; check with pangolin-admin list-users",
        );
      }
      throw err;
    }
    if (this.globals.json) printJson(this, { deleted: user.id, username: user.username });
    else say(this, `✅ User ${user.username} deleted`);
    note(
      this,
      "Note: the server does not revoke a deleted user's tokens; they keep working until they " +
        "expire. Revoke the recorded ones with: pangolin-admin revoke-user-tokens --user-id " +
        user.id,
    );
  },
});

/** The user named `name` in the effective tenant, or the user with that id in any tenant. */
async function findUser(
  ctx: Context,
  session: Session,
  api: ApiClient,
  name: string,
): Promise<UserInfo> {
  let id: string | undefined;
  try {
    id = parseUuid(name);
  } catch {
    id = undefined;
  }
  if (id) return await getUser(api, id);
  noteIgnoredTenant(ctx, session);
  // GET /api/v1/users lists the effective tenant only (api.md 6.1 #26).
  const matches = (await listUsers(api, { all: true })).filter((u) => u.username === name);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    // The server does not keep usernames unique (api.md 7.4 #27).
    throw new UsageError(
      `${matches.length} users are named '${name}' (${matches.map((u) => u.id).join(", ")}); ` +
        "pass the id instead",
    );
  }
  const root = session.claims?.role === "root";
  throw new CommandFailure(
    `No user named '${name}' in ${listedTenant(session)}.`,
    5,
    root
      ? "as root, names are looked up in the tenant of --tenant or 'use' only; pass the user's " +
        "tenant with --tenant <tenant-uuid>, or the user's id"
      : "names are looked up in your own tenant; check with pangolin-admin list-users, or pass " +
        "the user's id",
  );
}
