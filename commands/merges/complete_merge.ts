import { defineCommand } from "../../lib/command.ts";
import { completeMerge, getMergeOperation } from "../../lib/api/merges.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError } from "../../lib/errors.ts";
import { uuidFlag } from "../../lib/flags.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";

/** `complete-merge`: finishes a merge operation whose conflicts are resolved. */
export const completeMergeCommand = defineCommand({
  docs: {
    brief: "Complete a merge operation",
    fullDescription: [
      "Allowed when the operation is Ready, or Pending with no conflicts. Caution: the server",
      "completes the merge in the reverse direction, merging the TARGET branch into the SOURCE",
      "branch (the opposite of how the merge was started); the branches are named on stderr.",
      "",
      "Example:",
      "  pangolin-admin complete-merge --id 1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b",
    ].join("\n"),
  },
  parameters: { flags: { id: uuidFlag("Merge operation id (UUID)") } },
  func: async function (this: Context, flags: { id: string }): Promise<void> {
    const { api } = await connect(this);
    const op = await getMergeOperation(api, flags.id);
    // POST .../complete swaps source and target (api.md 7.4 #36): say which way it goes.
    note(
      this,
      `Note: the server merges target branch '${op.target_branch}' into source branch ` +
        `'${op.source_branch}' (catalog ${op.catalog_name}), the reverse of how the merge was ` +
        "started.",
    );
    let reply: Awaited<ReturnType<typeof completeMerge>>;
    try {
      reply = await completeMerge(api, flags.id);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        throw new ApiError(err.what, err.status, err.serverMessage, {
          ...err.options,
          hint: `see the conflicts with: pangolin-admin list-conflicts --merge-id ${flags.id}`,
        });
      }
      throw err;
    }
    if (this.globals.json) {
      printJson(this, reply);
      return;
    }
    const commit = reply.commit_id ? ` (commit ${reply.commit_id})` : "";
    say(this, `✅ Merge operation ${flags.id} completed${commit}`);
  },
});
