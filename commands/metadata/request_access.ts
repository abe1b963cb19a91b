import { defineCommand } from "../../lib/command.ts";
import { requestAccess } from "../../lib/api/access_requests.ts";
import type { Context } from "../../lib/context.ts";
import { uuidFlag } from "../../lib/flags.ts";
import { printJson, say, warn } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { assetExists } from "./shared.ts";

interface Flags {
  assetId: string;
  reason?: string;
}

/** `request-access`: asks the tenant's admins for read access to an asset. */
export const requestAccessCommand = defineCommand({
  docs: {
    brief: "Request access to an asset",
    fullDescription: [
      "Records a pending request in your session's tenant; an admin approves or rejects it",
      "with update-access-request. The server does not check that the asset exists; the tool",
      "warns when it cannot find it.",
      "",
      "Example:",
      "  pangolin-admin request-access --asset-id f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e " +
      "--reason 'quarterly report'",
    ].join("\n"),
  },
  parameters: {
    flags: {
      assetId: uuidFlag("Asset id (UUID)"),
      reason: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "Why you need access",
        placeholder: "text",
      },
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { api } = await connect(this);
    if ((await assetExists(api, flags.assetId)) === false) {
      warn(
        this,
        `Warning: asset ${flags.assetId} was not found in your tenant; the server records the ` +
          "request anyway.",
      );
    }
    const request = await requestAccess(api, flags.assetId, flags.reason);
    if (this.globals.json) {
      printJson(this, request);
      return;
    }
    say(this, `✅ Access request ${request.id} submitted for asset ${flags.assetId}`);
  },
});
