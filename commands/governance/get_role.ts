import { defineCommand } from "../../lib/command.ts";
import { getRole } from "../../lib/api/roles.ts";
import type { Context } from "../../lib/context.ts";
import { refFlag } from "../../lib/flags.ts";
import { fields, formatDate, printJson, say } from "../../lib/output.ts";
import { resolveById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { catalogNamesFor, grantTable } from "./shared.ts";

/** `get-role`: one role, with its grants. */
export const getRoleCommand = defineCommand({
  docs: {
    brief: "Show a role and its grants",
    fullDescription: "Examples:\n  pangolin-admin get-role --id analyst\n" +
      "  pangolin-admin get-role --id e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
  },
  parameters: {
    flags: {
      id: refFlag("Role: name or id", "role"),
    },
  },
  func: async function (this: Context, flags: { id: string }): Promise<void> {
    const { session, api } = await connect(this);
    const ref = await resolveById(api, session, "role", flags.id);
    // A role found by name came whole in the listing; one given by id is read.
    const role = ref.listed ?? await getRole(api, ref.id);
    if (this.globals.json) {
      printJson(this, role);
      return;
    }
    fields(this, [
      ["ID", role.id],
      ["Name", role.name],
      ["Description", role.description ?? "-"],
      ["Tenant", role["tenant-id"]],
      ["Created By", role["created-by"]],
      ["Created At", formatDate(role["created-at"])],
      ["Updated At", formatDate(role["updated-at"])],
    ]);
    const grants = role.permissions ?? [];
    say(this, "");
    if (grants.length === 0) {
      say(this, "No grants");
      return;
    }
    say(this, grantTable(this, grants, await catalogNamesFor(api, grants.map((g) => g.scope))));
  },
});
