// Token routes of the Pangolin test double (spec 5.2): mint, rotate, revoke, cleanup and the
// two listings. Only /tokens and /tokens/rotate record TokenInfo entries.

import type { Handler } from "../context.ts";
import { isAdmin } from "../auth.ts";
import { jsonBody, mintToken, pagination, pathUuid, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { empty, haltText, json } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import { paginate, roleRank, timestampOffset, timestampZ } from "../state.ts";
import type { Role, Store, TokenRecord } from "../state.ts";
import { canonicalUuid, NIL_UUID, randomUuid } from "../uuid.ts";

const DAY_MS = 24 * 3600 * 1000;

const GENERATE_BODY = S.struct("GenerateTokenRequest", [
  { name: "tenant_id", schema: S.string },
  { name: "username", schema: S.option(S.string) },
  { name: "roles", schema: S.option(S.seq(S.string)) },
  { name: "expires_in_hours", schema: S.option(S.int("u64")) },
]);

const REVOKE_BODY = S.struct("RevokeTokenRequest", [
  { name: "reason", schema: S.option(S.string) },
]);

// Spellings POST /api/v1/tokens accepts in `roles` (more than the strict role enum).
const ROLE_ALIASES: Record<string, Role> = {
  root: "root",
  Root: "root",
  Admin: "tenant-admin",
  admin: "tenant-admin",
  TenantAdmin: "tenant-admin",
  "tenant-admin": "tenant-admin",
  TenantUser: "tenant-user",
  "tenant-user": "tenant-user",
  user: "tenant-user",
};

/** POST /api/v1/tokens (spec 5.2.1). */
export async function generateToken(ctx: Ctx): Promise<Reply> {
  const body = jsonBody<{
    tenant_id: string;
    username?: string | null;
    roles?: string[] | null;
    expires_in_hours?: number | null;
  }>(ctx, GENERATE_BODY);
  const s = session(ctx);
  const tenant = canonicalUuid(body.tenant_id);
  if (!tenant) haltText(400, "Invalid tenant_id format");
  if (!isAdmin(s)) haltText(403, "Root or tenant-admin access required to mint tokens");
  if (s.role === "tenant-admin" && s.tenantId !== tenant) {
    haltText(403, "Cannot mint a token for another tenant");
  }
  const username = body.username ?? "api-user";
  // The stored user is searched across ALL tenants, for both the role and the `sub`.
  const stored = [...ctx.store.users.values()].find((u) => u.username === username);
  let role: Role;
  if (body.roles && body.roles.length > 0) {
    // Only the first element is used.
    const mapped = ROLE_ALIASES[body.roles[0]];
    if (!mapped) haltText(400, `Unknown role: ${body.roles[0]}`);
    role = mapped;
  } else {
    role = stored?.role ?? "tenant-user";
  }
  if (s.role === "tenant-admin" && roleRank(role) > roleRank("tenant-admin")) {
    haltText(403, "Cannot mint a token more privileged than the caller");
  }
  const hours = Math.min(body.expires_in_hours ?? 24, 8760);
  const nowMs = Date.now();
  const iat = Math.floor(nowMs / 1000);
  // expires_in_hours = 0 gives exp = now: a token that is already expired.
  const exp = iat + hours * 3600;
  const jti = randomUuid();
  const sub = stored?.id ?? randomUuid();
  // The tenant_id string goes into the claim and the response exactly as sent.
  const token = await mintToken(ctx, {
    sub,
    jti,
    username,
    tenantId: body.tenant_id,
    role,
    exp,
    iat,
  });
  record(ctx, { id: jti, tenantId: tenant, userId: sub, username, expSecs: exp, token });
  return json(200, {
    token,
    expires_at: timestampOffset(exp * 1000, 0),
    tenant_id: body.tenant_id,
  });
}

function record(ctx: Ctx, t: Omit<TokenRecord, "createdAt">): void {
  ctx.store.tokens.set(t.id, { ...t, createdAt: timestampZ(Date.now(), 9) });
}

/** POST /api/v1/tokens/rotate (spec 5.2.2), including the tenantless `""` trap. */
export async function rotateToken(ctx: Ctx): Promise<Reply> {
  const s = session(ctx);
  const nowMs = Date.now();
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + 24 * 3600;
  const jti = randomUuid();
  // A principal without a session tenant (any root) gets `"tenant_id": ""` in the new token,
  // which the middleware then rejects with `Invalid session` on every use.
  const tenantClaim = s.tenantId ?? "";
  const token = await mintToken(ctx, {
    sub: s.userId,
    jti,
    username: s.username,
    tenantId: tenantClaim,
    role: s.role,
    exp,
    iat,
  });
  record(ctx, {
    id: jti,
    tenantId: s.tenantId ?? NIL_UUID,
    userId: s.userId,
    username: s.username,
    expSecs: exp,
    token,
  });
  if (s.jti) ctx.store.revoked.set(s.jti, (s.exp ?? iat) * 1000);
  return json(200, {
    token,
    expires_at: timestampOffset(exp * 1000, 0),
    tenant_id: tenantClaim,
  });
}

/** POST /api/v1/auth/revoke: requires a JSON body even though it may be `{}`. */
export function revokeSelf(ctx: Ctx): Reply {
  jsonBody(ctx, REVOKE_BODY);
  const s = session(ctx);
  if (s.via !== "jwt" || !s.jti) {
    haltText(400, "This session is not backed by a revocable token");
  }
  // Self-revocation lasts until the token's own expiry.
  ctx.store.revoked.set(s.jti, (s.exp ?? 0) * 1000);
  return json(200, { message: "Token revoked successfully. Please log in again." });
}

/** POST /api/v1/auth/revoke/{token_id}: no existence or tenant check; 24 h entry. */
export function revokeById(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "token_id");
  jsonBody(ctx, REVOKE_BODY);
  if (!isAdmin(session(ctx))) haltText(403, "Admin access required");
  ctx.store.revoked.set(id, Date.now() + DAY_MS);
  return json(200, { message: `Token ${id} revoked successfully` });
}

