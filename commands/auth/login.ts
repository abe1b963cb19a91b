import { buildCommand } from "@stricli/core";
import { login, type UserInfo } from "../../lib/api/auth.ts";
import { getTenant } from "../../lib/api/tenants.ts";
import type { Context } from "../../lib/context.ts";
import { optionalUuidFlag } from "../../lib/flags.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { revokeCurrentToken } from "../../lib/api/tokens.ts";
import { ApiError, UsageError } from "../../lib/errors.ts";
import { decodeClaims, expiryOf } from "../../lib/jwt.ts";
import { note, printJson, say, warn } from "../../lib/output.ts";
import { clientFor, profileName, resolveUrl } from "../../lib/session.ts";
import { parseNonEmpty } from "../../lib/validate.ts";

interface Flags {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  tenantId?: string;
}

/** `login`: exchanges a username and password for a session token saved in the profile. */
export const loginCommand = buildCommand({
  docs: {
    brief: "Log in and save the session to the profile",
    fullDescription: [
      "Asks for what is missing on a terminal (the password hidden). Without a terminal a",
      "missing value is a usage error: pipe the password with --password-stdin.",
      "",
      "Examples:",
      "  pangolin-admin login --username admin",
      "  pangolin-admin login -u alice -t 6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b",
      "  cat /run/secrets/pangolin | pangolin-admin login -u admin --password-stdin",
    ].join("\n"),
  },
  parameters: {
    flags: {
      username: {
        kind: "parsed",
        parse: parseNonEmpty,
        optional: true,
        brief: "Username",
        placeholder: "name",
      },
      password: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "Password (visible to other local users; prefer --password-stdin)",
        placeholder: "password",
      },
      passwordStdin: {
        kind: "boolean",
        optional: true,
        brief: "Read the password from stdin",
      },
      tenantId: optionalUuidFlag(
        "Tenant of a tenant user or tenant admin (root logs in without one)",
      ),
    },
    aliases: { u: "username", t: "tenantId" },
  },
  func: runLogin,
});

async function readPassword(ctx: Context, flags: Flags): Promise<string> {
  if (flags.passwordStdin) {
    if (flags.password !== undefined) {
      throw new UsageError("--password and --password-stdin cannot be used together");
    }
    const text = (await ctx.io.readStdin()).replace(/\r?\n$/, "");
    if (text === "") throw new UsageError("--password-stdin read an empty password");
    return text;
  }
  if (flags.password !== undefined) {
    warn(
      ctx,
      "Warning: a password on the command line is visible to other local users " +
        "(process list, shell history); prefer --password-stdin.",
    );
    return flags.password;
  }
  if (!ctx.prompter.interactive) {
    throw new UsageError(
      "Missing password: pass --password-stdin and pipe it in (no terminal to ask on)",
    );
  }
  return await ctx.prompter.password("Password:");
}

async function runLogin(this: Context, flags: Flags): Promise<void> {
  const { name } = profileName(this);
  const profile = await this.config.profile(name);
  const { url } = resolveUrl(this, profile);
  let username = flags.username;
  if (username === undefined) {
    if (!this.prompter.interactive || flags.passwordStdin) {
      throw new UsageError("Missing --username (no terminal to ask on)");
    }
    username = (await this.prompter.input("Username:")).trim();
    if (username === "") throw new UsageError("A username is required");
  }
  const password = await readPassword(this, flags);
  const api = await clientFor(this, { url, credential: { kind: "none" } });
  // The local audit trail records the attempt, failed or not, under the name tried.
  this.state.profile = name;
  this.state.user = username;
  const reply = await login(api, username, password, flags.tenantId);
  const claims = decodeClaims(reply.token);
  // The user object is what the server documents; the token's claims stand in if it is absent.
  const user: Partial<UserInfo> = typeof reply.user === "object" && reply.user ? reply.user : {};
  const who = user.username ?? claims?.username ?? username;
  this.state.user = who;
  const role = user.role ?? claims?.role;
  const tenantId = user["tenant-id"] ?? claims?.tenant_id ?? null;
  let tenantName: string | null = null;
  if (tenantId) {
    // A member may read its own tenant (GET /api/v1/tenants is root-only); the name is a nicety.
    tenantName = await getTenant(api, tenantId, reply.token).then((t) => t.name, () => null);
  }
  const expiresAt = expiryOf(claims)?.toISOString() ?? reply["expires-at"];
  let previous: { token: string; url?: string } | undefined;
  await this.config.updateProfile(name, (current) => {
    if (current?.token) previous = { token: current.token, url: current.url };
    return {
      ...current,
      url,
      token: reply.token,
      token_id: claims?.jti,
      expires_at: expiresAt,
      username: who,
      user_id: user.id ?? claims?.sub,
      role,
      tenant_id: tenantId,
      tenant_name: tenantName,
    };
  });
  if (previous && previous.token !== reply.token && previous.url === url) {
    await retirePrevious(this, api, previous.token);
  }
  if (this.globals.json) {
    printJson(this, {
      logged_in: who,
      profile: name,
      url,
      role: role ?? null,
      tenant_id: tenantId,
      token_id: claims?.jti ?? null,
      expires_at: expiresAt,
    });
    return;
  }
  say(this, `✅ Logged in successfully as ${who}`);
}

/**
 * The session this login replaces would otherwise stay valid for up to 24 hours in nobody's
 * hands (the profile no longer holds it): revoke it, best effort.
 */
async function retirePrevious(ctx: Context, api: ApiClient, token: string): Promise<void> {
  const claims = decodeClaims(token);
  const exp = expiryOf(claims);
  if (!exp || exp.getTime() <= ctx.now().getTime()) return;
  try {
    await revokeCurrentToken(api, "replaced by a new login", token);
    note(ctx, `Note: the profile's previous session (token ${claims?.jti}) was revoked.`);
  } catch (err) {
    // Already refused (revoked, or from another server secret): nothing is left to end.
    if (err instanceof ApiError && err.status === 401) return;
    warn(
      ctx,
      `Warning: the profile's previous session (token ${claims?.jti}) could not be revoked: ` +
        `${(err as Error).message}; revoke it with revoke-token-by-id if it matters.`,
    );
  }
}
