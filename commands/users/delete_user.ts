import { defineCommand } from "../../lib/command.ts";
import { deleteUser } from "../../lib/api/users.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError, CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, yesFlag } from "../../lib/flags.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { label, named, parseRef, resolveById, uuidOf } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { noteIgnoredTenant } from "./shared.ts";

/** `delete-user`: removes a user, found by name in the current tenant or by id. */
export const deleteUserCommand = defineCommand({
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
      parameters: [{ brief: "Username or user id", parse: parseRef, placeholder: "user" }],
    },
    flags: { yes: yesFlag },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: { yes?: boolean }, name: string): Promise<void> {
    const { session, api } = await connect(this);
    if (!uuidOf(name)) noteIgnoredTenant(this, session);
    const user = await named(this, api, await resolveById(api, session, "user", name), flags.yes);
    const question = `Delete user ${label(user)}?`;
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
    if (this.globals.json) {
      printJson(this, {
        deleted: user.id,
        ...(user.name === undefined ? {} : { username: user.name }),
      });
    } else say(this, `✅ User ${label(user)} deleted`);
    note(
      this,
      "Note: the server does not revoke a deleted user's tokens; they keep working until they " +
        "expire. Revoke the recorded ones with: pangolin-admin revoke-user-tokens --user-id " +
        user.id,
    );
  },
});
