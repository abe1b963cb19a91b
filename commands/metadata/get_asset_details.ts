import { defineCommand } from "../../lib/command.ts";
import { type AssetDetails, getAsset } from "../../lib/api/assets.ts";
import type { Context } from "../../lib/context.ts";
import { uuidFlag } from "../../lib/flags.ts";
import { fields, printJson } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { explainAssetNotFound, printProperties, showTags } from "./shared.ts";

/** `get-asset-details`: an asset, where it lives, and its business metadata. */
export const getAssetDetailsCommand = defineCommand({
  docs: {
    brief: "Show an asset, its catalog and namespace, and its business metadata",
    fullDescription: [
      "Non-admins see an asset that is discoverable or that they may read. The server looks",
      "in the session's tenant (root has none and gets 404). --json prints the server's",
      "{asset, metadata, catalog, namespace} object.",
      "",
      "Example:",
      "  pangolin-admin get-asset-details --id f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e",
    ].join("\n"),
  },
  parameters: {
    flags: {
      id: uuidFlag("Asset id (UUID)"),
    },
  },
  func: async function (this: Context, flags: { id: string }): Promise<void> {
    const { session, api } = await connect(this);
    let details: AssetDetails;
    try {
      details = await getAsset(api, flags.id);
    } catch (err) {
      throw explainAssetNotFound(err, session);
    }
    if (this.globals.json) {
      printJson(this, details);
      return;
    }
    const { asset, metadata: m } = details;
    fields(this, [
      ["ID", asset.id],
      ["Name", asset.name],
      ["Kind", asset.kind],
      ["Location", asset.location ?? "-"],
      ["Catalog", details.catalog],
      ["Namespace", details.namespace.join(".")],
      ["Description", m?.description ?? "-"],
      ["Tags", showTags(m?.tags)],
      ["Discoverable", m ? (m.discoverable ? "yes" : "no") : "-"],
      ["Metadata", m ? m.id : "none"],
    ]);
    printProperties(this, "Properties", asset.properties);
    if (m) printProperties(this, "Metadata properties", m.properties);
  },
});
