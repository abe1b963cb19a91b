// Authentication middleware of the Pangolin test double (spec 2.1 to 2.8). It runs for every
// non-public path, including unknown ones (so an unauthenticated unknown route is a 401, not
// a 404), and all of its refusals are plain text.

import { verifyJwtSignature } from "./jwt.ts";
import { text } from "./replies.ts";
import type { Reply } from "./replies.ts";
import { ROLES, timestampZ } from "./state.ts";
import type { Role, ServiceUser, Store } from "./state.ts";
import { canonicalUuid, NIL_UUID } from "./uuid.ts";
import { authEvent, recordAudit } from "./handlers/audit.ts";

/** Who is calling, as the handlers see it. */
export interface Session {
  userId: string;
  username: string;
  /** Session tenant: the credential's tenant, null for root. */
  tenantId: string | null;
  role: Role;
  /** The JWT id when the session came from a (revocable) JWT. */
  jti: string | null;
  /** JWT `exp` in Unix seconds, when there is a JWT. */
  exp: number | null;
  via: "jwt" | "api-key" | "basic";
  /** A valid `X-Pangolin-Tenant` value (canonical), applied to root sessions only. */
  headerTenant: string | null;
}

/** Settings the middleware depends on. */
export interface AuthConfig {
  key: CryptoKey;
  legacyApiKeys: boolean;
  basicAuth: boolean;
  rootUsername: string;
  rootPassword: string;
}

/** The effective tenant: root may switch with X-Pangolin-Tenant, others never can. */
export function effectiveTenant(s: Session): string {
  if (s.role === "root" && s.via !== "api-key" && s.headerTenant) return s.headerTenant;
  return s.tenantId ?? NIL_UUID;
}

/** Whether a role is root or tenant-admin. */
export function isAdmin(s: Session): boolean {
  return s.role === "root" || s.role === "tenant-admin";
}

const KEYED_KEY = /^pgl_[A-Za-z0-9]{12}_[A-Za-z0-9]{48}$/;
// Chrono's DateTime range ends in year 262143; larger iat/exp fail the session conversion.
const MAX_CHRONO_SECS = 8210266876799;

/**
 * Runs the middleware; returns a session or the 401/503 reply to send. Like the real one it
 * writes api_key_rejected, login_failed (Basic) and tenant_impersonation audit events, naming
 * `path` (the request path without its query).
 */
export async function authenticate(
  headers: Headers,
  store: Store,
  cfg: AuthConfig,
  path = "",
): Promise<Session | Reply> {
  const session = await identify(headers, store, cfg, path);
  // Root switching tenants with the header is recorded in the assumed tenant, whatever route.
  if (
    !("status" in session) && session.role === "root" && session.via !== "api-key" &&
    session.headerTenant !== null && session.headerTenant !== NIL_UUID
  ) {
    const basic = session.via === "basic";
    const metadata: Record<string, string> = { assumed_tenant: session.headerTenant, path };
    if (basic) metadata.scheme = "basic";
    recordAudit(
      store,
      authEvent(session.headerTenant, "tenant_impersonation", {
        user_id: basic ? null : session.userId,
        username: session.username,
      }, metadata),
    );
  }
  return session;
}

async function identify(
  headers: Headers,
  store: Store,
  cfg: AuthConfig,
  path: string,
): Promise<Session | Reply> {
  const headerTenantRaw = headers.get("x-pangolin-tenant");
  // An unparseable tenant header is ignored without error.
  const headerTenant = headerTenantRaw === null ? null : canonicalUuid(headerTenantRaw.trim());

  // X-API-Key wins over Authorization whenever it is present, whatever its value.
  const apiKey = headers.get("x-api-key");
  if (apiKey !== null) return apiKeySession(apiKey, store, cfg, path);

  const authz = headers.get("authorization");
  if (authz === null || !/^[\x20-\x7e\t]*$/.test(authz)) {
    return text(401, "Missing or invalid authorization header");
  }
  if (authz.startsWith("Basic ") && cfg.basicAuth) {
    const creds = decodeBasic(authz.slice(6));
    if (creds) {
      if (creds.user !== cfg.rootUsername || creds.password !== cfg.rootPassword) {
        recordAudit(
          store,
          authEvent(NIL_UUID, "login_failed", { user_id: null, username: creds.user }, {
            path,
            scheme: "basic",
          }),
        );
        return text(401, "Invalid credentials");
      }
      return {
        userId: NIL_UUID,
        username: "root",
        tenantId: null,
        role: "root",
        jti: null,
        exp: null,
        via: "basic",
        headerTenant,
      };
    }
  }
  // Undecodable Basic, or Basic without configured root credentials, falls through here.
  if (!authz.startsWith("Bearer ")) return text(401, "Missing or invalid authorization header");
  return await jwtSession(authz.slice(7), store, cfg, headerTenant);
}

