import type { HelpGroup as Group } from "../../lib/help.ts";

/** Tenants. */
export const group: Group = {
  title: "Tenants",
  commands: {},
};
