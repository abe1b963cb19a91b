/**
 * Merge operations and conflicts (pangolin-api.md 5.13). None of these routes checks role or
 * tenant (only the listing is scoped, by the effective tenant); every error is flat JSON.
 */
import { type ApiClient, collect, type Paging } from "./client.ts";

/** A row of the per-catalog listing: a summary, with `+00:00` timestamps. */
export interface MergeOperationSummary {
  id: string;
  status: string;
  source_branch: string;
  target_branch: string;
  conflicts_count: number;
  initiated_at: string;
  completed_at: string | null;
}

/** The full MergeOperation (snake_case). */
export interface MergeOperation {
  id: string;
  tenant_id: string;
  catalog_name: string;
  source_branch: string;
  target_branch: string;
  base_commit_id: string | null;
  status: string;
  conflicts: string[];
  initiated_by: string;
  initiated_at: string;
  completed_at: string | null;
  result_commit_id: string | null;
}

/** A conflict's resolution, once resolved. */
export interface ConflictResolution {
  conflict_id: string;
  strategy: string;
  resolved_value: unknown;
  resolved_by: string;
  resolved_at: string;
}

/** MergeConflict; `conflict_type` is externally tagged: `{"SchemaChange": {...}}`. */
export interface MergeConflict {
  id: string;
  merge_operation_id: string;
  conflict_type: Record<string, unknown> | string;
  asset_id: string | null;
  description: string;
  resolution: ConflictResolution | null;
  created_at: string;
}

/** The resolution strategies, spelled as the server wants them (PascalCase). */
export const STRATEGIES = [
  "AutoMerge",
  "TakeSource",
  "TakeTarget",
  "Manual",
  "ThreeWayMerge",
] as const;
/** A resolution strategy. */
export type Strategy = typeof STRATEGIES[number];

function opPath(id: string, tail = ""): string {
  return `/api/v1/merge-operations/${encodeURIComponent(id)}${tail}`;
}

/** GET /api/v1/catalogs/{catalog}/merge-operations (there is no list of every catalog's). */
export function mergeOperationPages(
  api: ApiClient,
  catalog: string,
  paging?: Paging,
): AsyncGenerator<MergeOperationSummary[]> {
  return api.pages(
    "list merge operations",
    `/api/v1/catalogs/${encodeURIComponent(catalog)}/merge-operations`,
    paging,
  );
}

/** GET /api/v1/merge-operations/{id}. */
export function getMergeOperation(api: ApiClient, id: string): Promise<MergeOperation> {
  return api.call("get merge operation", "GET", opPath(id), { shape: ["id", "status"] });
}

/** GET /api/v1/merge-operations/{id}/conflicts: an unknown operation gives `[]`, not 404. */
export function conflictPages(
  api: ApiClient,
  mergeId: string,
  paging?: Paging,
): AsyncGenerator<MergeConflict[]> {
  return api.pages("list conflicts", opPath(mergeId, "/conflicts"), paging);
}

/** Every conflict of conflictPages in one array. */
export function listConflicts(
  api: ApiClient,
  mergeId: string,
  paging?: Paging,
): Promise<MergeConflict[]> {
  return collect(conflictPages(api, mergeId, paging));
}

/** Every merge operation of mergeOperationPages in one array. */
export function listMergeOperations(
  api: ApiClient,
  catalog: string,
  paging?: Paging,
): Promise<MergeOperationSummary[]> {
  return collect(mergeOperationPages(api, catalog, paging));
}

/**
 * POST /api/v1/conflicts/{id}/resolve. The body is strict: only `strategy` and `resolved_value`
 * (the resolver and the time come from the session). The in-memory backend answers 500.
 */
export function resolveConflict(
  api: ApiClient,
  conflictId: string,
  body: { strategy: Strategy; resolved_value?: unknown },
): Promise<{ status?: string; conflict_id?: string }> {
  return api.call(
    "resolve conflict",
    "POST",
    `/api/v1/conflicts/${encodeURIComponent(conflictId)}/resolve`,
    { json: body },
  );
}

/** POST /api/v1/merge-operations/{id}/complete: merges TARGET into SOURCE (api.md 7.4 #36). */
export function completeMerge(
  api: ApiClient,
  id: string,
): Promise<{ status: string; operation_id?: string; commit_id?: string }> {
  return api.call("complete merge operation", "POST", opPath(id, "/complete"), {
    shape: ["status"],
  });
}

/** POST /api/v1/merge-operations/{id}/abort: an unknown id answers 500, not 404. */
export function abortMerge(
  api: ApiClient,
  id: string,
): Promise<{ status: string; operation_id?: string }> {
  return api.call("abort merge operation", "POST", opPath(id, "/abort"), { shape: ["status"] });
}
