// System-settings routes of the Pangolin test double (spec 5.12): settings are kept per
// SESSION tenant (every root session shares the nil tenant's), PUT replaces the whole object
// (a key left out becomes null), the body is lenient, `smtp_password` is returned in clear, and
// every error is plain text. The settings live beside the Store (acme's are seeded here).

import type { Handler } from "../context.ts";
import { isAdmin } from "../auth.ts";
import { jsonBody, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { haltText, json } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import { SEED } from "../seed.ts";
import type { Store } from "../state.ts";
import { NIL_UUID } from "../uuid.ts";

/** SystemSettings (snake_case, every key nullable). */
export interface SystemSettings {
  allow_public_signup: boolean | null;
  default_warehouse_bucket: string | null;
  default_retention_days: number | null;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_user: string | null;
  smtp_password: string | null;
}

/** The SMTP password seeded for the acme tenant (tests check it is never printed). */
export const SEED_SMTP_PASSWORD = "smtp-s3cret-Pa55";

const DEFAULTS: SystemSettings = {
  allow_public_signup: false,
  default_warehouse_bucket: null,
  default_retention_days: 30,
  smtp_host: null,
  smtp_port: null,
  smtp_user: null,
  smtp_password: null,
};

// Lenient: unknown keys are ignored and every key is optional.
const BODY = S.struct("SystemSettings", [
  { name: "allow_public_signup", schema: S.option(S.bool) },
  { name: "default_warehouse_bucket", schema: S.option(S.string) },
  { name: "default_retention_days", schema: S.option(S.int("i32")) },
  { name: "smtp_host", schema: S.option(S.string) },
  { name: "smtp_port", schema: S.option(S.int("i32")) },
  { name: "smtp_user", schema: S.option(S.string) },
  { name: "smtp_password", schema: S.option(S.string) },
], false);

const SETTINGS = new WeakMap<Store, Map<string, SystemSettings>>();

/** Saved settings by tenant id (acme's seeded with SMTP credentials). */
export function savedSettings(store: Store): Map<string, SystemSettings> {
  let saved = SETTINGS.get(store);
  if (!saved) {
    saved = new Map([[SEED.tenantId, {
      ...DEFAULTS,
      default_warehouse_bucket: "acme-lake",
      smtp_host: "smtp.acme.example",
      smtp_port: 587,
      smtp_user: "mailer",
      smtp_password: SEED_SMTP_PASSWORD,
    }]]);
    SETTINGS.set(store, saved);
  }
  return saved;
}

function sessionTenant(ctx: Ctx): string {
  // Not the effective tenant: X-Pangolin-Tenant has no effect here.
  return session(ctx).tenantId ?? NIL_UUID;
}

/** GET /api/v1/config/settings: admins; the defaults when nothing was saved. */
export function getSettings(ctx: Ctx): Reply {
  if (!isAdmin(session(ctx))) haltText(403, "Admin access required");
  return json(200, savedSettings(ctx.store).get(sessionTenant(ctx)) ?? DEFAULTS);
}

/** PUT /api/v1/config/settings: a full replacement; missing keys are stored as null. */
export function putSettings(ctx: Ctx): Reply {
  const body = jsonBody<Partial<SystemSettings>>(ctx, BODY);
  if (!isAdmin(session(ctx))) haltText(403, "Admin access required");
  const stored: SystemSettings = {
    allow_public_signup: body.allow_public_signup ?? null,
    default_warehouse_bucket: body.default_warehouse_bucket ?? null,
    default_retention_days: body.default_retention_days ?? null,
    smtp_host: body.smtp_host ?? null,
    smtp_port: body.smtp_port ?? null,
    smtp_user: body.smtp_user ?? null,
    smtp_password: body.smtp_password ?? null,
  };
  savedSettings(ctx.store).set(sessionTenant(ctx), stored);
  return json(200, stored);
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "GET /api/v1/config/settings": getSettings,
  "PUT /api/v1/config/settings": putSettings,
};
