import { buildCommand } from "@stricli/core";
import { assignRole, getRole, type Role } from "../../lib/api/roles.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError } from "../../lib/errors.ts";
import { uuidFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";

interface Flags {
  userId: string;
  roleId: string;
}

/** `assign-role`: gives a user or service user a role. */
export const assignRoleCommand = buildCommand({
  docs: {
    brief: "Assign a role to a user or service user (admin)",
    fullDescription: [
      "The server does not check that the role exists, so the tool reads the role first and",
      "stops (exit 5) when it does not. --user-id may also be a service user's id.",
      "",
      "Example:",
      "  pangolin-admin assign-role --user-id 3c8e5f21-6d4b-4a32-8f9c-2b3d4e5f6a71 " +
      "--role-id e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
    ].join("\n"),
  },
  parameters: {
    flags: {
      userId: uuidFlag("User or service-user id (UUID)"),
      roleId: uuidFlag("Role id (UUID)"),
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { api } = await connect(this);
    let role: Role;
    try {
      role = await getRole(api, flags.roleId);
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
    // POST /api/v1/users/{id}/roles answers 201 with an empty body.
    await assignRole(api, flags.userId, flags.roleId);
    if (this.globals.json) {
      printJson(this, { assigned: flags.roleId, "user-id": flags.userId });
      return;
    }
    say(this, `✅ Role ${role.name} assigned to user ${flags.userId}`);
  },
});
