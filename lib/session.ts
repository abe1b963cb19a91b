/**
 * Which server, which credential and which tenant a run uses, and where each came from.
 * Credentials, first match wins: PANGOLIN_CLIENT_ID + PANGOLIN_API_KEY, PANGOLIN_API_KEY,
 * PANGOLIN_TOKEN, the profile's saved token.
 */
import {
  ApiClient,
  checkTokenBinding,
  type Credential,
  DEFAULT_MAX_REPLY_MB,
} from "./api/client.ts";
import type { Context } from "./context.ts";
import type { ConfigFile, Profile } from "./config.ts";
import { AuthError, CommandFailure, UsageError } from "./errors.ts";
import { parseTimeout } from "./globals.ts";
import { type Claims, decodeClaims, expiryOf } from "./jwt.ts";
import { parseRef, parseUuid } from "./validate.ts";
import { stderrLines } from "./output.ts";
import { VERSION } from "./version.ts";
import { checkAuditLog, type WriteRecord } from "./audit_log.ts";

/** The default server when neither flag, environment nor profile names one. */
export const DEFAULT_URL = "http://localhost:8080";

/** A resolved run: server, profile, credential, tenant, each with its source. */
export interface Session {
  url: string;
  urlSource: string;
  profileName: string;
  profileSource: string;
  profile?: Profile;
  credential: Credential;
  credentialSource: string;
  tenant?: string;
  tenantSource?: string;
  /** A tenant given by name that the profile does not know: connect() looks it up. */
  tenantName?: string;
  /** The claims of a bearer-token credential. */
  claims?: Claims;
}

/** The URL as it may be shown: a `user:password@` part is never printed. */
function shownUrl(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1***@");
}

/**
 * The one check of a server URL, from a flag, the environment or a profile: http(s) only, no
 * `user:password@` part (refused and never printed), and the server's base URL rather than an
 * API path (`/api/v1/...` would double the path of every request).
 */
export function checkUrl(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${source} is not a URL: '${shownUrl(raw)}'`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new UsageError(
      `${source} must not hold a user name or password (user:password@): ` +
        `'${shownUrl(raw)}'; log in with login --username instead`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`${source} must be an http:// or https:// URL, got '${raw}'`);
  }
  const api = /\/(api|v1)(\/|$)/i.exec(url.pathname);
  if (api) {
    const base = `${url.origin}${url.pathname.slice(0, api.index)}`;
    throw new CommandFailure(
      `${source} includes an API path (${url.pathname}): '${raw}'`,
      2,
      `give the server's base URL and drop the path: ${base}`,
    );
  }
  return raw.replace(/\/+$/, "");
}

/** The config key that `use-profile` sets: the profile of runs without -p/PANGOLIN_PROFILE. */
export const DEFAULT_PROFILE_KEY = "default_profile";

/**
 * The profile name of this run: -p, else PANGOLIN_PROFILE, else the config's default (set by
 * `use-profile`), else `default`. Pass the config when it is already read.
 */
export async function profileName(
  ctx: Pick<Context, "globals" | "env" | "config">,
  config?: ConfigFile,
): Promise<{ name: string; source: string }> {
  if (ctx.globals.profile) return { name: ctx.globals.profile, source: "flag --profile" };
  if (ctx.env.PANGOLIN_PROFILE) {
    return { name: ctx.env.PANGOLIN_PROFILE, source: "env PANGOLIN_PROFILE" };
  }
  const chosen = (config ?? await ctx.config.read())[DEFAULT_PROFILE_KEY];
  if (typeof chosen === "string" && chosen !== "") {
    return { name: chosen, source: "config default_profile (use-profile)" };
  }
  return { name: "default", source: "default" };
}

/** The server URL of this run and where it came from. */
export function resolveUrl(ctx: Context, profile?: Profile): { url: string; source: string } {
  if (ctx.globals.url) return { url: checkUrl(ctx.globals.url, "--url"), source: "flag --url" };
  if (ctx.env.PANGOLIN_URL) {
    return { url: checkUrl(ctx.env.PANGOLIN_URL, "PANGOLIN_URL"), source: "env PANGOLIN_URL" };
  }
  if (profile?.url) return { url: checkUrl(profile.url, "the profile's url"), source: "profile" };
  return { url: DEFAULT_URL, source: "default" };
}

