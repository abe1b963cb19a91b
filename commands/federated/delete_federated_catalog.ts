import { defineCommand } from "../../lib/command.ts";
import { deleteFederatedCatalog } from "../../lib/api/federated.ts";
import type { Context } from "../../lib/context.ts";
import { yesFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { label, resolveByName } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { confirmOnTerminal, nameParameter, refuseEarlyWithoutYes } from "../catalogs/shared.ts";
import { explainFederated } from "./shared.ts";

/** `delete-federated-catalog`: removes a federated catalog (its remote is untouched). */
export const deleteFederatedCatalogCommand = defineCommand({
  docs: {
    brief: "Delete a federated catalog (admin)",
    fullDescription: [
      "Uses the federated route, which refuses a local catalog and reports a missing one as",
      "not found. The remote catalog is not touched. Asks to confirm on a terminal; without",
      "one, --yes is required.",
      "",
      "Example:",
      "  pangolin-admin delete-federated-catalog partner --yes",
    ].join("\n"),
  },
  parameters: {
    positional: { kind: "tuple", parameters: [nameParameter("Catalog name")] },
    flags: { yes: yesFlag },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: { yes?: boolean }, input: string): Promise<void> {
    await refuseEarlyWithoutYes(this, `Delete federated catalog ${input}?`, flags.yes);
    const { session, api } = await connect(this);
    const ref = await resolveByName(api, session, "catalog", input);
    const name = ref.name;
    await confirmOnTerminal(this, `Delete federated catalog ${label(ref)}?`, flags.yes);
    try {
      await deleteFederatedCatalog(api, name);
    } catch (err) {
      throw explainFederated(err, name);
    }
    if (this.globals.json) {
      printJson(this, { deleted: name });
      return;
    }
    say(this, `✅ Federated catalog ${label(ref)} deleted`);
  },
});
