// Business metadata, asset and access-request routes of the Pangolin test double (spec 5.10).
// Metadata records and access requests live in this module's own state, keyed by the Store;
// the assets are the ones ./other.ts keeps for search and bulk delete. Kebab-case records,
// plain-text (T) errors; these routes use the SESSION tenant (root: the nil tenant).

import type { Handler } from "../context.ts";
import { isAdmin } from "../auth.ts";
import type { Session } from "../auth.ts";
import { jsonBody, pagination, pathUuid, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { empty, haltText, json } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import { paginate, sortBy, timestampZ } from "../state.ts";
import type { Store } from "../state.ts";
import { NIL_UUID, randomUuid } from "../uuid.ts";
import { grantsOf, implies } from "./governance.ts";
import { ASSET_SEED } from "./asset_seed.ts";
import { explorable } from "./other.ts";

/** An asset as these routes see it (the assets themselves live in ./other.ts). */
export interface Asset {
  id: string;
  tenantId: string;
  catalogId: string;
  catalogName: string;
  namespace: string[];
  name: string;
  kind: string;
  location: string;
  properties: Record<string, string>;
}

/** A business-metadata record. */
export interface MetadataRecord {
  id: string;
  assetId: string;
  description: string | null;
  tags: string[];
  properties: unknown;
  discoverable: boolean;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** An access request. */
export interface AccessRequest {
  id: string;
  tenantId: string;
  userId: string;
  assetId: string;
  reason: string | null;
  requestedAt: string;
  status: "pending" | "approved" | "rejected";
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
}

/** This module's state for one Store. */
export interface MetadataState {
  /** Metadata records by asset id. */
  metadata: Map<string, MetadataRecord>;
  requests: Map<string, AccessRequest>;
}

/** Seeded assets (from ./other.ts): `orders` in sales, `churn_model` in marketing. */
export const SEED_ASSETS = {
  orders: { id: ASSET_SEED.orders, catalog: "sales", namespace: ["analytics", "sales"] },
  churnModel: { id: ASSET_SEED.churnModel, catalog: "marketing", namespace: ["ml"] },
};

const extra = new WeakMap<Store, MetadataState>();

/** The metadata records and access requests of a store (created empty on first use). */
export function metadataOf(store: Store): MetadataState {
  let state = extra.get(store);
  if (!state) {
    state = { metadata: new Map(), requests: new Map() };
    extra.set(store, state);
  }
  return state;
}

/**
 * The asset with this id in any tenant, from the assets ./other.ts keeps (so a bulk delete
 * there is seen here), with its catalog's id.
 */
export function findAsset(store: Store, id: string): Asset | undefined {
  const a = explorable(store).assets.find((x) => x.id === id);
  if (!a) return undefined;
  const catalog = store.catalogs.find((c) => c.tenantId === a.tenantId && c.name === a.catalog);
  return {
    id: a.id,
    tenantId: a.tenantId,
    catalogId: catalog?.id ?? "",
    catalogName: a.catalog,
    namespace: a.namespace,
    name: a.name,
    kind: a.kind,
    location: a.location ?? `s3://lake/${a.catalog}/${a.namespace.join("/")}/${a.name}`,
    properties: a.properties ?? {},
  };
}

function sessionTenant(s: Session): string {
  return s.tenantId ?? NIL_UUID;
}

function metadataJson(m: MetadataRecord): Record<string, unknown> {
  return {
    id: m.id,
    "asset-id": m.assetId,
    description: m.description,
    tags: m.tags,
    properties: m.properties,
    discoverable: m.discoverable,
    "created-by": m.createdBy,
    "created-at": m.createdAt,
    "updated-by": m.updatedBy,
    "updated-at": m.updatedAt,
  };
}

function requestJson(r: AccessRequest): Record<string, unknown> {
  return {
    id: r.id,
    "tenant-id": r.tenantId,
    "user-id": r.userId,
    "asset-id": r.assetId,
    reason: r.reason,
    "requested-at": r.requestedAt,
    status: r.status,
    "reviewed-by": r.reviewedBy,
    "reviewed-at": r.reviewedAt,
    "review-comment": r.reviewComment,
  };
}

/** The asset with this id in the caller's session tenant, or 404 `Asset not found`. */
function assetInSessionTenant(ctx: Ctx, id: string): Asset {
  const asset = findAsset(ctx.store, id);
  if (!asset || asset.tenantId !== sessionTenant(session(ctx))) haltText(404, "Asset not found");
  return asset;
}

type Level = "catalog" | "asset";

/**
 * Whether a scope covers an asset. At the catalog level (what the server asks for discovery
 * and asset reads) only tenant and catalog scopes count.
 */
function covers(store: Store, scope: Record<string, string>, asset: Asset, level: Level) {
  switch (scope.type) {
    case "tenant":
      return true;
    case "catalog":
      return scope.catalog_id === asset.catalogId;
  }
  if (level === "catalog") return false;
  const ns = asset.namespace.join(".");
  switch (scope.type) {
    case "namespace":
      return scope.catalog_id === asset.catalogId &&
        (ns === scope.namespace || ns.startsWith(`${scope.namespace}.`));
    case "asset":
      return scope.asset_id === asset.id;
    case "tag":
      return metadataOf(store).metadata.get(asset.id)?.tags.includes(scope.tag_name) ?? false;
  }
  return false;
}

/** The server's check: admins pass; tenant users need a covering grant (role or direct). */
function allowed(ctx: Ctx, asset: Asset, action: string, level: Level): boolean {
  const s = session(ctx);
  if (isAdmin(s)) return true;
  return grantsOf(ctx.store, s.userId).some((g) =>
    covers(ctx.store, g.scope, asset, level) && g.actions.some((a) => implies(a, action))
  );
}

const METADATA_BODY = S.struct("AddMetadataRequest", [
  { name: "description", schema: S.option(S.string) },
  { name: "tags", schema: S.seq(S.string) },
  { name: "properties", schema: S.any },
  { name: "discoverable", schema: S.bool },
]);

// Access-request bodies are lenient: unknown keys (such as `id`) are ignored.
const REQUEST_BODY = S.struct("CreateAccessRequest", [
  { name: "reason", schema: S.option(S.string) },
], false);

const REVIEW_BODY = S.struct("UpdateRequestStatus", [
  { name: "status", schema: S.enumOf(["pending", "approved", "rejected"]) },
  { name: "comment", schema: S.option(S.string) },
], false);

/**
 * POST /api/v1/assets/{id}/metadata: replaces the whole record (new id, created-* reset),
 * 200. Only `discoverable: true` is checked (asset in the session tenant, manage-discovery on
 * its catalog); otherwise the asset need not exist.
 */
export function setMetadata(ctx: Ctx): Reply {
  const assetId = pathUuid(ctx, "id");
  const body = jsonBody<{
    description?: string | null;
    tags: string[];
    properties: unknown;
    discoverable: boolean;
  }>(ctx, METADATA_BODY);
  const s = session(ctx);
  if (body.discoverable) {
    const asset = assetInSessionTenant(ctx, assetId);
    if (!allowed(ctx, asset, "manage-discovery", "catalog")) {
      haltText(403, "Missing MANAGE_DISCOVERY permission on this catalog");
    }
  }
  const now = timestampZ(Date.now(), 9);
  const record: MetadataRecord = {
    id: randomUuid(),
    assetId,
    description: body.description ?? null,
    tags: body.tags,
    properties: body.properties,
    discoverable: body.discoverable,
    createdBy: s.userId,
    createdAt: now,
    updatedBy: s.userId,
    updatedAt: now,
  };
  metadataOf(ctx.store).metadata.set(assetId, record);
  return json(200, { metadata: metadataJson(record) });
}

/** GET /api/v1/assets/{id}/metadata and /api/v1/business-metadata/{id}: anyone. */
export function getMetadata(ctx: Ctx): Reply {
  const assetId = pathUuid(ctx, "id");
  const record = metadataOf(ctx.store).metadata.get(assetId);
  if (!record) haltText(404, "Metadata not found");
  return json(200, { metadata: metadataJson(record) });
}

/** DELETE /api/v1/assets/{id}/metadata (and the alias): admins or `delete` on the asset. */
export function deleteMetadata(ctx: Ctx): Reply {
  const assetId = pathUuid(ctx, "id");
  const asset = assetInSessionTenant(ctx, assetId);
  if (!allowed(ctx, asset, "delete", "asset")) haltText(403, "Forbidden");
  metadataOf(ctx.store).metadata.delete(assetId);
  return empty(204);
}

/** GET /api/v1/assets/{id}: discoverable, or `read` on the asset's catalog, for non-admins. */
export function getAsset(ctx: Ctx): Reply {
  const assetId = pathUuid(ctx, "id");
  const asset = assetInSessionTenant(ctx, assetId);
  const meta = metadataOf(ctx.store).metadata.get(assetId) ?? null;
  if (!meta?.discoverable && !allowed(ctx, asset, "read", "catalog")) {
    haltText(403, "Access denied");
  }
  return json(200, {
    asset: {
      id: asset.id,
      name: asset.name,
      kind: asset.kind,
      location: asset.location,
      properties: asset.properties,
    },
    metadata: meta ? metadataJson(meta) : null,
    catalog: asset.catalogName,
    namespace: asset.namespace,
  });
}

/** POST /api/v1/assets/{id}/access-requests: anyone; the asset is not checked; 201. */
export function createAccessRequest(ctx: Ctx): Reply {
  const assetId = pathUuid(ctx, "id");
  const body = jsonBody<{ reason?: string | null }>(ctx, REQUEST_BODY);
  const s = session(ctx);
  const request: AccessRequest = {
    id: randomUuid(),
    tenantId: sessionTenant(s),
    userId: s.userId,
    assetId,
    reason: body.reason ?? null,
    requestedAt: timestampZ(Date.now(), 9),
    status: "pending",
    reviewedBy: null,
    reviewedAt: null,
    reviewComment: null,
  };
  metadataOf(ctx.store).requests.set(request.id, request);
  return json(201, requestJson(request));
}

/**
 * GET /api/v1/access-requests: the session tenant's requests by id. limit/offset are applied
 * BEFORE a non-admin's "own requests only" filter, so their pages can be short or empty.
 */
export function listAccessRequests(ctx: Ctx): Reply {
  const q = pagination(ctx);
  const s = session(ctx);
  const tenant = sessionTenant(s);
  const all = [...metadataOf(ctx.store).requests.values()].filter((r) => r.tenantId === tenant);
  let page = paginate(sortBy(all, (r) => r.id), q);
  if (!isAdmin(s)) page = page.filter((r) => r.userId === s.userId);
  return json(200, page.map(requestJson));
}

/** GET /api/v1/access-requests/{id}: admins (any tenant) or the requester. */
export function getAccessRequest(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const s = session(ctx);
  const request = metadataOf(ctx.store).requests.get(id);
  if (!request) haltText(404, "Request not found");
  if (!isAdmin(s) && request.userId !== s.userId) haltText(403, "Access denied");
  return json(200, requestJson(request));
}

/**
 * PUT /api/v1/access-requests/{id}: admins, no tenant check. Lowercase `approved`/`rejected`
 * only (`Approved` is a 422, `pending` a 400). Approval grants the requester a direct `read`
 * on the asset when the asset can be found.
 */
export function reviewAccessRequest(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const body = jsonBody<{ status: AccessRequest["status"]; comment?: string | null }>(
    ctx,
    REVIEW_BODY,
  );
  const s = session(ctx);
  if (!isAdmin(s)) haltText(403, "Only admins can review requests");
  if (body.status === "pending") haltText(400, "Cannot set status back to pending");
  const state = metadataOf(ctx.store);
  const request = state.requests.get(id);
  if (!request) haltText(404, "Request not found");
  const now = timestampZ(Date.now(), 9);
  request.status = body.status;
  request.reviewedBy = s.userId;
  request.reviewedAt = now;
  request.reviewComment = body.comment ?? null;
  const asset = findAsset(ctx.store, request.assetId);
  if (body.status === "approved" && asset) {
    ctx.store.permissions.push({
      id: randomUuid(),
      userId: request.userId,
      tenantId: request.tenantId,
      scope: {
        type: "asset",
        catalog_id: asset.catalogId,
        namespace: asset.namespace.join("."),
        asset_id: asset.id,
      },
      actions: ["read"],
      grantedBy: s.userId,
      grantedAt: now,
    });
  }
  return json(200, requestJson(request));
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "POST /api/v1/assets/{id}/metadata": setMetadata,
  "GET /api/v1/assets/{id}/metadata": getMetadata,
  "DELETE /api/v1/assets/{id}/metadata": deleteMetadata,
  "GET /api/v1/business-metadata/{id}": getMetadata,
  "DELETE /api/v1/business-metadata/{id}": deleteMetadata,
  "GET /api/v1/assets/{id}": getAsset,
  "POST /api/v1/assets/{id}/access-requests": createAccessRequest,
  "GET /api/v1/access-requests": listAccessRequests,
  "GET /api/v1/access-requests/{id}": getAccessRequest,
  "PUT /api/v1/access-requests/{id}": reviewAccessRequest,
};
