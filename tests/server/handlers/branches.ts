// Branch creation and the branch merge of the Pangolin test double: how a real server gets
// merge operations. A merge without conflicts is `Completed` at once; its reply carries a
// `completed_at` that the stored record (and so every later read) does not.

import type { Handler } from "../context.ts";
import { effectiveTenant, isAdmin } from "../auth.ts";
import { jsonBody, session } from "../context.ts";
import type { Ctx } from "../context.ts";
import { haltJson, haltText, json } from "../replies.ts";
import type { Reply } from "../replies.ts";
import { S } from "../serde_json.ts";
import { timestampZ } from "../state.ts";
import { randomUuid } from "../uuid.ts";
import { recordAudit } from "./audit.ts";
import { grantsOf, implies } from "./governance.ts";
import { mergeState } from "./merges.ts";
import type { MergeOperation } from "./merges.ts";
import { explorable } from "./other.ts";

const BRANCH_BODY = S.struct("CreateBranchRequest", [
  { name: "name", schema: S.string },
  // The variants are not known from the API reference; values are kept as sent.
  { name: "branch_type", schema: S.option(S.any) },
  { name: "catalog", schema: S.string },
  { name: "from_branch", schema: S.option(S.string) },
  { name: "assets", schema: S.option(S.seq(S.string)) },
]);

const MERGE_BODY = S.struct("MergeBranchRequest", [
  { name: "source_branch", schema: S.string },
  { name: "target_branch", schema: S.string },
  { name: "catalog", schema: S.string },
]);

/** POST /api/v1/branches: admins, or a grant implying `create`; plain-text errors. */
export function createBranch(ctx: Ctx): Reply {
  const body = jsonBody<{
    name: string;
    branch_type?: unknown;
    catalog: string;
    from_branch?: string | null;
    assets?: string[] | null;
  }>(ctx, BRANCH_BODY);
  const s = session(ctx);
  const tenant = effectiveTenant(s);
  const catalog = ctx.store.catalogs.find((c) => c.tenantId === tenant && c.name === body.catalog);
  if (!catalog) haltText(404, "Catalog not found");
  const may = isAdmin(s) || grantsOf(ctx.store, s.userId).some((g) =>
    (g.scope.type === "tenant" ||
      (g.scope.type === "catalog" && g.scope.catalog_id === catalog.id)) &&
    g.actions.some((a) => implies(a, "create"))
  );
  if (!may) haltText(403, "Forbidden");
  explorable(ctx.store).branches.push({ tenantId: tenant, catalog: catalog.name, name: body.name });
  recordAudit(ctx.store, {
    tenant_id: tenant,
    user_id: s.userId,
    username: s.username,
    action: "create_branch",
    resource_type: "branch",
    resource_name: `${catalog.name}/${body.name}`,
  });
  return json(201, {
    name: body.name,
    head_commit_id: null,
    branch_type: body.branch_type ?? "experimental",
    assets: body.assets ?? [],
  });
}

/**
 * POST /api/v1/branches/merge: anyone. A missing branch is a 500 in flat JSON, and the
 * operation is still recorded, as `Aborted`.
 */
export function mergeBranches(ctx: Ctx): Reply {
  const body = jsonBody<{ source_branch: string; target_branch: string; catalog: string }>(
    ctx,
    MERGE_BODY,
  );
  const s = session(ctx);
  const tenant = effectiveTenant(s);
  const branches = explorable(ctx.store).branches.filter((b) =>
    b.tenantId === tenant && b.catalog === body.catalog
  );
  const now = Date.now();
  const op: MergeOperation = {
    id: randomUuid(),
    tenant_id: tenant,
    catalog_name: body.catalog,
    source_branch: body.source_branch,
    target_branch: body.target_branch,
    base_commit_id: null,
    status: "Completed",
    conflicts: [],
    initiated_by: s.userId,
    initiated_at: timestampZ(now, 9),
    completed_at: null,
    result_commit_id: randomUuid(),
  };
  mergeState(ctx.store).operations.push(op);
  for (const [which, name] of [["Source", body.source_branch], ["Target", body.target_branch]]) {
    if (!branches.some((b) => b.name === name)) {
      op.status = "Aborted";
      op.result_commit_id = null;
      haltJson(500, `${which} branch '${name}' not found`);
    }
  }
  recordAudit(ctx.store, {
    tenant_id: tenant,
    user_id: s.userId,
    username: s.username,
    action: "merge_branch",
    resource_type: "branch",
    resource_name: `${body.catalog}/${body.source_branch}->${body.target_branch}`,
  });
  return json(200, { ...op, completed_at: timestampZ(now, 9) });
}

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {
  "POST /api/v1/branches": createBranch,
  "POST /api/v1/branches/merge": mergeBranches,
};
