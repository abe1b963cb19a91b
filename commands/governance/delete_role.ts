import { defineCommand } from "../../lib/command.ts";
import { deleteRole, getRole } from "../../lib/api/roles.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError, CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, refFlag, yesFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { label, resolveById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";

/** `delete-role`: removes a role; its holders lose its grants. */
export const deleteRoleCommand = defineCommand({
  docs: {
    brief: "Delete a role (admin)",
    fullDescription: [
      "Everyone assigned the role loses its grants. The server answers success even for an id",
      "that does not exist, so the tool reads the role first and stops (exit 5) when it is not",
      "there. Asks to confirm on a terminal; without one, --yes is required.",
      "",
      "Examples:",
      "  pangolin-admin delete-role --id analyst",
      "  pangolin-admin delete-role --id e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b --yes",
    ].join("\n"),
  },
  parameters: {
    flags: {
      id: refFlag("Role: name or id", "role"),
      yes: yesFlag,
    },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: { id: string; yes?: boolean }): Promise<void> {
    const { session, api } = await connect(this);
    const role = await resolveById(api, session, "role", flags.id);
    // A role found by name is known to exist; one given by id is read first.
    if (role.name === undefined) role.name = await roleName(api, role.id);
    if (!(await confirmOrRequireYes(this, `Delete role ${label(role)}?`, flags.yes))) {
      throw new CommandFailure("Nothing was deleted (not confirmed).", 1);
    }
    await deleteRole(api, role.id);
    if (this.globals.json) {
      printJson(this, { deleted: role.id });
      return;
    }
    say(this, `✅ Role ${label(role)} deleted`);
  },
});

/** The role's name; the server deletes an unknown id "successfully", so stop here instead. */
async function roleName(api: ApiClient, id: string): Promise<string> {
  try {
    return (await getRole(api, id)).name;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && !err.options.unexpected) {
      throw new ApiError(err.what, err.status, err.serverMessage, {
        ...err.options,
        hint: "nothing was deleted; list-roles shows the roles",
      });
    }
    throw err;
  }
}
