/** Token endpoints (pangolin-api.md 5.2). */
import { type ApiClient, collect, type Paging } from "./client.ts";

/** TokenInfo as the listings return it (snake_case; `token` only for recorded tokens). */
export interface TokenInfo {
  id: string;
  tenant_id: string;
  user_id: string;
  username: string;
  expires_at: string;
  created_at: string;
  is_valid: boolean;
  token?: string;
}

/** The answer of generate and rotate. */
export interface IssuedToken {
  token: string;
  expires_at: string;
  tenant_id: string;
}

/** The body of POST /api/v1/tokens. */
export interface GenerateTokenRequest {
  tenant_id: string;
  username?: string;
  roles?: string[];
  expires_in_hours?: number;
}

/** POST /api/v1/tokens: mint a recorded token (root, or tenant-admin for its own tenant). */
export function generateToken(api: ApiClient, body: GenerateTokenRequest): Promise<IssuedToken> {
  return api.call("create token", "POST", "/api/v1/tokens", { json: body, shape: ["token"] });
}

/** POST /api/v1/tokens/rotate: new token for this session; the presenting one is revoked. */
export function rotateToken(api: ApiClient, token?: string): Promise<IssuedToken> {
  // The route takes no body; an empty JSON object is harmless and keeps proxies happy.
  return api.call("rotate token", "POST", "/api/v1/tokens/rotate", {
    json: {},
    shape: ["token"],
    token,
  });
}

/**
 * POST /api/v1/auth/revoke: the real logout. It requires a JSON body, even `{}`
 * (415/400 without one); POST /api/v1/users/logout revokes nothing and is never used.
 */
export function revokeCurrentToken(
  api: ApiClient,
  reason?: string,
  token?: string,
): Promise<{ message?: string }> {
  return api.call("revoke token", "POST", "/api/v1/auth/revoke", {
    json: reason ? { reason } : {},
    token,
    idempotent: true,
  });
}

/** POST /api/v1/auth/revoke/{id}: admin revocation; lasts 24 h, unknown ids succeed. */
export function revokeTokenById(
  api: ApiClient,
  id: string,
  reason?: string,
): Promise<{ message?: string }> {
  return api.call("revoke token", "POST", `/api/v1/auth/revoke/${encodeURIComponent(id)}`, {
    json: reason ? { reason } : {},
    idempotent: true,
  });
}

/** DELETE /api/v1/tokens/{id}: same effect as revoke by id; answers 204. */
export async function deleteToken(api: ApiClient, id: string): Promise<void> {
  await api.call("delete token", "DELETE", `/api/v1/tokens/${encodeURIComponent(id)}`, {
    expect: "none",
  });
}

/** POST /api/v1/auth/cleanup-tokens: global sweep of expired records. */
export function cleanupExpiredTokens(
  api: ApiClient,
): Promise<{ message?: string; count?: number }> {
  return api.call("clean up expired tokens", "POST", "/api/v1/auth/cleanup-tokens", {
    idempotent: true,
  });
}

/** GET /api/v1/users/me/tokens: the caller's recorded tokens (never login sessions). */
export function myTokenPages(api: ApiClient, paging?: Paging): AsyncGenerator<TokenInfo[]> {
  return api.pages("list tokens", "/api/v1/users/me/tokens", paging);
}

/** Every token of myTokenPages in one array. */
export function listMyTokens(api: ApiClient, paging?: Paging): Promise<TokenInfo[]> {
  return collect(myTokenPages(api, paging));
}

/** GET /api/v1/users/{id}/tokens: a user's recorded tokens in the caller's session tenant. */
export function userTokenPages(
  api: ApiClient,
  userId: string,
  paging?: Paging,
): AsyncGenerator<TokenInfo[]> {
  return api.pages(
    "list user tokens",
    `/api/v1/users/${encodeURIComponent(userId)}/tokens`,
    paging,
  );
}

/** Every token of userTokenPages in one array. */
export function listUserTokens(
  api: ApiClient,
  userId: string,
  paging?: Paging,
): Promise<TokenInfo[]> {
  return collect(userTokenPages(api, userId, paging));
}
