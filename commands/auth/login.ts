import { defineCommand } from "../../lib/command.ts";
import { login, type UserInfo } from "../../lib/api/auth.ts";
import { getTenant } from "../../lib/api/tenants.ts";
import type { Context } from "../../lib/context.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { revokeCurrentToken } from "../../lib/api/tokens.ts";
import type { ConfigFile, Profile } from "../../lib/config.ts";
import { ApiError, CommandFailure, UsageError } from "../../lib/errors.ts";
import { decodeClaims, expiryOf, tryDecodeClaims } from "../../lib/jwt.ts";
import { note, printJson, say, warn } from "../../lib/output.ts";
import { clientFor, profileName, resolveUrl } from "../../lib/session.ts";
import { sameServer } from "../../lib/url.ts";
import { parseNonEmpty, parseUuid } from "../../lib/validate.ts";

interface Flags {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  tenantId?: string;
}

/** `login`: exchanges a username and password for a session token saved in the profile. */
export const loginCommand = defineCommand({
  docs: {
    brief: "Log in and save the session to the profile",
    fullDescription: [
      "Asks for what is missing on a terminal (the password hidden). Without a terminal a",
      "missing value is a usage error: pipe the password with --password-stdin. Logging in",
      "again to a profile (-p NAME) reuses its server, username and tenant unless given; the",
      "global --tenant means the same as -t here. The session the profile held is revoked.",
      "",
      "Examples:",
      "  pangolin-admin login --username admin",
      "  pangolin-admin login -u alice -t 6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b -p acme",
      "  pangolin-admin login -p acme",
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
      tenantId: {
        kind: "parsed",
        parse: parseNonEmpty,
        optional: true,
        brief: "Tenant (UUID, or a name a saved profile knows) of a tenant user or admin; " +
          "root logs in without one",
        placeholder: "tenant",
      },
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

/** Distinct tenant ids the saved profiles know under `name`. */
function tenantsNamed(config: ConfigFile, name: string): string[] {
  const ids = new Set<string>();
  for (const p of Object.values(config.profiles)) {
    if (p.tenant_id && typeof p.tenant_name === "string" && p.tenant_name === name) {
      ids.add(p.tenant_id.toLowerCase());
    }
  }
  return [...ids];
}

/** A tenant given as a UUID, or as a name that a saved profile already knows. */
function tenantOf(config: ConfigFile, value: string, flag: string): string {
  try {
    return parseUuid(value);
  } catch {
    // Not a UUID: a name. Only the saved profiles can tell (GET /api/v1/tenants is root-only).
  }
  const ids = tenantsNamed(config, value);
  if (ids.length === 0) {
    throw new CommandFailure(
      `No saved profile knows a tenant named '${value}' (${flag} takes a tenant's UUID, or the ` +
        "name of one a profile has logged in to).",
      5,
      "pass the tenant's UUID; root can list them with: pangolin-admin list-tenants",
    );
  }
  if (ids.length > 1) {
    throw new UsageError(
      `Several tenants are named '${value}' in the saved profiles: ${ids.join(", ")}; ` +
        `pass one of the ids with ${flag}`,
    );
  }
  return ids[0];
}

/**
 * The tenant to log in to: -t, else the global --tenant (the same meaning here; both given
 * must agree), else the profile's own when logging in again as its user on its server.
 */
function loginTenant(
  ctx: Context,
  config: ConfigFile,
  flags: Flags,
  reuse: Profile | undefined,
  username: string,
): string | undefined {
  const fromFlag = flags.tenantId === undefined
    ? undefined
    : tenantOf(config, flags.tenantId, "-t");
  const fromGlobal = ctx.globals.tenant === undefined
    ? undefined
    : tenantOf(config, ctx.globals.tenant, "--tenant");
  if (fromFlag && fromGlobal && fromFlag !== fromGlobal) {
    throw new UsageError(
      `-t (${fromFlag}) and --tenant (${fromGlobal}) name different tenants; pass one`,
    );
  }
  if (fromFlag ?? fromGlobal) return fromFlag ?? fromGlobal;
  if (reuse && reuse.username === username && reuse.tenant_id) return reuse.tenant_id;
  return undefined;
}

async function runLogin(this: Context, flags: Flags): Promise<void> {
  // Read (and so check: readable, valid, the user's own) before anything is asked or sent.
  const config = await this.config.read();
  const { name } = await profileName(this, config);
  const profile = config.profiles[name];
  const { url } = resolveUrl(this, profile);
  // `login -p NAME` logs in again as the profile's user on its server unless told otherwise.
  const reuse = profile && (!profile.url || sameServer(profile.url, url)) ? profile : undefined;
  let username = flags.username ?? reuse?.username;
  if (username === undefined) {
    if (!this.prompter.interactive || flags.passwordStdin) {
      throw new UsageError("Missing --username (no terminal to ask on)");
    }
    username = (await this.prompter.input("Username:")).trim();
    if (username === "") throw new UsageError("A username is required");
  }
  const tenant = loginTenant(this, config, flags, reuse, username);
  const password = await readPassword(this, flags);
  const api = await clientFor(this, { url, credential: { kind: "none" } });
  // The local audit trail records the attempt, failed or not, under the name tried.
  this.state.profile = name;
  this.state.user = username;
  // A session of another server in this profile is ended there first: the profile will no
  // longer hold it, and nobody else can revoke it.
  const elsewhere = profile?.token && profile.url && !sameServer(profile.url, url)
    ? { token: profile.token, url: profile.url }
    : undefined;
  if (elsewhere) await retireElsewhere(this, elsewhere);
  // Under the config lock from before the request until the session is saved: a session is
  // never issued that cannot be saved (a config made unreadable or untrusted meanwhile stops
  // the run before the request; parallel logins into other profiles wait, at most the timeout).
  const saved = await this.config.locked(async (tx) => {
    const current = await tx.read();
    const reply = await login(api, username, password, tenant);
    const claims = decodeClaims(reply.token, "The server's new token");
    // The user object is what the server documents; the claims stand in if it is absent.
    const user: Partial<UserInfo> = typeof reply.user === "object" && reply.user ? reply.user : {};
    const who = user.username ?? claims?.username ?? username;
    this.state.user = who;
    const role = user.role ?? claims?.role;
    const tenantId = user["tenant-id"] ?? claims?.tenant_id ?? null;
    let tenantName: string | null = null;
    if (tenantId) {
      // A member may read its own tenant (GET /api/v1/tenants is root-only); a nicety.
      tenantName = await getTenant(api, tenantId, reply.token).then((t) => t.name, () => null);
    }
    const expiresAt = expiryOf(claims)?.toISOString() ?? reply["expires-at"];
    const before = current.profiles[name];
    current.profiles[name] = {
      ...before,
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
    await tx.write(current);
    const previous = before?.token && before.token !== reply.token &&
        (!before.url || sameServer(before.url, url))
      ? before.token
      : undefined;
    return { who, role, tenantId, expiresAt, jti: claims?.jti, previous };
  });
  if (saved.previous) await retirePrevious(this, api, saved.previous);
  if (this.globals.json) {
    printJson(this, {
      logged_in: saved.who,
      profile: name,
      url,
      role: saved.role ?? null,
      tenant_id: saved.tenantId,
      token_id: saved.jti ?? null,
      expires_at: saved.expiresAt,
    });
    return;
  }
  say(this, `✅ Logged in successfully as ${saved.who}`);
  say(this, `Server: ${url} (profile ${name})`);
}

/**
 * The session this login replaces would otherwise stay valid for up to 24 hours in nobody's
 * hands (the profile no longer holds it): revoke it, best effort.
 */
async function retirePrevious(ctx: Context, api: ApiClient, token: string): Promise<void> {
  const claims = tryDecodeClaims(token);
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

/** Revokes the profile's session on the other server it belongs to, or says it stays valid. */
async function retireElsewhere(ctx: Context, old: { token: string; url: string }): Promise<void> {
  const claims = tryDecodeClaims(old.token);
  const exp = expiryOf(claims);
  if (!exp || exp.getTime() <= ctx.now().getTime()) return;
  const which = `the profile's session on ${old.url} (token ${claims?.jti})`;
  try {
    const there = await clientFor(ctx, { url: old.url, credential: { kind: "none" } });
    await revokeCurrentToken(there, "replaced by a login to another server", old.token);
    note(ctx, `Note: ${which} was revoked there.`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    note(
      ctx,
      `Warning: ${which} could not be revoked (${(err as Error).message}); it stays valid ` +
        `until it expires at ${exp.toISOString()}.`,
    );
  }
}
