import { defineCommand } from "../../lib/command.ts";
import { deleteMetadata } from "../../lib/api/metadata.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, yesFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { type AssetIdFlags, assetIdFlags, assetIdOf, explainAssetNotFound } from "./shared.ts";

interface Flags extends AssetIdFlags {
  yes?: boolean;
}

/** `delete-metadata`: removes an asset's business metadata. */
export const deleteMetadataCommand = defineCommand({
  docs: {
    brief: "Delete an asset's business metadata",
    fullDescription: [
      "Admins, or a user holding delete on the asset. The server looks the asset up in the",
      "session's tenant, so root (which has none) usually gets 404. Asks to confirm on a",
      "terminal; without one, --yes is required.",
      "",
      "Example:",
      "  pangolin-admin delete-metadata --asset-id f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e --yes",
    ].join("\n"),
  },
  parameters: {
    flags: { ...assetIdFlags, yes: yesFlag },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const assetId = assetIdOf(flags);
    const { session, api } = await connect(this);
    const question = `Delete the business metadata of asset ${assetId}?`;
    if (!(await confirmOrRequireYes(this, question, flags.yes))) {
      throw new CommandFailure("Nothing was deleted (not confirmed).", 1);
    }
    try {
      await deleteMetadata(api, assetId);
    } catch (err) {
      throw explainAssetNotFound(err, session);
    }
    if (this.globals.json) {
      printJson(this, { deleted: assetId });
      return;
    }
    say(this, `✅ Business metadata deleted for asset ${assetId}`);
  },
});
