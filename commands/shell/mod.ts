import type { StaticGroup as Group } from "../../lib/help.ts";
import { completionsCommand } from "./completions.ts";

/** Shell integration. */
export const group: Group = {
  title: "Shell",
  commands: {
    "completions": completionsCommand,
  },
};
