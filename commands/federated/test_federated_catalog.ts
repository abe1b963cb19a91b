import { defineCommand } from "../../lib/command.ts";
import { redactText } from "../../lib/secrets.ts";
import { type FederatedTestResult, testFederatedCatalog } from "../../lib/api/federated.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError } from "../../lib/errors.ts";
import { printJson, say } from "../../lib/output.ts";
import { resolveByName } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { nameParameter } from "../catalogs/shared.ts";
import { explainFederated } from "./shared.ts";

/** `test-federated-catalog`: can the server reach the remote catalog? */
export const testFederatedCatalogCommand = defineCommand({
  docs: {
    brief: "Test the server's connection to a federated catalog",
    fullDescription: [
      "The server lists the remote catalog's namespaces. A failure (the server's 503) exits 1",
      "with the remote's error.",
      "",
      "Example:",
      "  pangolin-admin test-federated-catalog partner",
    ].join("\n"),
  },
  parameters: {
    positional: { kind: "tuple", parameters: [nameParameter("Catalog name")] },
  },
  func: async function (this: Context, _flags: Record<never, never>, input: string) {
    const { session, api } = await connect(this);
    const { name } = await resolveByName(api, session, "catalog", input);
    let result: FederatedTestResult;
    try {
      result = await testFederatedCatalog(api, name);
    } catch (err) {
      if (err instanceof ApiError && err.status === 503) {
        // The remote's error can quote the catalog's uri, credentials included.
        throw new ApiError(err.what, 503, redactText(err.serverMessage), {
          ...err.options,
          hint: "the server could not reach the remote catalog; check its uri and credentials " +
            "(pangolin-admin list-federated-catalogs)",
        });
      }
      throw explainFederated(err, name);
    }
    if (this.globals.json) {
      printJson(this, result);
      return;
    }
    say(this, `✅ Connection to federated catalog ${name} successful (${result.base_url})`);
  },
});
