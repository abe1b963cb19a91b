import type { HelpGroup as Group } from "../../lib/help.ts";

/** Audit. */
export const group: Group = {
  title: "Audit",
  commands: {},
};
