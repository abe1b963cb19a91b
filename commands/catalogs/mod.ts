import type { HelpGroup as Group } from "../../lib/help.ts";
import { listCatalogsCommand } from "./list_catalogs.ts";

/** Catalogs. */
export const group: Group = {
  title: "Catalogs",
  commands: {
    "list-catalogs": listCatalogsCommand,
  },
};
