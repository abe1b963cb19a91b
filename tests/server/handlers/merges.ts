// Merge-operation routes of the Pangolin test double (spec 5.13). No role or tenant checks
// (only the per-catalog listing is scoped, by the effective tenant); every error is flat JSON.
// Quirks kept: the listing returns summaries with `+00:00` timestamps, conflicts of an unknown
// operation are `[]`, resolving always answers 500 on the in-memory backend (the `sql` backend
// option resolves), and aborting an unknown id answers 500. Operations live beside the Store.

import type { Handler } from "../context.ts";
import { effectiveTenant } from "../auth.ts";
import { jsonBody, pagination, pathUuid, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { haltJson, json } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import { SEED } from "../seed.ts";
import { paginate, timestampZ } from "../state.ts";
import type { Store } from "../state.ts";
import { randomUuid } from "../uuid.ts";

/** A MergeOperation (snake_case), with its tenant. */
export interface MergeOperation {
  id: string;
  tenant_id: string;
  catalog_name: string;
  source_branch: string;
  target_branch: string;
  base_commit_id: string | null;
  status: "Pending" | "Conflicted" | "Resolving" | "Ready" | "Completed" | "Aborted";
  conflicts: string[];
  initiated_by: string;
  initiated_at: string;
  completed_at: string | null;
  result_commit_id: string | null;
}

/** A MergeConflict; `conflict_type` is externally tagged. */
export interface MergeConflict {
  id: string;
  merge_operation_id: string;
  conflict_type: Record<string, unknown>;
  asset_id: string | null;
  description: string;
  resolution: Record<string, unknown> | null;
  created_at: string;
}

/** Seeded ids: in acme's `sales` catalog, M1 is Conflicted (C1, C2), M2 Pending with no
 * conflicts, M3 Completed. */
export const MERGE_SEED = {
  M1: "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b",
  M2: "2f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b",
  M3: "3f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b",
  C1: "2a3b4c5d-6e7f-4081-9a2b-3c4d5e6f7a8b",
  C2: "3a3b4c5d-6e7f-4081-9a2b-3c4d5e6f7a8b",
};

const STRATEGIES = ["AutoMerge", "TakeSource", "TakeTarget", "Manual", "ThreeWayMerge"];

const RESOLVE_BODY = S.struct("ResolveConflictRequest", [
  { name: "strategy", schema: S.enumOf(STRATEGIES) },
  { name: "resolved_value", schema: S.option(S.any) },
]);

interface MergeState {
  operations: MergeOperation[];
  conflicts: Map<string, MergeConflict>;
}

function seed(): MergeState {
  const op = (
    id: string,
    source: string,
    status: MergeOperation["status"],
    conflicts: string[],
    minute: string,
  ): MergeOperation => ({
    id,
    tenant_id: SEED.tenantId,
    catalog_name: "sales",
    source_branch: source,
    target_branch: "main",
    base_commit_id: null,
    status,
    conflicts,
    initiated_by: SEED.tenantAdmin.id,
    initiated_at: `2026-03-01T11:${minute}:00.100200300Z`,
    completed_at: status === "Completed" ? `2026-03-01T11:${minute}:30.000000000Z` : null,
    result_commit_id: status === "Completed" ? "9c8b7a6d-5e4f-4321-8765-4321fedcba98" : null,
  });
  const conflict = (id: string, type: Record<string, unknown>, description: string) => ({
    id,
    merge_operation_id: MERGE_SEED.M1,
    conflict_type: type,
    asset_id: null,
    description,
    resolution: null,
    created_at: "2026-03-01T11:00:00.200300400Z",
  });
  return {
    operations: [
      op(MERGE_SEED.M1, "dev", "Conflicted", [MERGE_SEED.C1, MERGE_SEED.C2], "00"),
      op(MERGE_SEED.M2, "feature", "Pending", [], "10"),
      op(MERGE_SEED.M3, "hotfix", "Completed", [], "20"),
    ],
    conflicts: new Map([
      [
        MERGE_SEED.C1,
        conflict(MERGE_SEED.C1, {
          SchemaChange: { asset_name: "orders", source_schema: {}, target_schema: {} },
        }, "Schema differs between branches"),
      ],
      [
        MERGE_SEED.C2,
        conflict(MERGE_SEED.C2, {
          DataOverlap: { asset_name: "customers", overlapping_partitions: ["2026-02"] },
        }, "Both branches wrote the same partition"),
      ],
    ]),
  };
}

const STATE = new WeakMap<Store, MergeState>();

/** The merge operations and conflicts of a store (seeded on first use). */
export function mergeState(store: Store): MergeState {
  let state = STATE.get(store);
  if (!state) {
    state = seed();
    STATE.set(store, state);
  }
  return state;
}

function offsetStyle(ts: string | null): string | null {
  return ts === null ? null : ts.replace(/Z$/, "+00:00");
}

/** GET /api/v1/catalogs/{name}/merge-operations: summaries, effective tenant, paged. */
export function listMergeOperations(ctx: Ctx): Reply {
  const q = pagination(ctx);
  const tenant = effectiveTenant(session(ctx));
  const rows = mergeState(ctx.store).operations.filter((o) =>
    o.tenant_id === tenant && o.catalog_name === ctx.params.name
  );
  return json(
    200,
    paginate(rows, q).map((o) => ({
      id: o.id,
      status: o.status,
      source_branch: o.source_branch,
      target_branch: o.target_branch,
      conflicts_count: o.conflicts.length,
      initiated_at: offsetStyle(o.initiated_at),
      completed_at: offsetStyle(o.completed_at),
    })),
  );
}

/** GET /api/v1/merge-operations/{id}: any tenant's, by id. */
export function getMergeOperation(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const op = mergeState(ctx.store).operations.find((o) => o.id === id);
  if (!op) haltJson(404, "Merge operation not found");
  return json(200, op);
}

/** GET /api/v1/merge-operations/{id}/conflicts: `[]` for an unknown operation. */
export function listConflicts(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const q = pagination(ctx);
  const rows = [...mergeState(ctx.store).conflicts.values()].filter((c) =>
    c.merge_operation_id === id
  );
  return json(200, paginate(rows, q));
}

/** POST /api/v1/conflicts/{id}/resolve: strict body; unsupported by the in-memory backend. */
export function resolveConflict(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const body = jsonBody<{ strategy: string; resolved_value?: unknown }>(ctx, RESOLVE_BODY);
  const s = session(ctx);
  if (ctx.cfg.backend === "memory") haltJson(500, "Operation not supported by this store");
  const state = mergeState(ctx.store);
  const conflict = state.conflicts.get(id);
  if (!conflict) haltJson(500, "Conflict not found");
  conflict.resolution = {
    conflict_id: id,
    strategy: body.strategy,
    resolved_value: body.resolved_value ?? null,
    resolved_by: s.userId,
    resolved_at: timestampZ(Date.now(), 9),
  };
  const op = state.operations.find((o) => o.id === conflict.merge_operation_id);
  if (op && op.conflicts.every((c) => state.conflicts.get(c)?.resolution)) op.status = "Ready";
  return json(200, { status: "resolved", conflict_id: id });
}

/** POST /api/v1/merge-operations/{id}/complete: Ready, or Pending without conflicts. */
export function completeMerge(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const op = mergeState(ctx.store).operations.find((o) => o.id === id);
  if (!op) haltJson(404, "Merge operation not found");
  const ready = op.status === "Ready" || (op.status === "Pending" && op.conflicts.length === 0);
  if (!ready) haltJson(400, "Cannot complete merge: conflicts not resolved or operation not ready");
  // The real server merges target into source here (the reverse of branches/merge).
  const commit = randomUuid();
  op.status = "Completed";
  op.completed_at = timestampZ(Date.now(), 9);
  op.result_commit_id = commit;
  return json(200, { status: "completed", operation_id: id, commit_id: commit });
}

/** POST /api/v1/merge-operations/{id}/abort: any state; an unknown id is a 500. */
export function abortMerge(ctx: Ctx): Reply {
  const id = pathUuid(ctx, "id");
  const op = mergeState(ctx.store).operations.find((o) => o.id === id);
  if (!op) haltJson(500, "Merge operation not found");
  op.status = "Aborted";
  return json(200, { status: "aborted", operation_id: id });
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "GET /api/v1/catalogs/{name}/merge-operations": listMergeOperations,
  "GET /api/v1/merge-operations/{id}": getMergeOperation,
  "GET /api/v1/merge-operations/{id}/conflicts": listConflicts,
  "POST /api/v1/conflicts/{id}/resolve": resolveConflict,
  "POST /api/v1/merge-operations/{id}/complete": completeMerge,
  "POST /api/v1/merge-operations/{id}/abort": abortMerge,
};
