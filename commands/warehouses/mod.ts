import type { HelpGroup as Group } from "../../lib/help.ts";

/** Warehouses. */
export const group: Group = {
  title: "Warehouses",
  commands: {},
};
