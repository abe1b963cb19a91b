import { defineCommand } from "../../lib/command.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { findWarehouse, renameWarehouse } from "../../lib/api/warehouses.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure, UsageError } from "../../lib/errors.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { label, resolveByName } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { nameOrId, nameParameter, parseName } from "../catalogs/shared.ts";
import { catalogsUsing, requireTenantAdmin } from "./shared.ts";

interface Flags {
  id?: string;
  name?: string;
}

/** `update-warehouse`: renames a warehouse (addressed by its current name). */
export const updateWarehouseCommand = defineCommand({
  docs: {
    brief: "Rename a warehouse (tenant admin)",
    fullDescription: [
      "Warehouses are addressed by their current name; --id is accepted for the old CLI and",
      "is also taken as the name (a warehouse's UUID is looked up). A rename is the only",
      "change sent: the server ignores every other field of a rename request. Catalogs keep",
      "the old warehouse name; the command lists those that need 'update-catalog --warehouse'.",
      "",
      "Examples:",
      "  pangolin-admin update-warehouse s3-main --name s3-primary",
      "  pangolin-admin update-warehouse --id s3-main --name s3-primary",
    ].join("\n"),
  },
  parameters: {
    positional: {
      kind: "tuple",
      parameters: [{ ...nameParameter("Current warehouse name"), optional: true }],
    },
    flags: {
      id: {
        kind: "parsed",
        parse: parseName,
        optional: true,
        brief: "Current name (the old CLI's flag; a warehouse UUID is looked up)",
        placeholder: "name",
      },
      name: {
        kind: "parsed",
        parse: parseName,
        optional: true,
        brief: "New name",
        placeholder: "new-name",
      },
    },
  },
  func: async function (this: Context, flags: Flags, positional?: string): Promise<void> {
    const given = nameOrId(positional, flags.id);
    const newName = flags.name;
    if (newName === undefined) {
      throw new UsageError("Nothing to update: pass --name <new-name> (a rename)");
    }
    const { session, api } = await connect(this);
    requireTenantAdmin(session, "update");
    const ref = await resolveByName(api, session, "warehouse", given);
    const current = ref.name;
    if (newName === current) throw new UsageError(`Warehouse '${current}' already has that name`);
    await refuseTaken(api, newName);
    const warehouse = await renameWarehouse(api, current, newName);
    const stale = await catalogsUsing(api, current);
    if (stale.length > 0) {
      const one = stale.length === 1;
      note(
        this,
        `Note: catalog${one ? "" : "s"} ${stale.join(", ")} still name${one ? "s" : ""} ` +
          `warehouse '${current}'; point ${one ? "it" : "each"} at the new name: ` +
          `pangolin-admin update-catalog ${one ? stale[0] : "<catalog>"} --warehouse ${newName}`,
      );
    }
    if (this.globals.json) {
      printJson(this, warehouse);
      return;
    }
    say(this, `✅ Warehouse ${label(ref)} renamed to ${warehouse.name}`);
  },
});

/**
 * A rename onto an existing name would replace that warehouse on the in-memory store. The
 * listing decides (see findWarehouse): GET by name still answers for a name renamed away.
 */
async function refuseTaken(api: ApiClient, name: string): Promise<void> {
  if (!(await findWarehouse(api, name))) return;
  throw new CommandFailure(
    `A warehouse named '${name}' already exists; renaming onto it would replace it.`,
    1,
    "choose another name",
  );
}