function decodeBasic(b64: string): { user: string; password: string } | null {
  try {
    const bin = atob(b64.trim());
    const decoded = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(bin, (c) => c.charCodeAt(0)),
    );
    const colon = decoded.indexOf(":");
    if (colon < 0) return null;
    return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  } catch {
    return null;
  }
}

function apiKeySession(
  key: string,
  store: Store,
  cfg: AuthConfig,
  path: string,
): Session | Reply {
  if (!/^[\x20-\x7e\t]*$/.test(key)) return text(401, "Malformed X-API-Key header");
  // An unknown key is recorded under the nil tenant; a known but inactive or expired one under
  // its service user's tenant, naming it.
  const refused = (su?: ServiceUser) => {
    recordAudit(
      store,
      su
        ? authEvent(su.tenantId, "api_key_rejected", { user_id: su.id, username: su.name }, {
          path,
          reason: "inactive or expired",
        })
        : authEvent(NIL_UUID, "api_key_rejected", { user_id: null, username: "unknown" }, {
          path,
          reason: "no matching key",
        }),
    );
    return text(401, "Invalid or expired API key");
  };
  // The management API only issues legacy-format keys (pgl_ + 64 chars, no key id), which
  // the real middleware refuses unless PANGOLIN_ALLOW_LEGACY_API_KEYS=true. Keyed-format
  // keys are never issued by the API, so none can match a stored service user.
  if (KEYED_KEY.test(key) || !cfg.legacyApiKeys) return refused();
  const su = [...store.serviceUsers.values()].find((s) => s.apiKey === key);
  if (!su) return refused();
  if (!su.active) return refused(su);
  if (su.expiresAtMs !== null && su.expiresAtMs <= Date.now()) return refused(su);
  su.lastUsed = timestampZ(Date.now(), 9);
  return {
    userId: su.id,
    username: su.name,
    tenantId: su.tenantId,
    role: su.role,
    jti: null,
    exp: null,
    via: "api-key",
    headerTenant: null,
  };
}

function isUint(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}

async function jwtSession(
  token: string,
  store: Store,
  cfg: AuthConfig,
  headerTenant: string | null,
): Promise<Session | Reply> {
  const invalid = text(401, "Invalid token");
  const claims = await verifyJwtSignature(cfg.key, token);
  if (!claims) return invalid;
  const { sub, jti, username, tenant_id: tenantClaim, role, exp, iat } = claims;
  // jsonwebtoken: exp required, 60 s leeway; then the claims struct must deserialize.
  if (!isUint(exp) || !isUint(iat)) return invalid;
  const nowSecs = Math.floor(Date.now() / 1000);
  if (exp < nowSecs - 60) return invalid;
  if (typeof sub !== "string" || typeof username !== "string") return invalid;
  if (tenantClaim !== undefined && tenantClaim !== null && typeof tenantClaim !== "string") {
    return invalid;
  }
  if (typeof role !== "string" || !ROLES.includes(role as Role)) return invalid;
  if (jti !== undefined && jti !== null && typeof jti !== "string") return invalid;
  const jtiId = typeof jti === "string" ? canonicalUuid(jti) : null;
  if (!jtiId) return invalid;
  if (store.revoked.has(jtiId) && !store.ignoreRevocations) {
    return text(401, "Token has been revoked");
  }
  const userId = canonicalUuid(sub);
  // An empty-string tenant_id (what rotating a root token produces) lands here.
  const tenantId = typeof tenantClaim === "string" ? canonicalUuid(tenantClaim) : null;
  if (!userId || (typeof tenantClaim === "string" && !tenantId)) {
    return text(401, "Invalid session");
  }
  if (exp > MAX_CHRONO_SECS || iat > MAX_CHRONO_SECS) return text(401, "Invalid session");
  if (exp * 1000 <= Date.now()) return text(401, "Token expired");
  return {
    userId,
    username,
    tenantId,
    role: role as Role,
    jti: jtiId,
    exp,
    via: "jwt",
    headerTenant,
  };
}
