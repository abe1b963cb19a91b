import { defineCommand } from "../../lib/command.ts";
import { BULK_DELETE_MAX, bulkDeleteAssets } from "../../lib/api/bulk.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, yesFlag } from "../../lib/flags.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { parseUuid } from "../../lib/validate.ts";
import { noteRootSessionTenant } from "./shared.ts";

interface Flags {
  ids: readonly string[];
  confirm?: boolean;
  yes?: boolean;
}

/** Comma-separated UUIDs, every one checked before anything is sent; duplicates dropped. */
function parseIds(input: string): readonly string[] {
  const parts = input.split(/[\s,]+/).filter((s) => s !== "");
  if (parts.length === 0) throw new SyntaxError("no asset ids given");
  const bad = parts.filter((s) => {
    try {
      parseUuid(s);
      return false;
    } catch {
      return true;
    }
  });
  if (bad.length > 0) {
    throw new SyntaxError(`not a UUID: ${bad.map((s) => `'${s}'`).join(", ")}`);
  }
  return [...new Set(parts.map(parseUuid))];
}

/** `bulk-delete`: deletes assets by id, in batches of 100. */
export const bulkDeleteCommand = defineCommand({
  docs: {
    brief: "Delete assets by id",
    fullDescription: [
      "Deletes the assets (tables, views, ...) with the given ids from the session's tenant",
      "(root: the default tenant only). The server checks no permission here: any",
      "authenticated user may bulk-delete. Asks to confirm on a terminal; without one,",
      "--confirm or --yes is required. More than 100 ids are sent in batches of 100. Assets",
      "that could not be deleted are listed on stderr and make the exit code 1.",
      "",
      "Example:",
      "  pangolin-admin bulk-delete --ids " +
      "f0e1d2c3-b4a5-4968-8776-655443322110,0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d --yes",
    ].join("\n"),
  },
  parameters: {
    flags: {
      ids: {
        kind: "parsed",
        parse: parseIds,
        brief: "Comma-separated asset ids (UUIDs)",
        placeholder: "id,id,...",
      },
      confirm: { kind: "boolean", optional: true, brief: "Do not ask for confirmation" },
      yes: yesFlag,
    },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { session, api } = await connect(this);
    const ids = flags.ids;
    const question = `Delete ${ids.length} asset${ids.length === 1 ? "" : "s"}?`;
    if (!(await confirmOrRequireYes(this, question, flags.yes || flags.confirm))) {
      throw new CommandFailure("Nothing was deleted (not confirmed).", 1);
    }
    noteRootSessionTenant(this, session, "bulk-delete reaches");
    const total = { succeeded: 0, failed: 0, errors: [] as string[] };
    for (let i = 0; i < ids.length; i += BULK_DELETE_MAX) {
      try {
        // POST /api/v1/bulk/assets/delete refuses more than 100 ids at once.
        const r = await bulkDeleteAssets(api, ids.slice(i, i + BULK_DELETE_MAX));
        total.succeeded += r.succeeded;
        total.failed += r.failed;
        total.errors.push(...r.errors);
      } catch (err) {
        if (i > 0) {
          note(this, `${total.succeeded} assets were deleted before this failure.`);
        }
        throw err;
      }
    }
    if (this.globals.json) printJson(this, total);
    for (const e of total.errors) note(this, `  ${e}`);
    say(this, `✅ Deleted ${total.succeeded} of ${ids.length} assets`);
    if (total.failed > 0) {
      throw new CommandFailure(`${total.failed} of ${ids.length} assets were not deleted.`);
    }
  },
});
