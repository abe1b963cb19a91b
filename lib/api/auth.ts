/** Login and identity endpoints (pangolin-api.md 5.1). */
import type { ApiClient } from "./client.ts";

/** UserInfo (kebab-case). */
export interface UserInfo {
  id: string;
  username: string;
  email: string;
  "tenant-id": string | null;
  role: string;
  "oauth-provider"?: string | null;
  "created-at"?: string;
  "last-login"?: string | null;
}

/** The login answer (kebab-case). */
export interface LoginResponse {
  token: string;
  user: UserInfo;
  "expires-at": string;
}

/** POST /api/v1/users/login (public; throttled). */
export function login(
  api: ApiClient,
  username: string,
  password: string,
  tenantId?: string,
): Promise<LoginResponse> {
  const body: Record<string, string> = { username, password };
  if (tenantId) body["tenant-id"] = tenantId;
  return api.call("log in", "POST", "/api/v1/users/login", {
    json: body,
    anonymous: true,
    secrets: [password],
    credentialHint: "check the username, password and tenant id",
    shape: ["token"],
  });
}

/** GET /api/v1/users/me with an explicit token: does this token work? */
export function me(api: ApiClient, token?: string): Promise<UserInfo> {
  return api.call("get current user", "GET", "/api/v1/users/me", { token });
}
