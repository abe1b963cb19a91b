import { buildCommand } from "@stricli/core";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";

/** `token-report` (being written). */
export const tokenReportCommand = buildCommand({
  docs: {
    brief: "Not available yet",
    fullDescription: "Example:\n  pangolin-admin token-report",
  },
  parameters: {},
  func: function (this: Context): void {
    throw new CommandFailure("token-report is not available yet");
  },
});
