import { defineCommand } from "../../lib/command.ts";
import { syncFederatedCatalog } from "../../lib/api/federated.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError } from "../../lib/errors.ts";
import { printJson, say } from "../../lib/output.ts";
import { resolveByName } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { nameParameter } from "../catalogs/shared.ts";
import { requireFederated } from "./shared.ts";

/** `sync-federated-catalog`: asks the server to sync a federated catalog. */
export const syncFederatedCatalogCommand = defineCommand({
  docs: {
    brief: "Trigger a sync of a federated catalog (admin)",
    fullDescription: [
      "Triggers a sync; the server answers once it has started, and get-federated-stats shows",
      "how it went. The server's in-memory store does not implement sync (500 'Operation not",
      "supported by this store'). The catalog is looked up first, so a wrong name is a plain",
      "not-found (exit 5).",
      "",
      "Example:",
      "  pangolin-admin sync-federated-catalog partner",
    ].join("\n"),
  },
  parameters: {
    positional: { kind: "tuple", parameters: [nameParameter("Catalog name")] },
  },
  func: async function (this: Context, _flags: Record<never, never>, input: string) {
    const { session, api } = await connect(this);
    const { name } = await resolveByName(api, session, "catalog", input);
    await requireFederated(api, name, "sync federated catalog");
    let reply: { status: string };
    try {
      reply = await syncFederatedCatalog(api, name);
    } catch (err) {
      if (
        err instanceof ApiError && err.status === 500 && /not supported/i.test(err.serverMessage)
      ) {
        throw new ApiError(err.what, 500, err.serverMessage, {
          ...err.options,
          hint: "this server's store cannot sync federated catalogs (the in-memory store never " +
            "does); queries still reach the remote catalog directly",
        });
      }
      throw err;
    }
    if (this.globals.json) {
      printJson(this, reply);
      return;
    }
    say(this, `✅ Sync of federated catalog ${name} triggered`);
  },
});
