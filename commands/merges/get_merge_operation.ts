import { defineCommand } from "../../lib/command.ts";
import { getMergeOperation } from "../../lib/api/merges.ts";
import type { Context } from "../../lib/context.ts";
import { uuidFlag } from "../../lib/flags.ts";
import { fields, formatDate, printJson } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";

/** `get-merge-operation`: one merge operation in full. */
export const getMergeOperationCommand = defineCommand({
  docs: {
    brief: "Show a merge operation",
    fullDescription:
      "Example:\n  pangolin-admin get-merge-operation --id 1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b",
  },
  parameters: { flags: { id: uuidFlag("Merge operation id (UUID)") } },
  func: async function (this: Context, flags: { id: string }): Promise<void> {
    const { api } = await connect(this);
    const op = await getMergeOperation(api, flags.id);
    if (this.globals.json) {
      printJson(this, op);
      return;
    }
    fields(this, [
      ["ID", op.id],
      ["Catalog", op.catalog_name],
      ["Source Branch", op.source_branch],
      ["Target Branch", op.target_branch],
      ["Status", op.status],
      ["Conflicts", String(op.conflicts?.length ?? 0)],
      ["Base Commit", op.base_commit_id ?? "-"],
      ["Initiated By", op.initiated_by],
      ["Initiated At", formatDate(op.initiated_at)],
      ["Completed At", formatDate(op.completed_at)],
      ["Result Commit", op.result_commit_id ?? "-"],
      ["Tenant", op.tenant_id],
    ]);
  },
});
