/** User endpoints (pangolin-api.md 5.3). */
import type { ApiClient } from "./client.ts";
import type { UserInfo } from "./auth.ts";

/** GET /api/v1/users/{id} (self, or an admin of any tenant). */
export function getUser(api: ApiClient, id: string): Promise<UserInfo> {
  return api.call("get user", "GET", `/api/v1/users/${encodeURIComponent(id)}`);
}
