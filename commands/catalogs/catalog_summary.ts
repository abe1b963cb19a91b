import { defineCommand } from "../../lib/command.ts";
import { type CatalogSummary, catalogSummary } from "../../lib/api/catalogs.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError } from "../../lib/errors.ts";
import { fields, note, printJson } from "../../lib/output.ts";
import { resolveByName } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { nameParameter, roleOf } from "./shared.ts";

/** `catalog-summary`: counts of a catalog's namespaces and branches. */
export const catalogSummaryCommand = defineCommand({
  docs: {
    brief: "Show a catalog's namespace and branch counts",
    fullDescription: [
      "The server reads the summary in the session's own tenant: root always gets the default",
      "tenant here, whatever 'use' or --tenant say. Its table count is always 0.",
      "",
      "Example:",
      "  pangolin-admin catalog-summary sales",
    ].join("\n"),
  },
  parameters: {
    positional: { kind: "tuple", parameters: [nameParameter("Catalog name")] },
  },
  func: async function (this: Context, _flags: Record<never, never>, input: string) {
    const { session, api } = await connect(this);
    const { name } = await resolveByName(api, session, "catalog", input);
    const root = roleOf(session) === "root";
    if (root) {
      // GET /api/v1/catalogs/{name}/summary uses the session tenant, never X-Pangolin-Tenant.
      note(
        this,
        "Note: the server reads summaries in root's own tenant, so this is the default " +
          "tenant's catalog (use and --tenant do not apply here).",
      );
    }
    let summary: CatalogSummary;
    try {
      summary = await catalogSummary(api, name);
    } catch (err) {
      if (root && err instanceof ApiError && err.status === 404) {
        throw new ApiError(err.what, 404, err.serverMessage, {
          ...err.options,
          hint: "root sees only the default tenant's catalogs here; log in as a user of the " +
            "catalog's tenant",
        });
      }
      throw err;
    }
    if (summary.table_count === 0) {
      note(this, "Note: the server does not count tables; its table count is always 0.");
    }
    if (this.globals.json) {
      printJson(this, summary);
      return;
    }
    fields(this, [
      ["Name", summary.name],
      ["Namespaces", String(summary.namespace_count)],
      ["Branches", String(summary.branch_count)],
      ["Tables", String(summary.table_count)],
      ["Storage Location", summary.storage_location ?? "-"],
    ]);
  },
});
