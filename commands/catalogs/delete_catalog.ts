import { defineCommand } from "../../lib/command.ts";
import { deleteCatalog, getCatalog } from "../../lib/api/catalogs.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError, CommandFailure } from "../../lib/errors.ts";
import { yesFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { label, resolveByName } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { confirmOnTerminal, nameParameter, refuseEarlyWithoutYes } from "./shared.ts";

/** `delete-catalog`: removes a catalog and everything in it. */
export const deleteCatalogCommand = defineCommand({
  docs: {
    brief: "Delete a catalog and everything in it",
    fullDescription: [
      "Deletes the catalog with its namespaces, tables, branches and tags. Asks to confirm on",
      "a terminal; without one, --yes is required. The server answers a missing catalog with",
      "500, so the catalog is looked up first: a missing one is a plain not-found (exit 5).",
      "",
      "Example:",
      "  pangolin-admin delete-catalog sales --yes",
    ].join("\n"),
  },
  parameters: {
    positional: { kind: "tuple", parameters: [nameParameter("Catalog name")] },
    flags: { yes: yesFlag },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: { yes?: boolean }, input: string): Promise<void> {
    await refuseEarlyWithoutYes(this, question(input), flags.yes);
    const { session, api } = await connect(this);
    const ref = await resolveByName(api, session, "catalog", input);
    const name = ref.name;
    try {
      ref.id ??= (await getCatalog(api, name)).id;
    } catch (err) {
      // DELETE /api/v1/catalogs/{name} answers 500, not 404, for a missing catalog (7.4 #28).
      if (err instanceof ApiError && err.status === 404) {
        throw new CommandFailure(
          `Catalog '${name}' not found; nothing was deleted.`,
          5,
          "check the name with pangolin-admin list-catalogs (names are case-sensitive)",
        );
      }
      throw err;
    }
    await confirmOnTerminal(this, question(label(ref)), flags.yes);
    await deleteCatalog(api, name);
    if (this.globals.json) {
      printJson(this, { deleted: name });
      return;
    }
    say(this, `✅ Catalog ${label(ref)} deleted`);
  },
});

function question(catalog: string): string {
  return `Delete catalog ${catalog} with its namespaces, tables, branches and tags?`;
}
