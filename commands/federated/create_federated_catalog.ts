import { defineCommand } from "../../lib/command.ts";
import { createFederatedCatalog, type FederatedCatalog } from "../../lib/api/federated.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError } from "../../lib/errors.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import {
  gatherProperties,
  nameParameter,
  propertiesStdinFlag,
  type Property,
  propertyFlag,
  roleOf,
  setOnce,
} from "../catalogs/shared.ts";

interface Flags {
  storageLocation: string;
  property?: readonly Property[];
  propertiesStdin?: boolean;
}

/** `create-federated-catalog`: a catalog that proxies a remote Iceberg REST catalog. */
export const createFederatedCatalogCommand = defineCommand({
  docs: {
    brief: "Create a federated catalog (admin)",
    fullDescription: [
      "Creates a catalog that forwards to a remote Iceberg REST catalog. Its configuration is",
      "the -P properties (uri, warehouse, token, credential, ...) plus storage_location from",
      "--storage-location. Root may create federated catalogs (unlike local ones); without a",
      "tenant context root creates it in the default tenant. Secret values (tokens, secrets,",
      "passwords) are never printed back; give them with --properties-stdin to keep them off",
      "the command line.",
      "",
      "Examples:",
      "  pangolin-admin create-federated-catalog partner --storage-location s3://lake/partner " +
      "-P uri=https://partner.example.com/catalog -P warehouse=main",
      "  pangolin-admin create-federated-catalog partner --storage-location s3://lake/partner " +
      "-P uri=https://partner.example.com/catalog --properties-stdin < partner-token.env",
    ].join("\n"),
  },
  parameters: {
    positional: { kind: "tuple", parameters: [nameParameter("Catalog name")] },
    flags: {
      storageLocation: {
        kind: "parsed",
        parse: String,
        brief: "Storage location (sent as the storage_location property)",
        placeholder: "uri",
      },
      property: propertyFlag("A configuration property key=value (repeatable)"),
      propertiesStdin: propertiesStdinFlag,
    },
    aliases: { P: "property" },
  },
  func: async function (this: Context, flags: Flags, name: string): Promise<void> {
    const properties = await gatherProperties(this, flags);
    setOnce(properties, "storage_location", flags.storageLocation, "--storage-location");
    if (!Object.hasOwn(properties, "uri")) {
      note(this, "Note: no uri property; the server reaches the remote catalog through -P uri=.");
    }
    const { session, api } = await connect(this);
    if (roleOf(session) === "root" && !session.tenant) {
      note(this, "Note: root without a tenant context creates it in the default tenant.");
    }
    let catalog: FederatedCatalog;
    try {
      catalog = await createFederatedCatalog(api, name, properties);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        // The only 409 of the API: local and federated catalogs share one namespace of names.
        throw new ApiError(err.what, 409, err.serverMessage, {
          ...err.options,
          hint: `a catalog (local or federated) named '${name}' already exists; choose ` +
            "another name",
        });
      }
      throw err;
    }
    if (this.globals.json) {
      printJson(this, catalog);
      return;
    }
    say(this, `✅ Federated catalog ${catalog.name} created`);
  },
});
