import type { StaticGroup as Group } from "../../lib/help.ts";
import { abortMergeCommand } from "./abort_merge.ts";
import { completeMergeCommand } from "./complete_merge.ts";
import { getMergeOperationCommand } from "./get_merge_operation.ts";
import { listConflictsCommand } from "./list_conflicts.ts";
import { listMergeOperationsCommand } from "./list_merge_operations.ts";
import { resolveConflictCommand } from "./resolve_conflict.ts";

/** Merge operations. */
export const group: Group = {
  title: "Merge operations",
  commands: {
    "list-merge-operations": listMergeOperationsCommand,
    "get-merge-operation": getMergeOperationCommand,
    "list-conflicts": listConflictsCommand,
    "resolve-conflict": resolveConflictCommand,
    "complete-merge": completeMergeCommand,
    "abort-merge": abortMergeCommand,
  },
};
