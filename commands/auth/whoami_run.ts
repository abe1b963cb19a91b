/** What `whoami` does: its flags and its run. Its help is declared in whoami.ts. */
import type { Context } from "../../lib/context.ts";
import { formatDuration, parseDuration } from "../../lib/duration.ts";
import { me } from "../../lib/api/auth.ts";
import { ApiError, AuthError } from "../../lib/errors.ts";
import { type Claims, decodeClaims, expiryOf } from "../../lib/jwt.ts";
import { fields, formatDate, note, printJson } from "../../lib/output.ts";
import {
  clientFor,
  loginHint,
  requireCredential,
  resolveSession,
  type Session,
} from "../../lib/session.ts";

/** The flag values of `whoami`. */
export interface Flags {
  explain?: boolean;
  minValid?: number;
  check?: boolean;
}

/** The flags of `whoami`. */
export const FLAGS = {
  explain: {
    kind: "boolean",
    optional: true,
    brief: "Say where the URL, credential and tenant come from",
  },
  minValid: {
    kind: "parsed",
    parse: parseDuration,
    optional: true,
    brief: "Exit 3 when the token expires within this time (90s, 15m, 12h, 30d)",
    placeholder: "duration",
  },
  check: {
    kind: "boolean",
    optional: true,
    brief: "Ask the server whether it still accepts the session (exit 3 when not)",
  },
} as const;

/** Who this run acts as, read from the profile and the token (no request but with --check). */
export async function run(this: Context, flags: Flags): Promise<void> {
  const session = await resolveSession(this);
  if (flags.explain) explain(this, session);
  requireCredential(this, session);
  const cred = session.credential;
  let claims = session.claims;
  const now = this.now().getTime();
  let exp = expiryOf(claims);
  if (cred.kind === "token" && exp && exp.getTime() <= now) {
    throw new AuthError(
      `The token from ${session.credentialSource} expired at ${exp.toISOString()}.`,
      loginHint(session).replace("log in first", "log in again"),
    );
  }
  if (flags.minValid !== undefined) {
    if (cred.kind !== "token") {
      note(
        this,
        "Note: no stored token is in use (an API key); --min-valid has nothing to check.",
      );
    } else if (exp && exp.getTime() - now < flags.minValid) {
      throw new AuthError(
        `The token from ${session.credentialSource} expires at ${formatDate(exp)} ` +
          `(in ${formatDuration(exp.getTime() - now)}), sooner than --min-valid ` +
          `${formatDuration(flags.minValid)}.`,
        loginHint(session).replace("log in first", "log in again") +
          (claims?.tenant_id ? ", or rotate: pangolin-admin rotate-token" : ""),
      );
    }
  }
  let accepted: boolean | undefined;
  if (flags.check || cred.kind === "client-credentials") {
    const api = await clientFor(this, session);
    if (cred.kind === "client-credentials") {
      // What the server gave the service user (role, expiry), not what the key says.
      claims = decodeClaims(await api.bearerToken() ?? "") as Claims | undefined;
      exp = expiryOf(claims);
    }
    if (flags.check) accepted = await checkAccepted(session, () => me(api));
  }
  if (flags.explain) return;
  const fromProfile = cred.kind === "token" && cred.source === "profile";
  const profile = fromProfile ? session.profile : undefined;
  const tenantId = session.tenant ?? claims?.tenant_id ?? profile?.tenant_id ?? null;
  const tenantName = tenantId && tenantId === profile?.tenant_id ? profile?.tenant_name : null;
  const info = {
    url: session.url,
    profile: session.profileName,
    credential: session.credentialSource,
    username: claims?.username ?? profile?.username ?? null,
    user_id: claims?.sub ?? (cred.kind === "client-credentials" ? cred.clientId : null),
    role: claims?.role ?? profile?.role ?? null,
    tenant_id: tenantId,
    tenant_name: tenantName ?? null,
    token_id: claims?.jti ?? null,
    expires_at: exp?.toISOString() ?? null,
    ...(accepted ? { accepted } : {}),
  };
  if (this.globals.json) {
    printJson(this, info);
    return;
  }
  const left = exp ? ` (in ${formatDuration(exp.getTime() - now)})` : "";
  fields(this, [
    ["URL", info.url],
    ["Profile", info.profile],
    ["Credential", info.credential],
    ["Username", info.username ?? (cred.kind === "token" ? "-" : "(service user)")],
    ...(info.user_id ? [["User ID", info.user_id] as const] : []),
    ["Role", info.role ?? "-"],
    ["Tenant", tenantId ? (tenantName ? `${tenantName} (${tenantId})` : tenantId) : "-"],
    ["Token ID", info.token_id ?? (cred.kind === "token" ? "-" : "(API key: no token)")],
    ["Expires At", exp ? formatDate(exp) + left : "-"],
    ...(accepted ? [["Server", "accepts this session (checked just now)"] as const] : []),
  ]);
}

/**
 * Asks the server; true when it accepts the session. A 401 (revoked, unknown signature, or a
 * key that no longer works) is exit 3 with the server's reason; other failures keep their code.
 */
async function checkAccepted(session: Session, ask: () => Promise<unknown>): Promise<true> {
  try {
    await ask();
    return true;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    throw new AuthError(
      `The server refuses the session of ${session.credentialSource} (401: ${err.serverMessage}).`,
      session.credential.kind === "token"
        ? loginHint(session).replace("log in first", "log in again")
        : "check PANGOLIN_CLIENT_ID and PANGOLIN_API_KEY (a rotated key stops working)",
    );
  }
}

/** Where each part of the session came from; never the secret itself. */
function explain(ctx: Context, s: Session): void {
  const cred = s.credential;
  const credential = {
    kind: cred.kind === "token"
      ? "bearer token"
      : cred.kind === "api-key"
      ? "service-user API key (X-API-Key)"
      : cred.kind === "client-credentials"
      ? "service-user id and API key (client-credentials exchange)"
      : "none",
    source: s.credentialSource,
    ...(s.claims?.jti ? { token_id: s.claims.jti } : {}),
    ...(cred.kind === "client-credentials" ? { client_id: cred.clientId } : {}),
  };
  const report = {
    url: { value: s.url, source: s.urlSource },
    profile: { value: s.profileName, source: s.profileSource },
    credential,
    tenant: { value: s.tenant ?? null, source: s.tenantSource ?? "none" },
  };
  if (ctx.globals.json) {
    printJson(ctx, report);
    return;
  }
  const detail = [
    credential.kind,
    ...(s.claims?.jti ? [`token id ${s.claims.jti}`] : []),
    ...(cred.kind === "client-credentials" ? [`client id ${cred.clientId}`] : []),
  ].join(", ");
  fields(ctx, [
    ["URL", `${s.url}  (from ${s.urlSource})`],
    ["Profile", `${s.profileName}  (from ${s.profileSource})`],
    ["Credential", cred.kind === "none" ? "none" : `${detail}  (from ${s.credentialSource})`],
    ["Tenant", s.tenant ? `${s.tenant}  (from ${s.tenantSource})` : "none (the server's default)"],
  ]);
}
