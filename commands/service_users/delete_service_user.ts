import { defineCommand } from "../../lib/command.ts";
import { deleteServiceUser } from "../../lib/api/service_users.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, refFlag, yesFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { label, named, resolveById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";

/** `delete-service-user`: removes a service user; its key stops working. */
export const deleteServiceUserCommand = defineCommand({
  docs: {
    brief: "Delete a service user (admin)",
    fullDescription: [
      "Asks to confirm on a terminal; without one, --yes is required. The server answers",
      "success even for an id that does not exist.",
      "",
      "Examples:",
      "  pangolin-admin delete-service-user --id nightly-report",
      "  pangolin-admin delete-service-user --id c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f --yes",
    ].join("\n"),
  },
  parameters: {
    flags: {
      id: refFlag("Service user: name or id", "service-user"),
      yes: yesFlag,
    },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: { id: string; yes?: boolean }): Promise<void> {
    const { session, api } = await connect(this);
    const target = await named(
      this,
      api,
      await resolveById(api, session, "service user", flags.id),
      flags.yes,
    );
    const question = `Delete service user ${label(target)}?`;
    if (!(await confirmOrRequireYes(this, question, flags.yes))) {
      throw new CommandFailure("Nothing was deleted (not confirmed).", 1);
    }
    await deleteServiceUser(api, target.id);
    if (this.globals.json) {
      printJson(this, { deleted: target.id });
      return;
    }
    say(this, `✅ Service user ${label(target)} deleted`);
  },
});
