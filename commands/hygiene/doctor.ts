import { buildCommand } from "@stricli/core";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";

/** `doctor` (being written). */
export const doctorCommand = buildCommand({
  docs: {
    brief: "Not available yet",
    fullDescription: "Example:\n  pangolin-admin doctor",
  },
  parameters: {},
  func: function (this: Context): void {
    throw new CommandFailure("doctor is not available yet");
  },
});
