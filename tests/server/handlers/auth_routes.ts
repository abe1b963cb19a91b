// Public and session routes of the Pangolin test double: health, app-config, login, logout,
// users/me and the service-user OAuth2 client-credentials endpoint (spec 5.1).

import type { Handler } from "../context.ts";
import { formBody, jsonBody, mintToken, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { empty, haltJson, haltText, json, text } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { ENV_ROOT_ID } from "../seed.ts";
import { S } from "../serde_json.ts";
import { timestampOffset, timestampZ } from "../state.ts";
import type { Role, User } from "../state.ts";
import { parseUuid, randomUuid } from "../uuid.ts";

/** UserInfo (kebab-case), as returned by login, users/me and the user routes. */
export function userInfo(u: User): Record<string, unknown> {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    "tenant-id": u.tenantId,
    role: u.role,
    "oauth-provider": u.oauthProvider,
    "created-at": u.createdAt,
    "last-login": u.lastLogin,
  };
}

/** GET /health and /health/ready. */
export function health(): Reply {
  return json(200, { status: "ready", store: "ok", store_latency_ms: 0 });
}

/** GET /health/live. */
export function healthLive(): Reply {
  return json(200, { status: "alive" });
}

/** GET /api/v1/app-config: auth is always on in the double (no NO_AUTH mode). */
export function appConfig(): Reply {
  return json(200, { auth_enabled: true });
}

// Strict kebab-case body; `tenant_id` is an alias, so sending both is a duplicate field (422).
const LOGIN_BODY = S.struct("LoginRequest", [
  { name: "username", schema: S.string },
  { name: "password", schema: S.string },
  { name: "tenant-id", aliases: ["tenant_id"], schema: S.option(S.uuid) },
]);

/** POST /api/v1/users/login (spec 5.1.1). */
export async function login(ctx: Ctx): Promise<Reply> {
  const body = jsonBody<{ username: string; password: string; "tenant-id"?: string | null }>(
    ctx,
    LOGIN_BODY,
  );
  const tenantId = body["tenant-id"] ?? null;
  const accountKey = `${tenantId ?? "-"}|${body.username}`;
  const limiter = ctx.cfg.accountLimiter;
  if (limiter) {
    // The per-account throttle answers in plain text with a fixed retry-after of 60,
    // unlike the per-address one (nested JSON, window-long retry-after).
    if (limiter.blocked(accountKey)) {
      const r = text(429, "too many authentication attempts; try again later");
      r.headers["retry-after"] = "60";
      return r;
    }
    limiter.count(accountKey);
  }
  const nowMs = Date.now();
  let principal: { id: string; username: string; tenantId: string | null; role: Role };
  let info: Record<string, unknown>;
  if (
    tenantId === null && body.username === ctx.cfg.rootUsername &&
    body.password === ctx.cfg.rootPassword
  ) {
    principal = { id: ENV_ROOT_ID, username: body.username, tenantId: null, role: "root" };
    info = {
      id: ENV_ROOT_ID,
      username: body.username,
      email: "root@pangolin.local",
      "tenant-id": null,
      role: "root",
      "oauth-provider": null,
      "created-at": timestampZ(nowMs, 9),
      "last-login": null,
    };
  } else {
    const users = [...ctx.store.users.values()];
    let user: User | undefined;
    if (tenantId === null) {
      // Without a tenant the username is looked up across ALL tenants; it must be a root.
      user = users.find((u) => u.username === body.username);
      if (!user) haltText(401, "Invalid credentials");
      if (user.role !== "root") haltText(401, "Tenant users must login with tenant_id");
    } else {
      user = users.find((u) => u.tenantId === tenantId && u.username === body.username);
      if (!user) haltText(401, "Invalid credentials");
      if (user.role === "root") haltText(401, "Root users must login without tenant_id");
    }
    if (user.password === null) haltText(401, "Account uses external authentication");
    if (user.password !== body.password) haltText(401, "Invalid credentials");
    // Surprise kept from the real server: `active` is never checked and `last-login` is
    // never updated.
    principal = { id: user.id, username: user.username, tenantId: user.tenantId, role: user.role };
    info = userInfo(user);
  }
  limiter?.clear(accountKey);
  const iat = Math.floor(nowMs / 1000);
  const token = await mintToken(ctx, {
    sub: principal.id,
    jti: randomUuid(),
    username: principal.username,
    tenantId: principal.tenantId,
    role: principal.role,
    exp: iat + 24 * 3600,
    iat,
  });
  // Login tokens are deliberately NOT recorded: they never show up in token listings.
  return json(200, {
    token,
    user: info,
    "expires-at": timestampOffset(nowMs + 24 * 3600 * 1000, 9),
  });
}

/** POST /api/v1/users/logout: 204 and, surprisingly, no revocation at all. */
export function logout(): Reply {
  return empty(204);
}

/** GET /api/v1/users/me: never 404; unknown principals get a made-up UserInfo. */
export function me(ctx: Ctx): Reply {
  const s = session(ctx);
  const user = ctx.store.users.get(s.userId);
  if (user) return json(200, userInfo(user));
  const now = timestampZ(Date.now(), 9);
  return json(200, {
    id: s.userId,
    username: s.username,
    email: "root@pangolin.local",
    "tenant-id": s.tenantId,
    role: s.role,
    "oauth-provider": null,
    "created-at": now,
    "last-login": now,
  });
}

const CLIENT_CREDENTIALS_FORM = [
  { name: "grant_type", type: "string", required: true },
  { name: "client_id", type: "string", required: true },
  { name: "client_secret", type: "string", required: true },
  { name: "scope", type: "string", required: false },
] as const;

/** POST /v1/{p}/v1/oauth/tokens and its three aliases (spec 5.1.6); errors are flat JSON. */
export async function clientCredentials(ctx: Ctx): Promise<Reply> {
  const form = formBody(ctx, CLIENT_CREDENTIALS_FORM);
  if (form.grant_type !== "client_credentials") {
    haltJson(400, "Unsupported grant_type. exact 'client_credentials' required.");
  }
  const id = parseUuid(form.client_id);
  if (!id.ok) haltJson(400, "Invalid client_id format. Must be a valid UUID.");
  const su = ctx.store.serviceUsers.get(id.value);
  if (!su) haltJson(401, "Invalid client_id");
  if (!su.active || (su.expiresAtMs !== null && su.expiresAtMs <= Date.now())) {
    haltJson(401, "Client is inactive or expired");
  }
  if (su.apiKey !== form.client_secret) haltJson(401, "Invalid client_secret");
  const nowMs = Date.now();
  su.lastUsed = timestampZ(nowMs, 9);
  const iat = Math.floor(nowMs / 1000);
  const token = await mintToken(ctx, {
    sub: su.id,
    jti: randomUuid(),
    username: su.name,
    tenantId: su.tenantId,
    role: su.role,
    exp: iat + 3600,
    iat,
  });
  return json(200, {
    access_token: token,
    token_type: "Bearer",
    expires_in: 3600,
    issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
  });
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "GET /health": health,
  "GET /health/ready": health,
  "GET /health/live": healthLive,
  "GET /api/v1/app-config": appConfig,
  "POST /api/v1/users/login": login,
  "POST /api/v1/users/logout": logout,
  "GET /api/v1/users/me": me,
  "POST /v1/{prefix}/oauth/tokens": clientCredentials,
  "POST /v1/{prefix}/v1/oauth/tokens": clientCredentials,
  "POST /api/v1/iceberg/{prefix}/oauth/tokens": clientCredentials,
  "POST /api/v1/iceberg/{prefix}/v1/oauth/tokens": clientCredentials,
};
