/** Asset details (pangolin-api.md 5.10.5): a nested shape, looked up in the session tenant. */
import { ApiError } from "../errors.ts";
import { maskSecrets } from "../secrets.ts";
import type { ApiClient } from "./client.ts";
import type { BusinessMetadata } from "./metadata.ts";

/** The asset part of the details. */
export interface Asset {
  id: string;
  name: string;
  kind: string;
  location: string;
  properties: Record<string, unknown>;
}

/** GET /api/v1/assets/{id}: `{asset, metadata, catalog, namespace}`. */
export interface AssetDetails {
  asset: Asset;
  metadata: BusinessMetadata | null;
  /** The catalog's name. */
  catalog: string;
  namespace: string[];
}

/**
 * GET /api/v1/assets/{id}: non-admins need the asset to be discoverable or `read` on its
 * catalog (403 `Access denied`); an asset outside the session tenant is 404. The asset's
 * location and properties are returned verbatim (a DB_CONN_STRING asset may hold a password),
 * so secrets in them are masked here.
 */
export async function getAsset(api: ApiClient, id: string): Promise<AssetDetails> {
  const reply = await api.call<AssetDetails>(
    "get asset",
    "GET",
    `/api/v1/assets/${encodeURIComponent(id)}`,
    { shape: ["catalog"] },
  );
  if (typeof reply.asset?.id !== "string" || !Array.isArray(reply.namespace)) {
    throw new ApiError("get asset", 200, "the reply is JSON but lacks the asset or namespace", {
      unexpected: true,
    });
  }
  return { ...reply, asset: maskSecrets(reply.asset, api.options.showSecrets) };
}
