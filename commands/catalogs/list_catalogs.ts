import { defineCommand } from "../../lib/command.ts";
import { FLAGS, run } from "./list_catalogs_run.ts";

/** `list-catalogs`: the catalogs of the current tenant the caller may see. */
export const listCatalogsCommand = defineCommand({
  docs: {
    brief: "List catalogs",
    fullDescription: [
      "Tenant users see only catalogs they hold a direct permission on.",
      "",
      "Example:",
      "  pangolin-admin list-catalogs",
    ].join("\n"),
  },
  parameters: { flags: FLAGS },
  func: run,
});
