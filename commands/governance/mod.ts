import type { HelpGroup as Group } from "../../lib/help.ts";

/** Roles and permissions. */
export const group: Group = {
  title: "Roles and permissions",
  commands: {},
};
