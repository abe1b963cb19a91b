/** What the profile commands share: one profile as a row, never its token. */
import type { Profile } from "../../lib/config.ts";

/** A saved profile as list-profiles shows it (no secret). */
export interface ProfileRow {
  name: string;
  default: boolean;
  url: string | null;
  username: string | null;
  role: string | null;
  tenant_id: string | null;
  tenant_name: string | null;
  token_id: string | null;
  expires_at: string | null;
  logged_in: boolean;
}

/** The row of one profile; `logged_in` is false without a token or once it has expired. */
export function profileRow(name: string, p: Profile, isDefault: boolean, now: Date): ProfileRow {
  const expires = typeof p.expires_at === "string" ? Date.parse(p.expires_at) : NaN;
  const live = typeof p.token === "string" && p.token !== "" &&
    (Number.isNaN(expires) || expires > now.getTime());
  return {
    name,
    default: isDefault,
    url: p.url ?? null,
    username: p.username ?? null,
    role: p.role ?? null,
    tenant_id: p.tenant_id ?? null,
    tenant_name: p.tenant_name ?? null,
    token_id: p.token ? p.token_id ?? null : null,
    expires_at: p.token ? p.expires_at ?? null : null,
    logged_in: live,
  };
}
