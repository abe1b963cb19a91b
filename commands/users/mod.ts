import type { HelpGroup as Group } from "../../lib/help.ts";

/** Users. */
export const group: Group = {
  title: "Users",
  commands: {},
};