/** DELETE /api/v1/tokens/{token_id}: like revoke-by-id but 204. */
export function deleteToken(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "token_id");
  if (!isAdmin(session(ctx))) haltText(403, "Admin access required to delete arbitrary token");
  ctx.store.revoked.set(id, Date.now() + DAY_MS);
  return empty(204);
}

/** POST /api/v1/auth/cleanup-tokens: global sweep of expired records and revocations. */
export function cleanupTokens(ctx: Ctx): Reply {
  if (!isAdmin(session(ctx))) haltText(403, "Admin access required");
  const now = Date.now();
  let count = 0;
  for (const [id, t] of ctx.store.tokens) {
    if (t.expSecs * 1000 <= now) {
      ctx.store.tokens.delete(id);
      count++;
    }
  }
  // Removing an admin revocation entry can make a longer-lived token valid again (spec 7.1).
  for (const [jti, until] of ctx.store.revoked) {
    if (until <= now) {
      ctx.store.revoked.delete(jti);
      count++;
    }
  }
  return json(200, { message: `Cleaned up ${count} expired tokens`, count });
}

// The listable rows (sorted, not revoked, not expired) of each (tenant, user) listed since the
// store's token map or revocation list last changed. A page then costs a slice, not a filter of
// every token of the store: that filter per page made a --all walk quadratic in the count (the
// benchmarks list a million). A memo also ends when its first row expires, so expiry by time
// shows exactly as a fresh filter would show it.
interface Listable {
  rows: TokenRecord[];
  validUntilMs: number;
}
const listables = new WeakMap<
  Store,
  { tokens: number; revoked: number; byUser: Map<string, Listable> }
>();

function listableTokens(store: Store, tenantId: string, userId: string, now: number) {
  let memo = listables.get(store);
  if (memo?.tokens !== store.tokens.version || memo.revoked !== store.revoked.version) {
    memo = { tokens: store.tokens.version, revoked: store.revoked.version, byUser: new Map() };
    listables.set(store, memo);
  }
  const key = `${tenantId} ${userId}`;
  const hit = memo.byUser.get(key);
  if (hit && now < hit.validUntilMs) return hit.rows;
  const rows = [...store.tokens.values()]
    .filter((t) =>
      t.tenantId === tenantId && t.userId === userId && !store.revoked.has(t.id) &&
      t.expSecs * 1000 > now
    )
    .sort((a, b) => b.expSecs - a.expSecs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Latest expiry first, so the last row is the first to expire; no row, nothing can expire.
  const last = rows.at(-1);
  memo.byUser.set(key, { rows, validUntilMs: last ? last.expSecs * 1000 : Infinity });
  return rows;
}

function listTokens(ctx: Ctx, tenantId: string, userId: string, q: object): Reply {
  const rows = listableTokens(ctx.store, tenantId, userId, Date.now());
  return json(
    200,
    paginate(rows, q).map((t) => ({
      id: t.id,
      tenant_id: t.tenantId,
      user_id: t.userId,
      username: t.username,
      expires_at: timestampZ(t.expSecs * 1000, 0),
      created_at: t.createdAt,
      is_valid: true,
      token: t.token,
    })),
  );
}

/** GET /api/v1/users/me/tokens: session tenant (nil for root) and session user only. */
export function myTokens(ctx: Ctx): Reply {
  const q = pagination(ctx);
  const s = session(ctx);
  return listTokens(ctx, s.tenantId ?? NIL_UUID, s.userId, q);
}

/** GET /api/v1/users/{id}/tokens: restricted to the CALLER's session tenant (root: nil). */
export function userTokens(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const q = pagination(ctx);
  const s = session(ctx);
  if (!isAdmin(s)) haltText(403, "Admin access required");
  return listTokens(ctx, s.tenantId ?? NIL_UUID, id, q);
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "POST /api/v1/tokens": generateToken,
  "POST /api/v1/tokens/rotate": rotateToken,
  "DELETE /api/v1/tokens/{token_id}": deleteToken,
  "POST /api/v1/auth/revoke": revokeSelf,
  "POST /api/v1/auth/revoke/{token_id}": revokeById,
  "POST /api/v1/auth/cleanup-tokens": cleanupTokens,
  "GET /api/v1/users/me/tokens": myTokens,
  "GET /api/v1/users/{id}/tokens": userTokens,
};
