import { defineCommand } from "../../lib/command.ts";
import { createRole, type CreateRoleRequest } from "../../lib/api/roles.ts";
import type { Context } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { optionalRefFlag } from "../../lib/flags.ts";
import { resolveById } from "../../lib/resolve.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { parseNonEmpty } from "../../lib/validate.ts";

interface Flags {
  name: string;
  description?: string;
  tenantId?: string;
}

const NIL_TENANT = "00000000-0000-0000-0000-000000000000";

/** `create-role`: a new, empty role in a tenant. */
export const createRoleCommand = defineCommand({
  docs: {
    brief: "Create a role (admin)",
    fullDescription: [
      "Creates a role without grants in the session's tenant (the server requires the tenant",
      "id in the body and does not compare it with the caller's). Root's session has no",
      "tenant, so root must pass --tenant-id; list-roles as root shows only the default",
      "tenant's roles, so read a role made elsewhere with get-role --id.",
      "",
      "Examples:",
      "  pangolin-admin create-role --name analyst --description 'Read-only analytics'",
      "  pangolin-admin create-role --name analyst " +
      "--tenant-id 6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b",
    ].join("\n"),
  },
  parameters: {
    flags: {
      name: { kind: "parsed", parse: parseNonEmpty, brief: "Role name", placeholder: "name" },
      description: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "Description",
        placeholder: "text",
      },
      tenantId: optionalRefFlag(
        "Tenant of the role, name or id (default: the session's)",
        "tenant",
      ),
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { session, api } = await connect(this);
    const own = session.claims?.tenant_id ?? undefined;
    const root = session.claims?.role === "root";
    let tenantId = flags.tenantId === undefined
      ? own
      : (await resolveById(api, session, "tenant", flags.tenantId)).id;
    if (tenantId === undefined) {
      if (root) {
        throw new UsageError(
          "Root's session has no tenant (the server would need one in the body): pass " +
            `--tenant-id <uuid> (the default tenant is ${NIL_TENANT})`,
        );
      }
      throw new UsageError(
        "This session's tenant is not known here (an API-key session): pass --tenant-id <uuid>",
      );
    }
    tenantId = tenantId.toLowerCase();
    if (own && tenantId !== own) {
      note(
        this,
        `Note: the role goes to tenant ${tenantId}, not this session's tenant ${own} (the ` +
          "server does not check).",
      );
    }
    const body: CreateRoleRequest = { name: flags.name, "tenant-id": tenantId };
    if (flags.description !== undefined) body.description = flags.description;
    const role = await createRole(api, body);
    if (root && tenantId !== NIL_TENANT) {
      note(this, "Note: root's list-roles shows only the default tenant's roles; use get-role.");
    }
    if (this.globals.json) {
      printJson(this, role);
      return;
    }
    say(this, `✅ Role ${role.name} created`);
    say(this, `Role ID: ${role.id}`);
  },
});
