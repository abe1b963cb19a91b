import type { HelpGroup as Group } from "../../lib/help.ts";

/** Other. */
export const group: Group = {
  title: "Other",
  commands: {},
};
