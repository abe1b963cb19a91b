/**
 * Business metadata of assets (pangolin-api.md 5.10.1 to 5.10.3): kebab-case records, always
 * wrapped as `{"metadata": {...}}`; the write body is snake_case single words and strict.
 */
import { ApiError } from "../errors.ts";
import { maskSecrets } from "../secrets.ts";
import type { ApiClient } from "./client.ts";

/** BusinessMetadata (kebab-case). */
export interface BusinessMetadata {
  id: string;
  "asset-id": string;
  description?: string | null;
  tags: string[];
  /** Any JSON value; usually an object of strings. */
  properties: unknown;
  discoverable: boolean;
  "created-by": string;
  "created-at": string;
  "updated-by": string;
  "updated-at": string;
}

/** The server's envelope around a metadata record. */
export interface MetadataEnvelope {
  metadata: BusinessMetadata;
}

/** The write body: the whole record (POST replaces it). */
export interface MetadataRequest {
  description?: string;
  tags: string[];
  properties: unknown;
  discoverable: boolean;
}

function metadataPath(assetId: string): string {
  return `/api/v1/assets/${encodeURIComponent(assetId)}/metadata`;
}

function checkEnvelope(what: string, reply: unknown): MetadataEnvelope {
  const m = (reply as { metadata?: unknown } | null)?.metadata;
  if (typeof m !== "object" || m === null || Array.isArray(m)) {
    throw new ApiError(what, 200, "the reply is JSON but has no metadata object", {
      unexpected: true,
    });
  }
  return reply as MetadataEnvelope;
}

/** The envelope with its secret-named properties masked (unless --show-secrets). */
function masked(api: ApiClient, envelope: MetadataEnvelope): MetadataEnvelope {
  const m = envelope.metadata;
  return { metadata: { ...m, properties: maskSecrets(m.properties, api.options.showSecrets) } };
}

/** GET /api/v1/assets/{id}/metadata (anyone): 404 `Metadata not found` when there is none. */
export async function getMetadata(api: ApiClient, assetId: string): Promise<MetadataEnvelope> {
  return masked(
    api,
    checkEnvelope("get metadata", await api.call("get metadata", "GET", metadataPath(assetId))),
  );
}

/**
 * POST /api/v1/assets/{id}/metadata: 200, replacing the whole record (new id, `created-*`
 * reset). With `discoverable: false` nothing is checked, not even that the asset exists.
 */
export async function setMetadata(
  api: ApiClient,
  assetId: string,
  body: MetadataRequest,
): Promise<MetadataEnvelope> {
  const reply = await api.call("set metadata", "POST", metadataPath(assetId), { json: body });
  return masked(api, checkEnvelope("set metadata", reply));
}

/** DELETE /api/v1/assets/{id}/metadata: 204; the asset must be in the session tenant. */
export function deleteMetadata(api: ApiClient, assetId: string): Promise<void> {
  return api.call("delete metadata", "DELETE", metadataPath(assetId), { expect: "none" });
}
