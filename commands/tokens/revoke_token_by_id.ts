import { defineCommand } from "../../lib/command.ts";
import { revokeTokenById } from "../../lib/api/tokens.ts";
import type { Context } from "../../lib/context.ts";
import { reasonFlag, uuidFlag } from "../../lib/flags.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { connect, dropSavedToken } from "../../lib/session.ts";

interface Flags {
  id: string;
  reason?: string;
}

/** `revoke-token-by-id`: an admin revokes any token by its id (the JWT's jti). */
export const revokeTokenByIdCommand = defineCommand({
  docs: {
    brief: "Revoke a token by its id (admin)",
    fullDescription: [
      "Revokes any token by its id (POST /api/v1/auth/revoke/{id}). The server does not check",
      "that the id exists, and keeps the revocation for 24 hours.",
      "",
      "Example:",
      "  pangolin-admin revoke-token-by-id --id 9b7e4d21-6c0a-4f3e-8d15-2a9c7b1e0f64",
    ].join("\n"),
  },
  parameters: {
    flags: {
      id: uuidFlag("Token id (UUID)"),
      reason: reasonFlag,
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { session, api } = await connect(this);
    await revokeTokenById(api, flags.id, flags.reason);
    if (session.credential.kind === "token" && session.claims?.jti === flags.id) {
      // Revoking one's own session by id: the saved token is dead now, so do not keep it.
      await dropSavedToken(this, session, session.credential.token);
      note(this, "Note: that was this session's own token; it was removed from the profile.");
    }
    if (this.globals.json) {
      printJson(this, { revoked: flags.id });
      return;
    }
    say(this, `✅ Token ${flags.id} revoked successfully!`);
  },
});
