import { buildCommand } from "@stricli/core";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";

/** `offboard-user` (being written). */
export const offboardUserCommand = buildCommand({
  docs: {
    brief: "Not available yet",
    fullDescription: "Example:\n  pangolin-admin offboard-user",
  },
  parameters: {},
  func: function (this: Context): void {
    throw new CommandFailure("offboard-user is not available yet");
  },
});
