import { defineCommand } from "../../lib/command.ts";
import { FLAGS, run } from "./whoami_run.ts";

/** `whoami`: who this run acts as, read from the profile and the token (no request). */
export const whoamiCommand = defineCommand({
  docs: {
    brief: "Show the current session: server, user, role, tenant, token id and expiry",
    fullDescription: [
      "Reads the profile and the token itself; sends nothing, except with --check or under",
      "PANGOLIN_CLIENT_ID + PANGOLIN_API_KEY (the key is exchanged once, to show the role and",
      "expiry the exchanged token carries). Exits 3 when not logged in or when the token has",
      "expired. --explain says which source (flag, environment variable, profile, default)",
      "supplied the URL, the credential and the tenant, never the secret. --min-valid exits 3",
      "when the token expires sooner than the given time, read from the token. --check asks the",
      "server (GET /api/v1/users/me, which any role may call) and exits 3 when it no longer",
      "accepts the session (revoked, signed with another secret). Together they are the cron",
      "renewal test.",
      "",
      "Examples:",
      "  pangolin-admin whoami",
      "  pangolin-admin whoami --explain",
      "  pangolin-admin whoami --min-valid 2h --check || pangolin-admin login -u admin --password-stdin",
    ].join("\n"),
  },
  parameters: { flags: FLAGS },
  func: run,
});
