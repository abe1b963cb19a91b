/**
 * Which server, which credential and which tenant a run uses, and where each came from.
 * Credentials, first match wins: PANGOLIN_CLIENT_ID + PANGOLIN_API_KEY, PANGOLIN_API_KEY,
 * PANGOLIN_TOKEN, the profile's saved token.
 */
import { ApiClient, type Credential } from "./api/client.ts";
import type { Context } from "./context.ts";
import type { Profile } from "./config.ts";
import { AuthError, CommandFailure, UsageError } from "./errors.ts";
import { parseTimeout } from "./globals.ts";
import { type Claims, decodeClaims, expiryOf } from "./jwt.ts";
import { parseUuid } from "./validate.ts";
import { stderrLines } from "./output.ts";
import { VERSION } from "./version.ts";
import type { WriteRecord } from "./audit_log.ts";

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
  /** The claims of a bearer-token credential. */
  claims?: Claims;
}

function checkUrl(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${source} is not a URL: '${raw}'`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`${source} must be an http:// or https:// URL, got '${raw}'`);
  }
  return raw.replace(/\/+$/, "");
}

/** The profile name of this run. */
export function profileName(ctx: Context): { name: string; source: string } {
  if (ctx.globals.profile) return { name: ctx.globals.profile, source: "flag --profile" };
  if (ctx.env.PANGOLIN_PROFILE) {
    return { name: ctx.env.PANGOLIN_PROFILE, source: "env PANGOLIN_PROFILE" };
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
  const { name, source: profileSource } = profileName(ctx);
  const profile = await ctx.config.profile(name);
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
    credential = { kind: "token", token: profile.token, source: "profile" };
    credentialSource = `profile '${name}'`;
  }
  let tenant: string | undefined;
  let tenantSource: string | undefined;
  const rawTenant = ctx.globals.tenant ?? env.PANGOLIN_TENANT;
  if (rawTenant) {
    tenantSource = ctx.globals.tenant ? "flag --tenant" : "env PANGOLIN_TENANT";
    try {
      tenant = parseUuid(rawTenant);
    } catch {
      throw new UsageError(
        `${ctx.globals.tenant ? "--tenant" : "PANGOLIN_TENANT"} is not a UUID: ` +
          `'${rawTenant}'`,
      );
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
    claims,
  };
}

/** The login hint for this profile. */
export function loginHint(session: Pick<Session, "profileName" | "profile">): string {
  const user = session.profile?.username ?? "<name>";
  const profile = session.profileName === "default" ? "" : ` --profile ${session.profileName}`;
  return `log in first: pangolin-admin login --username ${user}${profile}`;
}

/** Fails (exit 3, nothing sent) when there is no credential or the saved token has expired. */
export function requireCredential(ctx: Context, session: Session): void {
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
