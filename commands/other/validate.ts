import { defineCommand } from "../../lib/command.ts";
import { type NameCheck, validateNames } from "../../lib/api/bulk.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { listWarehouses } from "../../lib/api/warehouses.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure, UsageError } from "../../lib/errors.ts";
import { type Column, note, printJson, say, table } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { noteRootSessionTenant } from "./shared.ts";

const TYPES = ["catalog", "warehouse"] as const;

/** `validate`: whether catalog or warehouse names are still free. */
export const validateCommand = defineCommand({
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
    let results = await validateNames(api, type, names);
    if (type === "warehouse") results = await byListing(this, api, results);
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

/**
 * The real server answers a warehouse name from the same stale lookup as GET
 * /api/v1/warehouses/{name}: a name renamed away (or deleted after a rename) stays "taken"
 * although create-warehouse would succeed. The listing decides; a correction is noted.
 */
async function byListing(
  ctx: Context,
  api: ApiClient,
  results: NameCheck[],
): Promise<NameCheck[]> {
  const present = new Set((await listWarehouses(api)).map((w) => w.name));
  return results.map((r) => {
    const taken = present.has(r.name);
    if (taken === !r.available) return r;
    note(
      ctx,
      `Note: the server reports warehouse name '${r.name}' as ${
        r.available ? "available" : "taken"
      }, but its warehouse listing ${taken ? "has" : "has no"} warehouse of that name; the ` +
        "listing is what counts.",
    );
    return { name: r.name, available: !taken, reason: taken ? "Warehouse already exists" : null };
  });
}
