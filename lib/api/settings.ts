/** System settings endpoints (pangolin-api.md 5.12): per session tenant, admins only. */
import type { ApiClient } from "./client.ts";
import { ApiError } from "../errors.ts";

/** SystemSettings (snake_case, every key nullable; `smtp_password` comes back in clear). */
export interface SystemSettings {
  allow_public_signup?: boolean | null;
  default_warehouse_bucket?: string | null;
  default_retention_days?: number | null;
  smtp_host?: string | null;
  smtp_port?: number | null;
  smtp_user?: string | null;
  smtp_password?: string | null;
  [key: string]: unknown;
}

function checked(what: string, reply: unknown): SystemSettings {
  if (typeof reply !== "object" || reply === null || Array.isArray(reply)) {
    throw new ApiError(what, 200, "the reply is JSON but not a settings object", {
      unexpected: true,
    });
  }
  return reply as SystemSettings;
}

/** GET /api/v1/config/settings: the defaults when nothing was saved for the tenant. */
export async function getSystemSettings(api: ApiClient): Promise<SystemSettings> {
  const what = "get system settings";
  return checked(what, await api.call(what, "GET", "/api/v1/config/settings"));
}

/**
 * PUT /api/v1/config/settings: a full replacement, not a patch (a key left out is stored as
 * null), so callers send the whole object they read, with their changes merged in.
 */
export async function putSystemSettings(
  api: ApiClient,
  settings: SystemSettings,
): Promise<SystemSettings> {
  const what = "update system settings";
  return checked(what, await api.call(what, "PUT", "/api/v1/config/settings", { json: settings }));
}
