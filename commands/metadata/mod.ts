import type { HelpGroup as Group } from "../../lib/help.ts";

/** Metadata and access requests. */
export const group: Group = {
  title: "Metadata and access requests",
  commands: {},
};
