import { defineCommand } from "../../lib/command.ts";
import { createCatalog, type CreateCatalogRequest, getCatalog } from "../../lib/api/catalogs.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { findWarehouse } from "../../lib/api/warehouses.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError, CommandFailure } from "../../lib/errors.ts";
import { printJson, say } from "../../lib/output.ts";
import { resolveByName } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import {
  gatherProperties,
  nameParameter,
  parseName,
  propertiesStdinFlag,
  type Property,
  propertyFlag,
  roleOf,
} from "./shared.ts";

interface Flags {
  warehouse: string;
  storageLocation?: string;
  property?: readonly Property[];
  propertiesStdin?: boolean;
}

/** `create-catalog`: a local catalog on a warehouse. */
export const createCatalogCommand = defineCommand({
  docs: {
    brief: "Create a catalog",
    fullDescription: [
      "Creates a local catalog in your tenant, with a 'default' namespace and a 'main' branch.",
      "Root cannot create local catalogs (the server refuses it even after 'use <tenant>');",
      "log in as a user of the tenant. The warehouse must exist in the tenant. The server",
      "silently replaces a catalog of the same name, so an existing name is refused here.",
      "",
      "Examples:",
      "  pangolin-admin create-catalog sales --warehouse s3-main",
      "  pangolin-admin create-catalog sales --warehouse s3-main --storage-location " +
      "s3://lake/sales -P owner=finance",
    ].join("\n"),
  },
  parameters: {
    positional: { kind: "tuple", parameters: [nameParameter("Catalog name")] },
    flags: {
      warehouse: {
        kind: "parsed",
        parse: parseName,
        brief: "Warehouse name (sent as warehouse_name)",
        placeholder: "warehouse",
      },
      storageLocation: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "Storage location, e.g. s3://lake/sales",
        placeholder: "uri",
      },
      property: propertyFlag("A catalog property key=value (repeatable)"),
      propertiesStdin: propertiesStdinFlag,
    },
    aliases: { P: "property" },
  },
  func: async function (this: Context, flags: Flags, name: string): Promise<void> {
    const properties = await gatherProperties(this, flags);
    const { session, api } = await connect(this);
    if (roleOf(session) === "root") {
      // POST /api/v1/catalogs refuses root whatever the tenant header (api.md 5.7.2, 6.1 #20).
      throw new CommandFailure(
        "Root cannot create local catalogs: the server refuses root even with a tenant " +
          "context (use or --tenant).",
        4,
        "log in as a tenant admin or user of the tenant: pangolin-admin login -u <user> " +
          "-t <tenant-id> (root may create federated catalogs)",
      );
    }
    const ref = await resolveByName(api, session, "warehouse", flags.warehouse);
    const warehouse = ref.name;
    await refuseExisting(api, name);
    // The server checks the name through its stale by-name lookup, which still answers for a
    // warehouse renamed away or deleted: the listing decides (one found by id is listed).
    if (ref.id === undefined && !(await findWarehouse(api, warehouse))) {
      throw new CommandFailure(
        `Warehouse '${warehouse}' not found in this tenant; nothing was created.`,
        5,
        "see pangolin-admin list-warehouses (names are case-sensitive)",
      );
    }
    const body: CreateCatalogRequest = { name, warehouse_name: warehouse };
    if (flags.storageLocation !== undefined) body.storage_location = flags.storageLocation;
    if (Object.keys(properties).length > 0) body.properties = properties;
    let catalog;
    try {
      catalog = await createCatalog(api, body);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && /warehouse/i.test(err.serverMessage)) {
        throw new ApiError(err.what, err.status, err.serverMessage, {
          ...err.options,
          hint: `no warehouse '${warehouse}' in this tenant; see pangolin-admin ` +
            "list-warehouses (names are case-sensitive)",
        });
      }
      throw err;
    }
    if (this.globals.json) {
      printJson(this, catalog);
      return;
    }
    say(this, `✅ Catalog ${catalog.name} created`);
  },
});

/**
 * POST /api/v1/catalogs silently replaces a catalog of the same name on the in-memory store,
 * a federated one included (PostgreSQL answers 500): an existing name is refused first.
 */
async function refuseExisting(api: ApiClient, name: string): Promise<void> {
  try {
    await getCatalog(api, name);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return;
    throw err;
  }
  throw new CommandFailure(
    `Catalog '${name}' already exists; the server would silently replace it.`,
    1,
    "choose another name, or change it with pangolin-admin update-catalog",
  );
}
