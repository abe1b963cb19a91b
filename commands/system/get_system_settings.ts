import { defineCommand } from "../../lib/command.ts";
import { getSystemSettings } from "../../lib/api/settings.ts";
import type { Context } from "../../lib/context.ts";
import { printJson } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { masked, noteRootTenant, printSettings } from "./shared.ts";

/** `get-system-settings`: the tenant's settings, the SMTP password masked. */
export const getSystemSettingsCommand = defineCommand({
  docs: {
    brief: "Show system settings (admin)",
    fullDescription: [
      "Shows the settings of the session's tenant (root: the default tenant's, whatever",
      "--tenant says). The server returns the SMTP password in clear text; it is masked here,",
      "also with --json.",
      "",
      "Example:",
      "  pangolin-admin get-system-settings",
    ].join("\n"),
  },
  parameters: {},
  func: async function (this: Context): Promise<void> {
    const { session, api } = await connect(this);
    const settings = await getSystemSettings(api);
    noteRootTenant(this, session);
    if (this.globals.json) {
      printJson(this, masked(this, settings));
      return;
    }
    printSettings(this, settings);
  },
});
