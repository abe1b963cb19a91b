import { defineCommand } from "../../lib/command.ts";
import { cleanupExpiredTokens } from "../../lib/api/tokens.ts";
import type { Context } from "../../lib/context.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";

/** `cleanup-expired-tokens`: asks the server to drop expired token records. */
export const cleanupExpiredTokensCommand = defineCommand({
  docs: {
    brief: "Remove expired token records (admin)",
    fullDescription: [
      "Runs the server's sweep (POST /api/v1/auth/cleanup-tokens). It is global: expired records",
      "and expired revocation entries go in every tenant.",
      "",
      "Example:",
      "  pangolin-admin cleanup-expired-tokens",
    ].join("\n"),
  },
  parameters: {},
  func: async function (this: Context): Promise<void> {
    const { api } = await connect(this);
    const reply = await cleanupExpiredTokens(api);
    if (this.globals.json) {
      printJson(this, reply);
      return;
    }
    say(this, `✅ Cleaned up ${reply.count ?? 0} expired tokens`);
  },
});
