import { buildCommand } from "@stricli/core";
import { me } from "../../lib/api/auth.ts";
import { rotateToken } from "../../lib/api/tokens.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { decodeClaims, expiryOf } from "../../lib/jwt.ts";
import { formatDate, note, printJson, say } from "../../lib/output.ts";
import { connect, loginHint, sessionToken } from "../../lib/session.ts";
import { checkRefused } from "../../lib/verify.ts";

/** `rotate-token`: replaces the current token with a new one; the server revokes the old. */
export const rotateTokenCommand = buildCommand({
  docs: {
    brief: "Rotate your token (new token saved, old one revoked)",
    fullDescription: [
      "Asks the server for a new 24-hour token for this session and saves it atomically, only",
      "after it has worked once. Refused for sessions without a tenant (root): the server would",
      "issue a token that fails every request and revoke this one; log in again instead.",
      "",
      "Example:",
      "  pangolin-admin rotate-token",
    ].join("\n"),
  },
  parameters: {},
  func: async function (this: Context): Promise<void> {
    const { session, api } = await connect(this);
    const cred = sessionToken(
      session,
      "rotate the key instead: pangolin-admin rotate-service-user-key --id <id>",
    );
    if (!session.claims?.tenant_id) {
      // POST /api/v1/tokens/rotate writes tenant_id "" for tenantless sessions: the new token
      // gets 401 "Invalid session" everywhere, and the old one is already revoked (api.md 5.2.2).
      throw new CommandFailure(
        "Refusing to rotate a session without a tenant (root): the server would issue a token " +
          "that fails every request and revoke this one.",
        1,
        loginHint(session).replace("log in first", "log in again instead"),
      );
    }
    const issued = await rotateToken(api);
    const claims = decodeClaims(issued.token);
    try {
      await me(api, issued.token);
    } catch (err) {
      throw new CommandFailure(
        `The server issued a new token that does not work (${(err as Error).message}); ` +
          "the profile was not changed, but the rotation revoked the old token.",
        1,
        loginHint(session).replace("log in first", "log in again"),
      );
    }
    const expiresAt = expiryOf(claims)?.toISOString() ?? issued.expires_at;
    if (cred.source === "profile") {
      await this.config.updateProfile(session.profileName, (current) => ({
        ...current,
        token: issued.token,
        token_id: claims?.jti,
        expires_at: expiresAt,
      }));
    }
    const old = await checkRefused(this, api, cred.token);
    if (old === "accepted") {
      throw new CommandFailure(
        "WARNING: the server still accepts the old token after rotating it. Treat it as live.",
      );
    }
    const envToken = cred.source !== "profile";
    if (this.globals.json) {
      printJson(this, {
        rotated: true,
        token_id: claims?.jti ?? null,
        expires_at: expiresAt,
        old_token_id: session.claims?.jti ?? null,
        old_token_refused: old === "refused",
        ...(envToken ? { token: issued.token } : {}),
      });
      return;
    }
    say(this, "✅ Token rotated successfully!");
    say(this, `New token expires at ${formatDate(expiresAt)}`);
    if (envToken) {
      // Nothing to save: the token came from the environment, so the new one is shown once.
      say(this, `New token: ${issued.token}`);
      note(this, `Warning: ${cred.source} is now revoked; replace it with the new token.`);
    }
  },
});
