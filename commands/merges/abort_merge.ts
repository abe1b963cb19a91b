import { defineCommand } from "../../lib/command.ts";
import { abortMerge, getMergeOperation } from "../../lib/api/merges.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, uuidFlag, yesFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { notFoundFrom500 } from "./shared.ts";

/** `abort-merge`: abandons a merge operation. */
export const abortMergeCommand = defineCommand({
  docs: {
    brief: "Abort a merge operation",
    fullDescription: [
      "The server aborts from any state, a Completed operation included. Asks to confirm on a",
      "terminal; without one, --yes is required. An unknown id is reported as not found (exit 5)",
      "although the server answers 500.",
      "",
      "Example:",
      "  pangolin-admin abort-merge --id 1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b --yes",
    ].join("\n"),
  },
  parameters: {
    flags: { id: uuidFlag("Merge operation id (UUID)"), yes: yesFlag },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: { id: string; yes?: boolean }): Promise<void> {
    const { api } = await connect(this);
    let question = `Abort merge operation ${flags.id}?`;
    if (!flags.yes && this.prompter.interactive) {
      // Only when someone is asked: name what is being aborted (a real 404 comes from here).
      const op = await getMergeOperation(api, flags.id);
      question = `Abort merge operation ${flags.id} (${op.source_branch} into ` +
        `${op.target_branch} in catalog ${op.catalog_name}, status ${op.status})?`;
    }
    if (!(await confirmOrRequireYes(this, question, flags.yes))) {
      throw new CommandFailure("Nothing was aborted (not confirmed).", 1);
    }
    let reply: Awaited<ReturnType<typeof abortMerge>>;
    try {
      reply = await abortMerge(api, flags.id);
    } catch (err) {
      throw notFoundFrom500(err, flags.id);
    }
    if (this.globals.json) {
      printJson(this, reply);
      return;
    }
    say(this, `✅ Merge operation ${flags.id} aborted`);
  },
});
