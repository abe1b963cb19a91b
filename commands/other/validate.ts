import { buildCommand } from "@stricli/core";
import { type NameCheck, validateNames } from "../../lib/api/bulk.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure, UsageError } from "../../lib/errors.ts";
import { type Column, printJson, say, table } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { noteRootSessionTenant } from "./shared.ts";

const TYPES = ["catalog", "warehouse"] as const;

/** `validate`: whether catalog or warehouse names are still free. */
export const validateCommand = buildCommand({
  docs: {
    brief: "Check whether catalog or warehouse names are available",
    fullDescription: [
      "Checks the names in the session's tenant (root: the default tenant). Exits 1 when any",
      "name is taken, so a script can test before creating.",
      "",
      "Examples:",
      "  pangolin-admin validate catalog sales analytics",
      "  pangolin-admin validate warehouse s3-main",
    ].join("\n"),
  },
  parameters: {
    positional: {
      kind: "array",
      parameter: {
        brief: "catalog or warehouse, then the names to check",
        parse: String,
        placeholder: "catalog|warehouse name",
      },
    },
  },
  func: async function (
    this: Context,
    _flags: Record<never, never>,
    ...args: string[]
  ): Promise<void> {
    const [kind, ...names] = args;
    const type = TYPES.find((t) => t === kind?.toLowerCase());
    if (!type) {
      throw new UsageError(
        `validate takes 'catalog' or 'warehouse' first${kind ? `, not '${kind}'` : ""}`,
      );
    }
    if (names.length === 0 || names.some((n) => n.trim() === "")) {
      throw new UsageError(`validate ${type} needs one or more non-empty names`);
    }
    const { session, api } = await connect(this);
    noteRootSessionTenant(this, session, "names are checked in");
    const results = await validateNames(api, type, names);
    const taken = results.filter((r) => !r.available);
    if (this.globals.json) printJson(this, results);
    const columns: Column<NameCheck>[] = [
      { header: "Name", cell: (r) => r.name },
      { header: "Available", cell: (r) => (r.available ? "yes" : "no") },
      { header: "Reason", cell: (r) => r.reason ?? "-" },
    ];
    say(this, table(this, results, columns));
    if (taken.length > 0) {
      throw new CommandFailure(
        `${taken.length} of ${results.length} ${type} names are not available.`,
      );
    }
  },
});
