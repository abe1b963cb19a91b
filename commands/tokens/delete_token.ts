import { defineCommand } from "../../lib/command.ts";
import { deleteToken } from "../../lib/api/tokens.ts";
import type { Context } from "../../lib/context.ts";
import { uuidFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";

interface Flags {
  tokenId: string;
}

/** `delete-token`: an admin deletes (revokes) a token record by id. */
export const deleteTokenCommand = defineCommand({
  docs: {
    brief: "Delete a token by its id (admin)",
    fullDescription: [
      "Deletes a token (DELETE /api/v1/tokens/{id}): the same effect as revoke-token-by-id,",
      "including the server's 24-hour limit on the revocation.",
      "",
      "Example:",
      "  pangolin-admin delete-token --token-id 9b7e4d21-6c0a-4f3e-8d15-2a9c7b1e0f64",
    ].join("\n"),
  },
  parameters: {
    flags: {
      tokenId: uuidFlag("Token id (UUID)"),
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { api } = await connect(this);
    await deleteToken(api, flags.tokenId);
    if (this.globals.json) {
      printJson(this, { deleted: flags.tokenId });
      return;
    }
    say(this, `✅ Token ${flags.tokenId} deleted successfully!`);
  },
});
