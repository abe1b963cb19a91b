import { defineCommand } from "../../lib/command.ts";
import { revokeCurrentToken } from "../../lib/api/tokens.ts";
import type { Context } from "../../lib/context.ts";
import { reasonFlag } from "../../lib/flags.ts";
import { ApiError, CommandFailure } from "../../lib/errors.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect, dropSavedToken, loginHint, sessionToken } from "../../lib/session.ts";
import { checkRefused } from "../../lib/verify.ts";

interface Flags {
  reason?: string;
}

const parameters = {
  flags: {
    reason: reasonFlag,
  },
} as const;

/** `revoke-token`: revokes the current session's token on the server and forgets it locally. */
export const revokeTokenCommand = defineCommand({
  docs: {
    brief: "Revoke your own token (log out for real)",
    fullDescription: [
      "Revokes the current token on the server (POST /api/v1/auth/revoke), removes it from the",
      "profile, and checks that the server now refuses it.",
      "",
      "Example:",
      "  pangolin-admin revoke-token",
    ].join("\n"),
  },
  parameters,
  func: runRevokeToken,
});

/** `logout`: the same as revoke-token (the server's /users/logout revokes nothing). */
export const logoutCommand = defineCommand({
  docs: {
    brief: "Log out: the same as revoke-token",
    fullDescription: [
      "Revokes the current token on the server and removes it from the profile. The server's",
      "own POST /api/v1/users/logout revokes nothing, so it is not used.",
      "",
      "Example:",
      "  pangolin-admin logout",
    ].join("\n"),
  },
  parameters,
  func: runRevokeToken,
});

async function runRevokeToken(this: Context, flags: Flags): Promise<void> {
  const { session, api } = await connect(this);
  const cred = sessionToken(
    session,
    "to cut the key off, rotate it: pangolin-admin rotate-service-user-key --id <id>",
  );
  try {
    await revokeCurrentToken(api, flags.reason);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && cred.source === "profile") {
      await dropSavedToken(this, session, cred.token);
      // The seed's error line, which scripts grep for; what happened locally is the hint.
      throw new ApiError(err.what, err.status, err.serverMessage, {
        ...err.options,
        hint: `the token was removed from profile '${session.profileName}'; log in again: ` +
          loginHint(session).replace(/^log in first: /, ""),
      });
    }
    throw err;
  }
  await dropSavedToken(this, session, cred.token);
  const check = await checkRefused(this, api, cred.token);
  if (check === "accepted") {
    throw new CommandFailure(
      "WARNING: the server still accepts the token after revoking it. Treat it as live: " +
        "rotate the credentials it could reach and report this server.",
    );
  }
  if (this.globals.json) {
    printJson(this, { revoked: session.claims?.jti ?? null, verified: check === "refused" });
    return;
  }
  say(this, "✅ Token revoked successfully!");
  say(this, "You have been logged out. Please login again to continue.");
}
