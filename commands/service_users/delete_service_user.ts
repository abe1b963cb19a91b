import { buildCommand } from "@stricli/core";
import { deleteServiceUser } from "../../lib/api/service_users.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, uuidFlag, yesFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";

/** `delete-service-user`: removes a service user; its key stops working. */
export const deleteServiceUserCommand = buildCommand({
  docs: {
    brief: "Delete a service user (admin)",
    fullDescription: [
      "Asks to confirm on a terminal; without one, --yes is required. The server answers",
      "success even for an id that does not exist.",
      "",
      "Example:",
      "  pangolin-admin delete-service-user --id c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f --yes",
    ].join("\n"),
  },
  parameters: {
    flags: {
      id: uuidFlag("Service user id (UUID)"),
      yes: yesFlag,
    },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: { id: string; yes?: boolean }): Promise<void> {
    const { api } = await connect(this);
    if (!(await confirmOrRequireYes(this, `Delete service user ${flags.id}?`, flags.yes))) {
      throw new CommandFailure("Nothing was deleted (not confirmed).", 1);
    }
    await deleteServiceUser(api, flags.id);
    if (this.globals.json) {
      printJson(this, { deleted: flags.id });
      return;
    }
    say(this, `✅ Service user ${flags.id} deleted`);
  },
});
