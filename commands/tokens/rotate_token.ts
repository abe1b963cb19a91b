import { defineCommand } from "../../lib/command.ts";
import { me } from "../../lib/api/auth.ts";
import { rotateToken } from "../../lib/api/tokens.ts";
import type { Context } from "../../lib/context.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { formatDuration, parseDuration } from "../../lib/duration.ts";
import { AuthError, CommandFailure } from "../../lib/errors.ts";
import { type Claims, decodeClaims, expiryOf, tryDecodeClaims } from "../../lib/jwt.ts";
import { formatDate, printJson, say, warn } from "../../lib/output.ts";
import { connect, loginHint, type Session, sessionToken } from "../../lib/session.ts";
import { checkRefused } from "../../lib/verify.ts";

/** `rotate-token`: replaces the current token with a new one; the server revokes the old. */
export const rotateTokenCommand = defineCommand({
  docs: {
    brief: "Rotate your token (new token saved, old one revoked)",
    fullDescription: [
      "Asks the server for a new 24-hour token for this session and saves it atomically, only",
      "after it has worked once. Refused for sessions without a tenant (root): the server would",
      "issue a token that fails every request and revoke this one; log in again instead.",
      "",
      "With --if-expiring-within, it rotates only when the token expires within that time, and",
      "two runs racing on one profile rotate once (the config lock).",
      "",
      "Examples:",
      "  pangolin-admin rotate-token",
      "  pangolin-admin rotate-token --if-expiring-within 6h   # from cron, every hour",
    ].join("\n"),
  },
  parameters: {
    flags: {
      ifExpiringWithin: {
        kind: "parsed",
        parse: parseDuration,
        optional: true,
        brief: "Rotate only when the token expires within this time (90s, 15m, 12h, 30d)",
        placeholder: "duration",
      },
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { session, api } = await connect(this);
    const cred = sessionToken(
      session,
      "rotate the key instead: pangolin-admin rotate-service-user-key --id <id>",
    );
    refuseTenantless(session);
    const within = flags.ifExpiringWithin;
    const now = this.now().getTime();
    const needed = (claims: Claims | undefined) =>
      within === undefined || (expiryOf(claims)?.getTime() ?? 0) - now <= within;
    let outcome: Outcome;
    if (cred.source !== "profile") {
      outcome = needed(session.claims)
        ? { rotated: true, old: cred.token, ...(await rotateWorking(api, session, cred.token)) }
        : { rotated: false, claims: session.claims, reason: "not-needed" };
    } else {
      // Under the config lock: two cron jobs on one profile rotate once. The second sees a
      // token that is not the one it started with, and leaves it alone.
      outcome = await this.config.locked(async (tx) => {
        const config = await tx.read();
        const saved = config.profiles[session.profileName];
        if (!saved?.token) throw new AuthError(`Not logged in (profile '${session.profileName}').`);
        const claims = decodeClaims(
          saved.token,
          `The saved token of profile '${session.profileName}'`,
        );
        if (saved.token !== cred.token) return { rotated: false, claims, reason: "already" };
        if (!needed(claims)) return { rotated: false, claims, reason: "not-needed" };
        const fresh = await rotateWorking(api, session, saved.token);
        config.profiles[session.profileName] = {
          ...saved,
          token: fresh.token,
          token_id: fresh.claims?.jti,
          expires_at: fresh.expiresAt,
        };
        await tx.write(config);
        return { rotated: true, old: saved.token, ...fresh };
      });
    }
    if (!outcome.rotated) return reportSkipped(this, outcome, within);
    const old = await checkRefused(this, api, outcome.old);
    if (old === "accepted") {
      throw new CommandFailure(
        "WARNING: the server still accepts the old token after rotating it. Treat it as live.",
      );
    }
    const envToken = cred.source !== "profile";
    if (this.globals.json) {
      printJson(this, {
        rotated: true,
        token_id: outcome.claims?.jti ?? null,
        expires_at: outcome.expiresAt,
        old_token_id: tryDecodeClaims(outcome.old)?.jti ?? null,
        old_token_refused: old === "refused",
        ...(envToken ? { token: outcome.token } : {}),
      });
      return;
    }
    say(this, "✅ Token rotated successfully!");
    say(this, `New token expires at ${formatDate(outcome.expiresAt)}`);
    if (envToken) {
      // Nothing to save: the token came from the environment, so the new one is shown once.
      say(this, `New token: ${outcome.token}`);
      warn(this, `Warning: ${cred.source} is now revoked; replace it with the new token.`);
    }
  },
});

interface Flags {
  ifExpiringWithin?: number;
}

type Outcome =
  | { rotated: true; old: string; token: string; claims?: Claims; expiresAt: string }
  | { rotated: false; claims?: Claims; reason: "not-needed" | "already" };

function refuseTenantless(session: Session): void {
  if (session.claims?.tenant_id) return;
  // POST /api/v1/tokens/rotate writes tenant_id "" for tenantless sessions: the new token
  // gets 401 "Invalid session" everywhere, and the old one is already revoked (api.md 5.2.2).
  throw new CommandFailure(
    "Refusing to rotate a session without a tenant (root): the server would issue a token " +
      "that fails every request and revoke this one.",
    1,
    loginHint(session).replace("log in first", "log in again instead"),
  );
}

/** Rotates `token` and checks the new one works before anyone saves it. */
async function rotateWorking(api: ApiClient, session: Session, token: string) {
  const issued = await rotateToken(api, token);
  const claims = decodeClaims(issued.token, "The server's new token");
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
  return {
    token: issued.token,
    claims,
    expiresAt: expiryOf(claims)?.toISOString() ?? issued.expires_at,
  };
}

function reportSkipped(
  ctx: Context,
  outcome: { claims?: Claims; reason: "not-needed" | "already" },
  within: number | undefined,
): void {
  const exp = expiryOf(outcome.claims);
  const left = exp ? exp.getTime() - ctx.now().getTime() : 0;
  if (ctx.globals.json) {
    printJson(ctx, {
      rotated: false,
      reason: outcome.reason === "already" ? "rotated by another run" : "not expiring soon",
      token_id: outcome.claims?.jti ?? null,
      expires_at: exp?.toISOString() ?? null,
    });
    return;
  }
  if (outcome.reason === "already") {
    say(ctx, `Token already rotated by another run; it expires at ${formatDate(exp)}`);
  } else {
    say(
      ctx,
      `Token expires at ${formatDate(exp)} (in ${formatDuration(left)}), more than ` +
        `${formatDuration(within ?? 0)} away; not rotated`,
    );
  }
}
