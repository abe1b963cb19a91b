/** Pieces shared by the settings verbs: masking the SMTP password, the root caveat, the view. */
import type { SystemSettings } from "../../lib/api/settings.ts";
import type { Context } from "../../lib/context.ts";
import { fields, note } from "../../lib/output.ts";
import { maskSecrets } from "../../lib/secrets.ts";
import type { Session } from "../../lib/session.ts";

/** What a set secret is shown as. */
export const MASK = "********";

/**
 * The settings with every secret replaced by the mask (null and empty stay as they are), unless
 * --show-secrets: smtp_password comes back in clear text (api.md 5.12), and any other
 * secret-named key that a newer server adds is masked too.
 */
export function masked(ctx: Context, settings: SystemSettings): SystemSettings {
  return maskSecrets(settings, ctx.globals.showSecrets, MASK);
}

/**
 * GET/PUT /api/v1/config/settings use the session tenant: every root session reads and writes
 * the default (nil) tenant's settings, whatever X-Pangolin-Tenant says.
 */
export function noteRootTenant(ctx: Context, session: Session): void {
  if (session.claims?.role !== "root") return;
  note(
    ctx,
    "Note: as root these are the default tenant's settings: the server keys settings by the " +
      "session's own tenant, so --tenant and 'use' do not change which settings are used.",
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "-";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

/** Prints the settings as `label: value` lines, the password masked. */
export function printSettings(ctx: Context, settings: SystemSettings): void {
  const s = masked(ctx, settings);
  fields(ctx, [
    ["Allow Public Signup", show(s.allow_public_signup)],
    ["Default Warehouse Bucket", show(s.default_warehouse_bucket)],
    ["Default Retention Days", show(s.default_retention_days)],
    ["SMTP Host", show(s.smtp_host)],
    ["SMTP Port", show(s.smtp_port)],
    ["SMTP User", show(s.smtp_user)],
    ["SMTP Password", s.smtp_password === MASK ? `${MASK} (set)` : show(s.smtp_password)],
  ]);
}
