import { defineCommand } from "../../lib/command.ts";
import { deleteWarehouse } from "../../lib/api/warehouses.ts";
import type { Context } from "../../lib/context.ts";
import { yesFlag } from "../../lib/flags.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { label, resolveByName } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { confirmOnTerminal, nameParameter, refuseEarlyWithoutYes } from "../catalogs/shared.ts";
import { catalogsUsing, requireTenantAdmin } from "./shared.ts";

/** `delete-warehouse`: removes a warehouse (tenant admin only). */
export const deleteWarehouseCommand = defineCommand({
  docs: {
    brief: "Delete a warehouse (tenant admin)",
    fullDescription: [
      "Asks to confirm on a terminal; without one, --yes is required. The server leaves",
      "catalogs that name the warehouse as they are; the command names them.",
      "",
      "Example:",
      "  pangolin-admin delete-warehouse s3-old --yes",
    ].join("\n"),
  },
  parameters: {
    positional: { kind: "tuple", parameters: [nameParameter("Warehouse name")] },
    flags: { yes: yesFlag },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: { yes?: boolean }, input: string): Promise<void> {
    await refuseEarlyWithoutYes(this, `Delete warehouse ${input}?`, flags.yes);
    const { session, api } = await connect(this);
    requireTenantAdmin(session, "delete");
    const ref = await resolveByName(api, session, "warehouse", input);
    const name = ref.name;
    const question = `Delete warehouse ${label(ref)}?`;
    const users = await catalogsUsing(api, name);
    const one = users.length === 1;
    const listed = `catalog${one ? "" : "s"} ${users.join(", ")}`;
    await confirmOnTerminal(
      this,
      users.length === 0
        ? question
        : `Delete warehouse ${label(ref)} (${listed} use${one ? "s" : ""} it)?`,
      flags.yes,
    );
    await deleteWarehouse(api, name);
    if (users.length > 0) {
      // DELETE /api/v1/warehouses/{name} leaves the catalogs that name it as they are.
      note(
        this,
        `Note: ${listed} still name${one ? "s" : ""} warehouse '${name}', which no longer ` +
          `exists; point ${one ? "it" : "each"} at another: pangolin-admin update-catalog ` +
          `${one ? users[0] : "<catalog>"} --warehouse <name>`,
      );
    }
    if (this.globals.json) {
      printJson(this, { deleted: name });
      return;
    }
    say(this, `✅ Warehouse ${label(ref)} deleted`);
  },
});
