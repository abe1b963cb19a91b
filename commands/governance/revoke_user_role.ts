import { buildCommand } from "@stricli/core";
import { listUserRoles, revokeUserRole } from "../../lib/api/roles.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, uuidFlag, yesFlag } from "../../lib/flags.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";

interface Flags {
  userId: string;
  roleId: string;
  yes?: boolean;
}

/** `revoke-user-role`: takes a role away from a user or service user. */
export const revokeUserRoleCommand = buildCommand({
  docs: {
    brief: "Revoke a role from a user or service user (admin)",
    fullDescription: [
      "Asks to confirm on a terminal; without one, --yes is required. The server answers",
      "success even when the user did not hold the role; the tool reads the user's roles first",
      "and says so on stderr when the role is not among them.",
      "",
      "Example:",
      "  pangolin-admin revoke-user-role --user-id 3c8e5f21-6d4b-4a32-8f9c-2b3d4e5f6a71 " +
      "--role-id e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b --yes",
    ].join("\n"),
  },
  parameters: {
    flags: {
      userId: uuidFlag("User or service-user id (UUID)"),
      roleId: uuidFlag("Role id (UUID)"),
      yes: yesFlag,
    },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { api } = await connect(this);
    const held = (await listUserRoles(api, flags.userId)).find((r) => r.id === flags.roleId);
    if (!held) {
      note(
        this,
        `Note: the server does not list role ${flags.roleId} among the roles of user ` +
          `${flags.userId}; there may be nothing to revoke.`,
      );
    }
    const role = held ? `${held.name} (${flags.roleId})` : flags.roleId;
    const question = `Revoke role ${role} from user ${flags.userId}?`;
    if (!(await confirmOrRequireYes(this, question, flags.yes))) {
      throw new CommandFailure("Nothing was revoked (not confirmed).", 1);
    }
    await revokeUserRole(api, flags.userId, flags.roleId);
    if (this.globals.json) {
      printJson(this, { revoked: flags.roleId, "user-id": flags.userId });
      return;
    }
    say(this, `✅ Role ${role} revoked from user ${flags.userId}`);
  },
});
