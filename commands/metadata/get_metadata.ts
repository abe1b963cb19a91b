import { defineCommand } from "../../lib/command.ts";
import { getMetadata, type MetadataEnvelope } from "../../lib/api/metadata.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError } from "../../lib/errors.ts";
import { fields, formatDate, printJson } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { type AssetIdFlags, assetIdFlags, assetIdOf, printProperties, showTags } from "./shared.ts";

/** `get-metadata`: an asset's business metadata. */
export const getMetadataCommand = defineCommand({
  docs: {
    brief: "Show an asset's business metadata",
    fullDescription: [
      '--json prints the server\'s reply, {"metadata": {...}}. The old --entity-id and',
      "--entity-type flags still work (only assets have business metadata).",
      "",
      "Example:",
      "  pangolin-admin get-metadata --asset-id f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e",
    ].join("\n"),
  },
  parameters: { flags: { ...assetIdFlags } },
  func: async function (this: Context, flags: AssetIdFlags): Promise<void> {
    const assetId = assetIdOf(flags);
    const { api } = await connect(this);
    let reply: MetadataEnvelope;
    try {
      reply = await getMetadata(api, assetId);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404 && !err.options.unexpected) {
        throw new ApiError(err.what, err.status, err.serverMessage, {
          ...err.options,
          hint: "this asset has no business metadata (or the id is wrong); set-metadata adds it",
        });
      }
      throw err;
    }
    if (this.globals.json) {
      printJson(this, reply);
      return;
    }
    const m = reply.metadata;
    fields(this, [
      ["Asset ID", m["asset-id"]],
      ["Description", m.description ?? "-"],
      ["Tags", showTags(m.tags)],
      ["Discoverable", m.discoverable ? "yes" : "no"],
      ["Metadata ID", m.id],
      ["Created By", m["created-by"]],
      ["Created At", formatDate(m["created-at"])],
      ["Updated By", m["updated-by"]],
      ["Updated At", formatDate(m["updated-at"])],
    ]);
    printProperties(this, "Properties", m.properties);
  },
});
