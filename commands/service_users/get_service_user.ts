import { defineCommand } from "../../lib/command.ts";
import { getServiceUser } from "../../lib/api/service_users.ts";
import type { Context } from "../../lib/context.ts";
import { refFlag } from "../../lib/flags.ts";
import { fields, formatDate, printJson } from "../../lib/output.ts";
import { resolveById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { withoutHash } from "./shared.ts";

/** `get-service-user`: one service user's record. */
export const getServiceUserCommand = defineCommand({
  docs: {
    brief: "Show a service user (admin)",
    fullDescription: "Examples:\n  pangolin-admin get-service-user --id nightly-report\n" +
      "  pangolin-admin get-service-user --id c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f",
  },
  parameters: {
    flags: {
      id: refFlag("Service user: name or id", "service-user"),
    },
  },
  func: async function (this: Context, flags: { id: string }): Promise<void> {
    const { session, api } = await connect(this);
    const ref = await resolveById(api, session, "service user", flags.id);
    // One found by name came whole in the listing; one given by id is read.
    const u = ref.listed ?? await getServiceUser(api, ref.id);
    if (this.globals.json) {
      printJson(this, withoutHash(u));
      return;
    }
    fields(this, [
      ["ID", u.id],
      ["Name", u.name],
      ["Description", u.description ?? "-"],
      ["Tenant", u["tenant-id"]],
      ["Role", u.role],
      ["Active", u.active ? "yes" : "no"],
      ["Created At", formatDate(u["created-at"])],
      ["Created By", u["created-by"]],
      ["Expires At", u["expires-at"] ? formatDate(u["expires-at"]) : "never"],
      ["Last Used", u["last-used"] ? formatDate(u["last-used"]) : "never"],
    ]);
  },
});
