import type { StaticGroup as Group } from "../../lib/help.ts";
import { bulkDeleteCommand } from "./bulk_delete.ts";
import { searchCommand } from "./search.ts";
import { statsCommand } from "./stats.ts";
import { validateCommand } from "./validate.ts";

/** Dashboard, search, bulk delete and name validation. */
export const group: Group = {
  title: "Other",
  commands: {
    stats: statsCommand,
    search: searchCommand,
    "bulk-delete": bulkDeleteCommand,
    validate: validateCommand,
  },
};
