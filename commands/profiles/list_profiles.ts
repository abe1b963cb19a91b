import { defineCommand } from "../../lib/command.ts";
import type { Context } from "../../lib/context.ts";
import { formatDuration } from "../../lib/duration.ts";
import { type Column, formatDate, printJson, say, table } from "../../lib/output.ts";
import { profileName } from "../../lib/session.ts";
import { type ProfileRow, profileRow } from "./shared.ts";

interface Flags {
  names?: boolean;
}

/** `list-profiles`: the saved profiles, the one this run uses marked; never a token. */
export const listProfilesCommand = defineCommand({
  docs: {
    brief: "List the saved profiles: server, user, tenant, session expiry",
    fullDescription: [
      "Reads the config file; sends nothing. `*` marks the profile a command uses when no -p",
      "is given (PANGOLIN_PROFILE, else the one set by use-profile, else 'default'). Tokens are",
      "never shown. --names prints only the names, one a line (what shell completion reads).",
      "",
      "Examples:",
      "  pangolin-admin list-profiles",
      "  pangolin-admin list-profiles --json",
    ].join("\n"),
  },
  parameters: {
    flags: {
      names: { kind: "boolean", optional: true, brief: "Only the names, one a line" },
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const config = await this.config.read();
    // The mark is for runs without -p: the flag names this run's profile, not the default.
    const withoutFlag = { globals: { json: false }, env: this.env, config: this.config };
    const { name: current } = await profileName(withoutFlag, config);
    const now = this.now();
    const rows = Object.entries(config.profiles)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, p]) => profileRow(name, p, name === current, now));
    if (flags.names) {
      // A shell takes each line as one word: a name with spaces or control characters is
      // left out rather than split or sent to a terminal raw.
      for (const r of rows) if (/^[^\s\p{C}]+$/u.test(r.name)) say(this, r.name);
      return;
    }
    if (this.globals.json) {
      printJson(this, rows);
      return;
    }
    if (rows.length === 0) {
      say(this, "No profiles saved yet; log in first: pangolin-admin login --url <url> -u <name>");
      return;
    }
    const columns: Column<ProfileRow>[] = [
      { header: "", cell: (r) => r.default ? "*" : "" },
      { header: "Profile", cell: (r) => r.name },
      { header: "Server", cell: (r) => r.url ?? "-" },
      { header: "User", cell: (r) => r.username ?? "-" },
      {
        header: "Tenant",
        cell: (r) => r.tenant_name ?? r.tenant_id ?? "-",
      },
      { header: "Session", cell: (r) => sessionCell(r, now) },
    ];
    say(this, table(this, rows, columns));
  },
});

/** When the session ends, or why there is none. */
function sessionCell(r: ProfileRow, now: Date): string {
  if (r.expires_at === null) return r.token_id ? "no expiry" : "logged out";
  const left = Date.parse(r.expires_at) - now.getTime();
  if (Number.isNaN(left)) return r.expires_at;
  if (left <= 0) return `expired ${formatDate(r.expires_at)}`;
  return `until ${formatDate(r.expires_at)} (in ${formatDuration(left)})`;
}
