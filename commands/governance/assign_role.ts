import { defineCommand } from "../../lib/command.ts";
import { assignRole, getRole } from "../../lib/api/roles.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError } from "../../lib/errors.ts";
import { refFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { label, resolveById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";

interface Flags {
  userId: string;
  roleId: string;
}

/** `assign-role`: gives a user or service user a role. */
export const assignRoleCommand = defineCommand({
  docs: {
    brief: "Assign a role to a user or service user (admin)",
    fullDescription: [
      "The server does not check that the role exists, so the tool reads the role first and",
      "stops (exit 5) when it does not. Both take a name (looked up in this tenant) or an id;",
      "--user-id may also be a service user's id.",
      "",
      "Examples:",
      "  pangolin-admin assign-role --user-id alice --role-id analyst",
      "  pangolin-admin assign-role --user-id 3c8e5f21-6d4b-4a32-8f9c-2b3d4e5f6a71 " +
      "--role-id e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
    ].join("\n"),
  },
  parameters: {
    flags: {
      userId: refFlag("Username, or user or service-user id", "user"),
      roleId: refFlag("Role: name or id", "role"),
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { session, api } = await connect(this);
    const user = await resolveById(api, session, "user", flags.userId);
    const role = await resolveById(api, session, "role", flags.roleId);
    // A role found by name is known to exist; one given by id is read first.
    if (role.name === undefined) role.name = await roleName(api, role.id);
    // POST /api/v1/users/{id}/roles answers 201 with an empty body.
    await assignRole(api, user.id, role.id);
    if (this.globals.json) {
      printJson(this, { assigned: role.id, "user-id": user.id });
      return;
    }
    say(this, `✅ Role ${label(role)} assigned to user ${label(user)}`);
  },
});

/** The role's name; a missing role stops here, since the server would assign it anyway. */
async function roleName(api: ApiClient, id: string): Promise<string> {
  try {
    return (await getRole(api, id)).name;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && !err.options.unexpected) {
      throw new ApiError(err.what, err.status, err.serverMessage, {
        ...err.options,
        hint: "nothing was assigned; list-roles shows the roles (the server itself would " +
          "assign a role that does not exist)",
      });
    }
    throw err;
  }
}