/** Resolves everything but does not require a credential. */
export async function resolveSession(ctx: Context): Promise<Session> {
  const config = await ctx.config.read();
  const { name, source: profileSource } = await profileName(ctx, config);
  const profile = config.profiles[name];
  const { url, source: urlSource } = resolveUrl(ctx, profile);
  const env = ctx.env;
  let credential: Credential = { kind: "none" };
  let credentialSource = "none";
  if (env.PANGOLIN_CLIENT_ID && env.PANGOLIN_API_KEY) {
    let clientId: string;
    try {
      clientId = parseUuid(env.PANGOLIN_CLIENT_ID);
    } catch {
      throw new UsageError(`PANGOLIN_CLIENT_ID is not a UUID: '${env.PANGOLIN_CLIENT_ID}'`);
    }
    credential = { kind: "client-credentials", clientId, key: env.PANGOLIN_API_KEY };
    credentialSource = "env PANGOLIN_CLIENT_ID + PANGOLIN_API_KEY";
  } else if (env.PANGOLIN_API_KEY) {
    credential = { kind: "api-key", key: env.PANGOLIN_API_KEY };
    credentialSource = "env PANGOLIN_API_KEY";
  } else if (env.PANGOLIN_TOKEN) {
    credential = { kind: "token", token: env.PANGOLIN_TOKEN, source: "PANGOLIN_TOKEN" };
    credentialSource = "env PANGOLIN_TOKEN";
  } else if (profile?.token) {
    // A saved token belongs to the server it was issued by: the profile's URL, or for a profile
    // saved without one (older configs) the default URL, where such a profile's requests went.
    credential = {
      kind: "token",
      token: profile.token,
      source: "profile",
      boundTo: { profile: name, url: profile.url ?? DEFAULT_URL },
    };
    credentialSource = `profile '${name}'`;
  }
  let tenant: string | undefined;
  let tenantSource: string | undefined;
  let tenantName: string | undefined;
  const rawTenant = ctx.globals.tenant ?? env.PANGOLIN_TENANT;
  if (rawTenant) {
    const flag = ctx.globals.tenant ? "--tenant" : "PANGOLIN_TENANT";
    tenantSource = ctx.globals.tenant ? "flag --tenant" : "env PANGOLIN_TENANT";
    try {
      tenant = parseUuid(rawTenant);
    } catch {
      // A name: the profile may know it (login, 'use'); else connect() looks it up.
      try {
        parseRef(rawTenant);
      } catch (err) {
        throw new UsageError(`${flag}: ${err instanceof Error ? err.message : err}`);
      }
      if (profile?.tenant_id && profile.tenant_name === rawTenant) tenant = profile.tenant_id;
      else tenantName = rawTenant;
    }
  } else if (profile?.tenant_id && credential.kind === "token" && credential.source === "profile") {
    tenant = profile.tenant_id;
    tenantSource = "profile";
  }
  const claims = credential.kind === "token"
    ? decodeClaims(
      credential.token,
      credential.source === "profile"
        ? `The saved token of profile '${name}'`
        : `The token in ${credential.source}`,
    )
    : undefined;
  return {
    url,
    urlSource,
    profileName: name,
    profileSource,
    profile,
    credential,
    credentialSource,
    tenant,
    tenantSource,
    tenantName,
    claims,
  };
}

/** The login hint for this profile. */
export function loginHint(session: Pick<Session, "profileName" | "profile">): string {
  const user = session.profile?.username ?? "<name>";
  const profile = session.profileName === "default" ? "" : ` --profile ${session.profileName}`;
  return `log in first: pangolin-admin login --username ${user}${profile}`;
}

/**
 * Fails (exit 3, nothing sent) when there is no credential, the saved token has expired, or the
 * saved token would go to a server other than its profile's.
 */
export function requireCredential(ctx: Context, session: Session): void {
  checkTokenBinding(session.credential, session.url);
  if (session.credential.kind === "none") {
    throw new AuthError(
      `Not logged in (profile '${session.profileName}').`,
      `${loginHint(session)}; or set PANGOLIN_CLIENT_ID and PANGOLIN_API_KEY for a service user`,
    );
  }
  if (session.credential.kind === "token" && session.credential.source === "profile") {
    const exp = expiryOf(session.claims);
    if (exp && exp.getTime() <= ctx.now().getTime()) {
      throw new AuthError(
        `The saved session of profile '${session.profileName}' expired at ${exp.toISOString()}.`,
        loginHint(session).replace("log in first", "log in again"),
      );
    }
  }
}

