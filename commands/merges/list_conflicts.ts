import { defineCommand } from "../../lib/command.ts";
import { conflictPages, type MergeConflict } from "../../lib/api/merges.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf, uuidFlag } from "../../lib/flags.ts";
import { type Column, table } from "../../lib/output.ts";
import { printListing } from "../../lib/listing.ts";
import { connect } from "../../lib/session.ts";
import { conflictAsset, conflictKind } from "./shared.ts";

interface Flags extends PagingFlags {
  mergeId: string;
}

/** `list-conflicts`: the conflicts of a merge operation. */
export const listConflictsCommand = defineCommand({
  docs: {
    brief: "List the conflicts of a merge operation",
    fullDescription: [
      "The type column is the conflict type's name (SchemaChange, DataOverlap,",
      "MetadataConflict, DeletionConflict); --json shows its details. The server answers an",
      "empty list, not 404, for an unknown merge operation.",
      "",
      "Example:",
      "  pangolin-admin list-conflicts --merge-id 1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b",
    ].join("\n"),
  },
  parameters: {
    flags: { mergeId: uuidFlag("Merge operation id (UUID)"), ...pagingFlags },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const paging = pagingOf(flags);
    const { api } = await connect(this);
    const columns: Column<MergeConflict>[] = [
      { header: "ID", kind: "id", cell: (c) => c.id },
      { header: "Type", cell: conflictKind },
      { header: "Asset", cell: conflictAsset },
      { header: "Resolution", cell: (c) => c.resolution?.strategy ?? "unresolved" },
      { header: "Created At", kind: "time", cell: (c) => c.created_at },
      { header: "Description", cell: (c) => c.description ?? "-" },
    ];
    await printListing(this, conflictPages(api, flags.mergeId, paging), {
      table: (rows) => table(this, rows, columns),
      empty: `No conflicts found for merge operation ${flags.mergeId}`,
    });
  },
});
