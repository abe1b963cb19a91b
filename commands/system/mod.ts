import type { HelpGroup as Group } from "../../lib/help.ts";

/** System settings. */
export const group: Group = {
  title: "System settings",
  commands: {},
};
