import { buildCommand } from "@stricli/core";
import { deleteFederatedCatalog } from "../../lib/api/federated.ts";
import type { Context } from "../../lib/context.ts";
import { yesFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { confirmOnTerminal, nameParameter, refuseEarlyWithoutYes } from "../catalogs/shared.ts";
import { explainFederated } from "./shared.ts";

/** `delete-federated-catalog`: removes a federated catalog (its remote is untouched). */
export const deleteFederatedCatalogCommand = buildCommand({
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
  func: async function (this: Context, flags: { yes?: boolean }, name: string): Promise<void> {
    const question = `Delete federated catalog ${name}?`;
    await refuseEarlyWithoutYes(this, question, flags.yes);
    const { api } = await connect(this);
    await confirmOnTerminal(this, question, flags.yes);
    try {
      await deleteFederatedCatalog(api, name);
    } catch (err) {
      throw explainFederated(err, name);
    }
    if (this.globals.json) {
      printJson(this, { deleted: name });
      return;
    }
    say(this, `✅ Federated catalog ${name} deleted`);
  },
});
