import { defineCommand } from "../../lib/command.ts";
import { resolveConflict, type Strategy } from "../../lib/api/merges.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError } from "../../lib/errors.ts";
import { uuidFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { parseStrategy } from "./shared.ts";

interface Flags {
  mergeId: string;
  conflictId: string;
  resolution: Strategy;
  resolvedValue?: { json: unknown };
}

function parseJsonValue(input: string): { json: unknown } {
  try {
    return { json: JSON.parse(input) };
  } catch {
    throw new SyntaxError(`'${input}' is not JSON (a string needs quotes: '"text"')`);
  }
}

const MEMORY_BACKEND_HINT = "this server keeps merge state in its in-memory store, which " +
  "cannot store conflict resolutions; resolve on a server with a SQL or Mongo backend, or " +
  "abort the merge (abort-merge)";

/** `resolve-conflict`: records how one conflict of a merge is resolved. */
export const resolveConflictCommand = defineCommand({
  docs: {
    brief: "Resolve a merge conflict",
    fullDescription: [
      "--resolution takes AutoMerge, TakeSource, TakeTarget, Manual or ThreeWayMerge in any",
      "case, and the old use-source and use-target. --resolved-value (JSON) is sent with the",
      "strategy, e.g. for Manual. The server's in-memory backend cannot store resolutions and",
      "answers 500. Once every conflict is resolved, the merge operation becomes Ready.",
      "",
      "Examples:",
      "  pangolin-admin resolve-conflict --merge-id 1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b " +
      "--conflict-id 2a3b4c5d-6e7f-4081-9a2b-3c4d5e6f7a8b --resolution TakeSource",
      "  pangolin-admin resolve-conflict --merge-id 1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b " +
      "--conflict-id 2a3b4c5d-6e7f-4081-9a2b-3c4d5e6f7a8b --resolution manual " +
      `--resolved-value '{"keep": "source"}'`,
    ].join("\n"),
  },
  parameters: {
    flags: {
      mergeId: uuidFlag("Merge operation id (UUID)"),
      conflictId: uuidFlag("Conflict id (UUID)"),
      resolution: {
        kind: "parsed",
        parse: parseStrategy,
        brief: "AutoMerge, TakeSource, TakeTarget, Manual, ThreeWayMerge (or use-source, ...)",
        placeholder: "strategy",
      },
      resolvedValue: {
        kind: "parsed",
        parse: parseJsonValue,
        optional: true,
        brief: "The resolved value, as JSON",
        placeholder: "json",
      },
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { api } = await connect(this);
    // The body is strict: only these two keys (resolver and time come from the session).
    const body: { strategy: Strategy; resolved_value?: unknown } = { strategy: flags.resolution };
    if (flags.resolvedValue !== undefined) body.resolved_value = flags.resolvedValue.json;
    let reply: Awaited<ReturnType<typeof resolveConflict>>;
    try {
      reply = await resolveConflict(api, flags.conflictId, body);
    } catch (err) {
      if (err instanceof ApiError && err.status === 500 && /not supported/i.test(err.message)) {
        throw new ApiError(err.what, err.status, err.serverMessage, {
          ...err.options,
          hint: MEMORY_BACKEND_HINT,
        });
      }
      throw err;
    }
    if (this.globals.json) {
      printJson(this, reply);
      return;
    }
    say(
      this,
      `✅ Conflict ${flags.conflictId} of merge operation ${flags.mergeId} resolved ` +
        `(${flags.resolution})`,
    );
  },
});