/** An HTTP client for this run (timeout, CA, tenant, credential). */
export async function clientFor(
  ctx: Context,
  session: Pick<Session, "url" | "credential" | "tenant">,
): Promise<ApiClient> {
  // Before anything is sent: the audit line of this run must have a trusted file to go to.
  await checkAuditLog(ctx);
  let timeoutSeconds = 30;
  if (ctx.globals.timeout !== undefined) timeoutSeconds = ctx.globals.timeout;
  else if (ctx.env.PANGOLIN_TIMEOUT) {
    timeoutSeconds = parseTimeout(ctx.env.PANGOLIN_TIMEOUT, "PANGOLIN_TIMEOUT");
  }
  let caCerts: string[] | undefined;
  const caFile = ctx.globals.caCert ?? ctx.env.PANGOLIN_CA_CERT;
  if (caFile) {
    const source = ctx.globals.caCert ? "--ca-cert" : "PANGOLIN_CA_CERT";
    let pem: string;
    try {
      pem = await ctx.readTextFile(caFile);
    } catch (err) {
      throw new UsageError(
        `Cannot read the CA certificate ${caFile} (${source}): ${(err as Error).message}`,
      );
    }
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
      throw new UsageError(`${caFile} (${source}) is not a PEM certificate`);
    }
    caCerts = [pem];
  }
  let maxReplyBytes = DEFAULT_MAX_REPLY_MB * 1024 * 1024;
  const rawMax = ctx.env.PANGOLIN_MAX_REPLY_MB;
  if (rawMax !== undefined && rawMax !== "") {
    const mb = Number(rawMax);
    if (!/^\d+(\.\d+)?$/.test(rawMax.trim()) || !(mb > 0) || mb > 1024 * 1024) {
      throw new UsageError(
        `PANGOLIN_MAX_REPLY_MB must be a number of MiB above 0, got '${rawMax}'`,
      );
    }
    maxReplyBytes = Math.floor(mb * 1024 * 1024);
  }
  const makeClient = (pooled: boolean) => {
    let client: Deno.HttpClient;
    try {
      client = ctx.createHttpClient({ caCerts, ...(pooled ? {} : { poolMaxIdlePerHost: 0 }) });
    } catch (err) {
      throw new UsageError(`Cannot use the CA certificate ${caFile}: ${(err as Error).message}`);
    }
    ctx.cleanup.push(() => client.close());
    return client;
  };
  return new ApiClient({
    baseUrl: session.url,
    credential: session.credential,
    tenant: session.tenant,
    timeoutSeconds,
    fetch: ctx.fetch,
    makeClient,
    onWrite: (method, path, status) => {
      const writes = (ctx.state.writes ??= []) as WriteRecord[];
      writes.push({ method, path, status });
    },
    warn: stderrLines(ctx.io, ctx.globals.quiet),
    userAgent: `pangolin-admin/${VERSION}`,
    maxReplyBytes,
    runState: ctx.state as { warnedPlainHttp?: boolean },
    probeTls: (url, signal) => probeTls(url, caCerts, signal),
    showSecrets: ctx.globals.showSecrets,
  });
}

/** Resolves the session, requires a credential, and returns it with a client. */
export async function connect(ctx: Context): Promise<{ session: Session; api: ApiClient }> {
  const session = await resolveSession(ctx);
  requireCredential(ctx, session);
  // Who this run acts as, for the local audit trail.
  ctx.state.profile = session.profileName;
  ctx.state.user = session.claims?.username ?? session.profile?.username ??
    (session.credential.kind === "client-credentials" ? session.credential.clientId : null);
  if (session.tenantName !== undefined) {
    // One listing call (GET /api/v1/tenants ignores the tenant header) turns the name into
    // the id the header needs; the resolver is loaded only for this.
    const { resolveById } = await import("./resolve.ts");
    const lookup = await clientFor(ctx, session);
    session.tenant = (await resolveById(lookup, session, "tenant", session.tenantName)).id;
    session.tenantName = undefined;
  }
  return { session, api: await clientFor(ctx, session) };
}

/** Removes `token` from the profile (only if it is still the saved one): it is dead now. */
export async function dropSavedToken(ctx: Context, session: Session, token: string): Promise<void> {
  await ctx.config.updateProfile(session.profileName, (current) => {
    if (!current || current.token !== token) return current;
    const { token: _t, token_id: _i, expires_at: _e, ...rest } = current;
    return rest;
  });
}

/**
 * The bearer token of this session; an API-key session has none (the server answers 400 to
 * revoking one and rotation has nothing to revoke), which is said in one line, exit 1.
 */
export function sessionToken(session: Session, hint: string): { token: string; source: string } {
  const cred = session.credential;
  if (cred.kind !== "token") {
    throw new CommandFailure(
      `This session uses a service-user API key (${session.credentialSource}); it has no ` +
        "revocable token.",
      1,
      hint,
    );
  }
  return cred;
}

/** Completes one TLS handshake with the server of `url` within `signal` (then closes it). */
async function probeTls(url: URL, caCerts: string[] | undefined, signal: AbortSignal) {
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || 443);
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});
  const connecting = Deno.connectTls({ hostname, port, caCerts });
  let conn: Deno.TlsConn | undefined;
  const close = (c: Deno.TlsConn) => {
    try {
      c.close();
    } catch {
      // already closed
    }
  };
  try {
    conn = await Promise.race([connecting, aborted]);
    await Promise.race([conn.handshake(), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
    if (conn) close(conn);
    else connecting.then(close, () => {});
  }
}
