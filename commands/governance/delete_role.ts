import { buildCommand } from "@stricli/core";
import { deleteRole, getRole } from "../../lib/api/roles.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError, CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, uuidFlag, yesFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";

/** `delete-role`: removes a role; its holders lose its grants. */
export const deleteRoleCommand = buildCommand({
  docs: {
    brief: "Delete a role (admin)",
    fullDescription: [
      "Everyone assigned the role loses its grants. The server answers success even for an id",
      "that does not exist, so the tool reads the role first and stops (exit 5) when it is not",
      "there. Asks to confirm on a terminal; without one, --yes is required.",
      "",
      "Example:",
      "  pangolin-admin delete-role --id e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b --yes",
    ].join("\n"),
  },
  parameters: {
    flags: {
      id: uuidFlag("Role id (UUID)"),
      yes: yesFlag,
    },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: { id: string; yes?: boolean }): Promise<void> {
    const { api } = await connect(this);
    let name: string;
    try {
      name = (await getRole(api, flags.id)).name;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404 && !err.options.unexpected) {
        throw new ApiError(err.what, err.status, err.serverMessage, {
          ...err.options,
          hint: "nothing was deleted; list-roles shows the roles",
        });
      }
      throw err;
    }
    if (!(await confirmOrRequireYes(this, `Delete role ${name} (${flags.id})?`, flags.yes))) {
      throw new CommandFailure("Nothing was deleted (not confirmed).", 1);
    }
    await deleteRole(api, flags.id);
    if (this.globals.json) {
      printJson(this, { deleted: flags.id });
      return;
    }
    say(this, `✅ Role ${name} deleted`);
  },
});
