import { defineCommand } from "../../lib/command.ts";
import { listUserRoles, revokeUserRole } from "../../lib/api/roles.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, refFlag, yesFlag } from "../../lib/flags.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { label, named, resolveById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";

interface Flags {
  userId: string;
  roleId: string;
  yes?: boolean;
}

/** `revoke-user-role`: takes a role away from a user or service user. */
export const revokeUserRoleCommand = defineCommand({
  docs: {
    brief: "Revoke a role from a user or service user (admin)",
    fullDescription: [
      "Asks to confirm on a terminal; without one, --yes is required. The server answers",
      "success even when the user did not hold the role; the tool reads the user's roles first",
      "and says so on stderr when the role is not among them.",
      "",
      "Examples:",
      "  pangolin-admin revoke-user-role --user-id alice --role-id analyst",
      "  pangolin-admin revoke-user-role --user-id 3c8e5f21-6d4b-4a32-8f9c-2b3d4e5f6a71 " +
      "--role-id e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b --yes",
    ].join("\n"),
  },
  parameters: {
    flags: {
      userId: refFlag("Username, or user or service-user id", "user"),
      roleId: refFlag("Role: name or id", "role"),
      yes: yesFlag,
    },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { session, api } = await connect(this);
    const user = await named(
      this,
      api,
      await resolveById(api, session, "user", flags.userId),
      flags.yes,
    );
    const ref = await resolveById(api, session, "role", flags.roleId);
    const held = (await listUserRoles(api, user.id)).find((r) => r.id === ref.id);
    if (!held) {
      note(
        this,
        `Note: the server does not list role ${label(ref)} among the roles of user ` +
          `${label(user)}; there may be nothing to revoke.`,
      );
    }
    const role = label({ ...ref, name: ref.name ?? held?.name });
    const question = `Revoke role ${role} from user ${label(user)}?`;
    if (!(await confirmOrRequireYes(this, question, flags.yes))) {
      throw new CommandFailure("Nothing was revoked (not confirmed).", 1);
    }
    await revokeUserRole(api, user.id, ref.id);
    if (this.globals.json) {
      printJson(this, { revoked: ref.id, "user-id": user.id });
      return;
    }
    say(this, `✅ Role ${role} revoked from user ${label(user)}`);
  },
});
