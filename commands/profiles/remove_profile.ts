import { defineCommand } from "../../lib/command.ts";
import { revokeCurrentToken } from "../../lib/api/tokens.ts";
import { exitCodeFor, messageFor } from "../../lib/cli.ts";
import type { Profile } from "../../lib/config.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError, CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, yesFlag } from "../../lib/flags.ts";
import { decodeClaims, expiryOf } from "../../lib/jwt.ts";
import { formatDate, printJson, say, warn } from "../../lib/output.ts";
import { clientFor, DEFAULT_PROFILE_KEY, DEFAULT_URL } from "../../lib/session.ts";
import { parseNonEmpty } from "../../lib/validate.ts";

interface Flags {
  yes?: boolean;
  force?: boolean;
}

/** What became of the profile's session. */
type Outcome = "revoked" | "already refused" | "expired" | "none" | "kept valid";

/** `remove-profile`: revokes the profile's session on its own server, then forgets it. */
export const removeProfileCommand = defineCommand({
  docs: {
    brief: "Revoke a profile's session on its server, then remove the profile",
    fullDescription: [
      "Revokes the saved session on the server the profile belongs to (its own URL, never",
      "--url), then removes the profile from the config file. When the revocation fails (the",
      "server cannot be reached, or answers an error), the profile is kept, so the live token",
      "is not forgotten; --force removes it anyway (the session then stays valid until it",
      "expires). Asks to confirm on a terminal; without one, --yes is required.",
      "",
      "Examples:",
      "  pangolin-admin remove-profile staging",
      "  pangolin-admin remove-profile old-acme --yes",
    ].join("\n"),
  },
  parameters: {
    positional: {
      kind: "tuple",
      parameters: [{ brief: "Profile name", parse: parseNonEmpty, placeholder: "profile" }],
    },
    flags: {
      yes: yesFlag,
      force: {
        kind: "boolean",
        optional: true,
        brief: "Remove it even when its session cannot be revoked",
      },
    },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: Flags, name: string): Promise<void> {
    const profile = (await this.config.read()).profiles[name];
    if (!profile) {
      throw new CommandFailure(
        `No profile named '${name}' in ${this.config.path}.`,
        5,
        "see the saved ones with: pangolin-admin list-profiles",
      );
    }
    const url = profile.url ?? DEFAULT_URL;
    const who = profile.username ? `${profile.username} at ${url}` : url;
    if (!(await confirmOrRequireYes(this, `Remove profile '${name}' (${who})?`, flags.yes))) {
      throw new CommandFailure("Nothing was removed (not confirmed).", 1);
    }
    this.state.profile = name;
    this.state.user = profile.username ?? null;
    const outcome = await revokeSession(this, name, profile, url, flags.force ?? false);
    await this.config.update((config) => {
      // Only the session that was dealt with: a login in between saved a new one to keep.
      if (config.profiles[name]?.token !== profile.token) {
        throw new CommandFailure(
          `Profile '${name}' changed while it was being removed (a new login?); it was kept.`,
        );
      }
      delete config.profiles[name];
      if (config[DEFAULT_PROFILE_KEY] === name) delete config[DEFAULT_PROFILE_KEY];
    });
    if (this.globals.json) {
      printJson(this, { removed: name, url, session: outcome });
      return;
    }
    const exp = expiryOf(profile.token ? decodeClaims(profile.token) : undefined);
    const detail: Record<Outcome, string> = {
      "revoked": `its session was revoked on ${url}`,
      "already refused": `${url} already refused its session`,
      "expired": "its session had expired",
      "none": "it held no session",
      "kept valid": `its session was NOT revoked and stays valid until ${
        exp ? formatDate(exp) : "it expires"
      }`,
    };
    say(this, `✅ Profile '${name}' removed (${detail[outcome]})`);
  },
});

/** Revokes the saved token on the profile's own server; throws when it cannot (unless force). */
async function revokeSession(
  ctx: Context,
  name: string,
  profile: Profile,
  url: string,
  force: boolean,
): Promise<Outcome> {
  const token = profile.token;
  if (!token) return "none";
  const exp = expiryOf(decodeClaims(token));
  if (exp && exp.getTime() <= ctx.now().getTime()) return "expired";
  const api = await clientFor(ctx, {
    url,
    credential: { kind: "token", token, source: "profile" },
  });
  try {
    await revokeCurrentToken(api, "profile removed");
    return "revoked";
  } catch (err) {
    // 401: revoked already, or signed by a secret the server no longer has; dead either way.
    if (err instanceof ApiError && err.status === 401) return "already refused";
    if (force) {
      warn(
        ctx,
        `Warning: could not revoke the session of profile '${name}' on ${url} ` +
          `(${messageFor(err).split("\n")[0].replace(/^Error: /, "")}); removing it anyway.`,
      );
      return "kept valid";
    }
    throw new CommandFailure(
      `Profile '${name}' was kept: its session could not be revoked on ${url} (${
        messageFor(err).split("\n")[0].replace(/^Error: /, "")
      }).`,
      exitCodeFor(err),
      `try again when ${url} answers, or remove it anyway with: pangolin-admin remove-profile ` +
        `${name} --force (the session stays valid until ${exp ? formatDate(exp) : "it expires"})`,
    );
  }
}
