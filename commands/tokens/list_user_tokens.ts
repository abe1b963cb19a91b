import { defineCommand } from "../../lib/command.ts";
import { FLAGS, run } from "./list_user_tokens_run.ts";

/** `list-user-tokens`: an admin lists a user's recorded tokens. */
export const listUserTokensCommand = defineCommand({
  docs: {
    brief: "List a user's tokens (admin)",
    fullDescription: [
      "Lists the tokens the server recorded for a user (created with create-token or by",
      "rotation). Sessions from login are never recorded, so they are not listed.",
      "",
      "Examples:",
      "  pangolin-admin list-user-tokens --user-id alice",
      "  pangolin-admin list-user-tokens --user-id 3f0c2a7e-5b1d-4c8e-9a63-2d7f1e0b4c55",
    ].join("\n"),
  },
  parameters: { flags: FLAGS },
  func: run,
});
