import { buildCommand } from "@stricli/core";
import type { Context } from "../../lib/context.ts";
import { AuthError } from "../../lib/errors.ts";
import { expiryOf } from "../../lib/jwt.ts";
import { fields, formatDate, printJson } from "../../lib/output.ts";
import { loginHint, requireCredential, resolveSession } from "../../lib/session.ts";

function remaining(ms: number): string {
  const minutes = Math.floor(ms / 60000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** `whoami`: who this run acts as, read from the profile and the token (no request). */
export const whoamiCommand = buildCommand({
  docs: {
    brief: "Show the current session: server, user, role, tenant, token id and expiry",
    fullDescription: [
      "Reads the profile and the token itself; sends nothing. Exits 3 when not logged in or",
      "when the token has expired.",
      "",
      "Example:",
      "  pangolin-admin whoami",
    ].join("\n"),
  },
  parameters: {},
  func: async function (this: Context): Promise<void> {
    const session = await resolveSession(this);
    requireCredential(this, session);
    const cred = session.credential;
    const claims = session.claims;
    const exp = expiryOf(claims);
    if (cred.kind === "token" && exp && exp.getTime() <= this.now().getTime()) {
      throw new AuthError(
        `The token from ${session.credentialSource} expired at ${exp.toISOString()}.`,
        loginHint(session).replace("log in first", "log in again"),
      );
    }
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
    };
    if (this.globals.json) {
      printJson(this, info);
      return;
    }
    const left = exp ? ` (in ${remaining(exp.getTime() - this.now().getTime())})` : "";
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
    ]);
  },
});
