import type { HelpGroup as Group } from "../../lib/help.ts";

/** Merge operations. */
export const group: Group = {
  title: "Merge operations",
  commands: {},
};
