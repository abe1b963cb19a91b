import { defineCommand } from "../../lib/command.ts";
import { updateCatalog, type UpdateCatalogRequest } from "../../lib/api/catalogs.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { getWarehouse } from "../../lib/api/warehouses.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError, CommandFailure, UsageError } from "../../lib/errors.ts";
import { printJson, say } from "../../lib/output.ts";
import { label, resolveByName } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import {
  gatherProperties,
  nameOrId,
  nameParameter,
  parseName,
  propertiesStdinFlag,
  type Property,
  propertyFlag,
} from "./shared.ts";

interface Flags {
  id?: string;
  name?: string;
  warehouse?: string;
  storageLocation?: string;
  property?: readonly Property[];
  propertiesStdin?: boolean;
}

/** `update-catalog`: a catalog's warehouse, storage location or properties. */
export const updateCatalogCommand = defineCommand({
  docs: {
    brief: "Update a catalog's warehouse, storage location or properties",
    fullDescription: [
      "Catalogs are addressed by name and cannot be renamed (the server has no rename), so",
      "--name is refused; --id is accepted for the old CLI and is taken as the name (a",
      "catalog's UUID is looked up). Properties are merged into the existing ones: keys can",
      "be added or changed, never removed. The server does not check --warehouse; this",
      "command checks that the warehouse exists first.",
      "",
      "Examples:",
      "  pangolin-admin update-catalog sales --warehouse s3-primary",
      "  pangolin-admin update-catalog sales --storage-location s3://lake/sales -P owner=finance",
    ].join("\n"),
  },
  parameters: {
    positional: {
      kind: "tuple",
      parameters: [{ ...nameParameter("Catalog name"), optional: true }],
    },
    flags: {
      id: {
        kind: "parsed",
        parse: parseName,
        optional: true,
        brief: "Catalog name (the old CLI's flag; a catalog UUID is looked up)",
        placeholder: "name",
      },
      name: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "Refused: catalogs cannot be renamed",
        placeholder: "new-name",
      },
      warehouse: {
        kind: "parsed",
        parse: parseName,
        optional: true,
        brief: "Warehouse name (must exist in the tenant)",
        placeholder: "warehouse",
      },
      storageLocation: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "Storage location",
        placeholder: "uri",
      },
      property: propertyFlag("Add or change a property key=value (repeatable; merged)"),
      propertiesStdin: propertiesStdinFlag,
    },
    aliases: { P: "property" },
  },
  func: async function (this: Context, flags: Flags, positional?: string): Promise<void> {
    if (flags.name !== undefined) {
      // PUT /api/v1/catalogs/{name} has no `name` field (422): there is no rename (6.1 #10).
      throw new UsageError(
        "Catalogs cannot be renamed: the server has no rename for catalogs. Create a new " +
          "catalog with the new name instead (create-catalog).",
      );
    }
    const given = nameOrId(positional, flags.id);
    const properties = await gatherProperties(this, flags);
    const body: UpdateCatalogRequest = {};
    if (flags.warehouse !== undefined) body.warehouse_name = flags.warehouse;
    if (flags.storageLocation !== undefined) body.storage_location = flags.storageLocation;
    if (Object.keys(properties).length > 0) body.properties = properties;
    if (Object.keys(body).length === 0) {
      throw new UsageError("Nothing to update: pass --warehouse, --storage-location or -P");
    }
    const { session, api } = await connect(this);
    const ref = await resolveByName(api, session, "catalog", given);
    const name = ref.name;
    if (flags.warehouse !== undefined) {
      const warehouse = await resolveByName(api, session, "warehouse", flags.warehouse);
      body.warehouse_name = warehouse.name;
      // One found by id is known to exist; a name is checked.
      if (warehouse.id === undefined) await requireWarehouse(api, warehouse.name);
    }
    const catalog = await updateCatalog(api, name, body);
    if (this.globals.json) {
      printJson(this, catalog);
      return;
    }
    say(this, `✅ Catalog ${label({ ...ref, name: catalog.name })} updated`);
  },
});

/** PUT /api/v1/catalogs/{name} stores any warehouse_name unchecked, so it is checked here. */
async function requireWarehouse(api: ApiClient, warehouse: string): Promise<void> {
  try {
    await getWarehouse(api, warehouse);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      throw new CommandFailure(
        `Warehouse '${warehouse}' not found in this tenant; nothing was changed (the server ` +
          "would have stored the name without checking).",
        5,
        "see pangolin-admin list-warehouses (names are case-sensitive)",
      );
    }
    throw err;
  }
}
