/** Bulk asset delete and name validation (pangolin-api.md 5.14.4, 5.14.5); session tenant. */
import { ApiError } from "../errors.ts";
import type { ApiClient } from "./client.ts";

/** The server refuses more ids than this in one request. */
export const BULK_DELETE_MAX = 100;

/** The answer of a bulk delete: per-asset failures are listed, not an HTTP error. */
export interface BulkDeleteResult {
  succeeded: number;
  failed: number;
  errors: string[];
}

/** POST /api/v1/bulk/assets/delete (at most 100 ids; any authenticated caller). */
export async function bulkDeleteAssets(
  api: ApiClient,
  ids: readonly string[],
): Promise<BulkDeleteResult> {
  const what = "delete assets";
  const reply = await api.call<Partial<BulkDeleteResult>>(
    what,
    "POST",
    "/api/v1/bulk/assets/delete",
    {
      json: { asset_ids: ids },
    },
  );
  if (typeof reply.succeeded !== "number" || typeof reply.failed !== "number") {
    throw new ApiError(what, 200, "the reply lacks the succeeded and failed counts", {
      unexpected: true,
    });
  }
  return {
    succeeded: reply.succeeded,
    failed: reply.failed,
    errors: Array.isArray(reply.errors) ? reply.errors.map(String) : [],
  };
}

/** One name's verdict. */
export interface NameCheck {
  name: string;
  available: boolean;
  reason: string | null;
}

/** POST /api/v1/validate/names: whether catalog or warehouse names are free. */
export async function validateNames(
  api: ApiClient,
  resourceType: "catalog" | "warehouse",
  names: readonly string[],
): Promise<NameCheck[]> {
  const what = "validate names";
  const reply = await api.call<{ results?: unknown }>(what, "POST", "/api/v1/validate/names", {
    json: { resource_type: resourceType, names },
  });
  if (!Array.isArray(reply.results)) {
    throw new ApiError(what, 200, "the reply is JSON but has no results list", {
      unexpected: true,
    });
  }
  return reply.results as NameCheck[];
}
