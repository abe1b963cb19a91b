// Tenant routes of the Pangolin test double (spec 5.4). The error family changes between
// routes: list and get answer flat JSON, create/update/delete answer plain text.

import type { Handler } from "../context.ts";
import { jsonBody, pagination, pathUuid, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { empty, haltJson, haltText, json } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import { paginate, sortBy } from "../state.ts";
import type { Tenant } from "../state.ts";
import { randomUuid } from "../uuid.ts";

const CREATE_BODY = S.struct("CreateTenantRequest", [
  { name: "name", schema: S.string },
  { name: "properties", schema: S.option(S.map(S.string)) },
]);

const UPDATE_BODY = S.struct("UpdateTenantRequest", [
  { name: "name", schema: S.option(S.string) },
  { name: "properties", schema: S.option(S.map(S.string)) },
]);

function tenantResponse(t: Tenant): Record<string, unknown> {
  return { id: t.id, name: t.name, properties: t.properties };
}

/** GET /api/v1/tenants: root only; the 403 is flat JSON. */
export function listTenants(ctx: Ctx): Reply {
  const q = pagination(ctx);
  if (session(ctx).role !== "root") haltJson(403, "Only Root can list tenants");
  const rows = sortBy([...ctx.store.tenants.values()], (t) => t.name);
  return json(200, paginate(rows, q).map(tenantResponse));
}

/** POST /api/v1/tenants: strict `{name, properties}`; the 403 is plain text. */
export function createTenant(ctx: Ctx): Reply {
  const body = jsonBody<{ name: string; properties?: Record<string, string> | null }>(
    ctx,
    CREATE_BODY,
  );
  if (session(ctx).role !== "root") haltText(403, "Only Root can create tenants");
  const t: Tenant = { id: randomUuid(), name: body.name, properties: body.properties ?? {} };
  ctx.store.tenants.set(t.id, t);
  return json(201, tenantResponse(t));
}

/** GET /api/v1/tenants/{id}: root or a member of that tenant (session tenant). */
export function getTenant(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const s = session(ctx);
  if (s.role !== "root" && s.tenantId !== id) haltJson(403, "Forbidden");
  const t = ctx.store.tenants.get(id);
  if (!t) haltJson(404, "Tenant not found");
  return json(200, tenantResponse(t));
}

/** PUT /api/v1/tenants/{id}: properties are merged, never removed. */
export function updateTenant(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const body = jsonBody<{ name?: string | null; properties?: Record<string, string> | null }>(
    ctx,
    UPDATE_BODY,
  );
  if (session(ctx).role !== "root") haltText(403, "Only Root can update tenants");
  const t = ctx.store.tenants.get(id);
  if (!t) haltText(404, "Tenant not found");
  if (body.name != null) t.name = body.name;
  if (body.properties != null) Object.assign(t.properties, body.properties);
  return json(200, tenantResponse(t));
}

/** DELETE /api/v1/tenants/{id}: cascades to everything in the tenant (nil tenant too). */
export function deleteTenant(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  if (session(ctx).role !== "root") haltText(403, "Only Root can delete tenants");
  if (!ctx.store.tenants.has(id)) haltText(404, "Tenant not found");
  ctx.store.deleteTenant(id);
  return empty(204);
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "GET /api/v1/tenants": listTenants,
  "POST /api/v1/tenants": createTenant,
  "GET /api/v1/tenants/{id}": getTenant,
  "PUT /api/v1/tenants/{id}": updateTenant,
  "DELETE /api/v1/tenants/{id}": deleteTenant,
};
