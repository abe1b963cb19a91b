import type { HelpGroup as Group } from "../../lib/help.ts";

/** Federated catalogs. */
export const group: Group = {
  title: "Federated catalogs",
  commands: {},
};
