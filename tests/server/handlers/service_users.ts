// Service-user routes of the Pangolin test double (spec 5.5). Two casings: create/rotate
// answer snake_case ApiKeyResponse with the key; list/get answer the kebab-case record with
// `api-key-hash`. Every error is flat JSON.

import type { Handler } from "../context.ts";
import { effectiveTenant, isAdmin } from "../auth.ts";
import { jsonBody, pagination, pathUuid, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { haltJson, json } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import { paginate, ROLES, sortBy, timestampZ } from "../state.ts";
import type { Role, ServiceUser } from "../state.ts";
import { randomUuid } from "../uuid.ts";

const CREATE_BODY = S.struct("CreateServiceUserRequest", [
  { name: "name", schema: S.string },
  { name: "description", schema: S.option(S.string) },
  { name: "role", schema: S.enumOf(ROLES) },
  { name: "expires_in_days", schema: S.option(S.int("i64")) },
]);

const UPDATE_BODY = S.struct("UpdateServiceUserRequest", [
  { name: "name", schema: S.option(S.string) },
  { name: "description", schema: S.option(S.string) },
  { name: "active", schema: S.option(S.bool) },
]);

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BCRYPT_ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomFrom(alphabet: string, n: number): string {
  let out = "";
  const buf = new Uint8Array(1);
  while (out.length < n) {
    crypto.getRandomValues(buf);
    // Rejection sampling keeps the distribution uniform.
    if (buf[0] < 256 - (256 % alphabet.length)) out += alphabet[buf[0] % alphabet.length];
  }
  return out;
}

/** A key in the legacy format the API issues: `pgl_` + 64 alphanumerics, no key id. */
export function newApiKey(): string {
  return `pgl_${randomFrom(ALNUM, 64)}`;
}

/** A bcrypt-shaped string derived from the key (the double does not need real bcrypt). */
export async function fakeBcrypt(key: string): Promise<string> {
  const salt = randomFrom(BCRYPT_ALPHABET, 22);
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(salt + key)),
  );
  let hash = "";
  for (let i = 0; i < 31; i++) hash += BCRYPT_ALPHABET[digest[i] % 64];
  return `$2b$12$${salt}${hash}`;
}

function apiKeyResponse(su: ServiceUser): Record<string, unknown> {
  return {
    id: su.id,
    name: su.name,
    description: su.description,
    tenant_id: su.tenantId,
    role: su.role,
    api_key: su.apiKey,
    created_at: su.createdAt,
    created_by: su.createdBy,
    expires_at: su.expiresAt,
    active: su.active,
  };
}

function record(su: ServiceUser): Record<string, unknown> {
  return {
    id: su.id,
    name: su.name,
    description: su.description,
    "tenant-id": su.tenantId,
    "api-key-hash": su.apiKeyHash,
    role: su.role,
    "created-at": su.createdAt,
    "created-by": su.createdBy,
    "last-used": su.lastUsed,
    "expires-at": su.expiresAt,
    active: su.active,
  };
}

/** POST /api/v1/service-users: admins only, but with no role ceiling (root is allowed). */
export async function createServiceUser(ctx: Ctx): Promise<Reply> {
  const body = jsonBody<{
    name: string;
    description?: string | null;
    role: Role;
    expires_in_days?: number | null;
  }>(ctx, CREATE_BODY);
  const s = session(ctx);
  if (!isAdmin(s)) haltJson(403, "Only admins can create service users");
  const now = Date.now();
  const apiKey = newApiKey();
  // Negative days are accepted and produce an already-expired service user.
  const expiresAtMs = body.expires_in_days == null
    ? null
    : now + body.expires_in_days * 24 * 3600 * 1000;
  const su: ServiceUser = {
    id: randomUuid(),
    name: body.name,
    description: body.description ?? null,
    tenantId: effectiveTenant(s),
    apiKey,
    apiKeyHash: await fakeBcrypt(apiKey),
    role: body.role,
    createdAt: timestampZ(now, 9),
    createdBy: s.userId,
    lastUsed: null,
    expiresAt: expiresAtMs === null ? null : timestampZ(expiresAtMs, 9),
    expiresAtMs,
    active: true,
  };
  ctx.store.serviceUsers.set(su.id, su);
  return json(201, apiKeyResponse(su));
}

/** GET /api/v1/service-users: the effective tenant's service users, by name. */
export function listServiceUsers(ctx: Ctx): Reply {
  const q = pagination(ctx);
  const s = session(ctx);
  if (!isAdmin(s)) haltJson(403, "Only admins can list service users");
  const tenant = effectiveTenant(s);
  const rows = sortBy(
    [...ctx.store.serviceUsers.values()].filter((su) => su.tenantId === tenant),
    (su) => su.name,
  );
  return json(200, paginate(rows, q).map(record));
}

/** GET /api/v1/service-users/{id}: no tenant check. */
export function getServiceUser(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  if (!isAdmin(session(ctx))) haltJson(403, "Only admins can view service users");
  const su = ctx.store.serviceUsers.get(id);
  if (!su) haltJson(404, "Service user not found");
  return json(200, record(su));
}

/** PUT /api/v1/service-users/{id}: an unknown id is a 500, not a 404. */
export function updateServiceUser(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const body = jsonBody<
    { name?: string | null; description?: string | null; active?: boolean | null }
  >(
    ctx,
    UPDATE_BODY,
  );
  if (!isAdmin(session(ctx))) haltJson(403, "Only admins can update service users");
  const su = ctx.store.serviceUsers.get(id);
  if (!su) haltJson(500, "Failed to update service user: Service user not found");
  if (body.name != null) su.name = body.name;
  if (body.description != null) su.description = body.description;
  if (body.active != null) su.active = body.active;
  return json(200, { status: "updated" });
}

/** DELETE /api/v1/service-users/{id}: 200 JSON (not 204), even for unknown ids. */
export function deleteServiceUser(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  if (!isAdmin(session(ctx))) haltJson(403, "Only admins can delete service users");
  ctx.store.serviceUsers.delete(id);
  return json(200, { status: "deleted" });
}

/** POST /api/v1/service-users/{id}/rotate: 200; always 500 with the SQL backend option. */
export async function rotateServiceUser(ctx: Ctx): Promise<Reply> {
  const id = pathUuid(ctx, "id");
  if (!isAdmin(session(ctx))) haltJson(403, "Only admins can rotate API keys");
  const su = ctx.store.serviceUsers.get(id);
  if (!su) haltJson(404, "Service user not found");
  if (ctx.cfg.backend === "sql") {
    // The server saves the rotated record by inserting it again; on SQL that collides with
    // the existing row, so rotation never works there (the old key keeps working).
    haltJson(
      500,
      "Failed to rotate API key: error returned from database: duplicate key value " +
        'violates unique constraint "service_users_pkey"',
    );
  }
  su.apiKey = newApiKey();
  su.apiKeyHash = await fakeBcrypt(su.apiKey);
  return json(200, apiKeyResponse(su));
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "GET /api/v1/service-users": listServiceUsers,
  "POST /api/v1/service-users": createServiceUser,
  "GET /api/v1/service-users/{id}": getServiceUser,
  "PUT /api/v1/service-users/{id}": updateServiceUser,
  "DELETE /api/v1/service-users/{id}": deleteServiceUser,
  "POST /api/v1/service-users/{id}/rotate": rotateServiceUser,
};
