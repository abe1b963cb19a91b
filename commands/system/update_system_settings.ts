import { defineCommand } from "../../lib/command.ts";
import {
  getSystemSettings,
  putSystemSettings,
  type SystemSettings,
} from "../../lib/api/settings.ts";
import type { Context } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { intParser, parseBool } from "../../lib/validate.ts";
import { masked, noteRootTenant, printSettings } from "./shared.ts";

interface Flags {
  allowPublicSignup?: boolean;
  defaultWarehouseBucket?: string;
  defaultRetentionDays?: number;
}

/** `update-system-settings`: changes only the given settings, keeping the others. */
export const updateSystemSettingsCommand = defineCommand({
  docs: {
    brief: "Update system settings (admin)",
    fullDescription: [
      "The server's PUT replaces the whole settings object (a setting left out becomes null),",
      "so this reads the current settings, changes only what the flags say, and writes them",
      "all back. Root changes the default tenant's settings, whatever --tenant says. An empty",
      "--default-warehouse-bucket '' clears the bucket. Two admins updating at the same moment",
      "can overwrite each other's change.",
      "",
      "Examples:",
      "  pangolin-admin update-system-settings --default-retention-days 90",
      "  pangolin-admin update-system-settings --allow-public-signup false",
    ].join("\n"),
  },
  parameters: {
    flags: {
      allowPublicSignup: {
        kind: "parsed",
        parse: parseBool,
        optional: true,
        brief: "true or false",
        placeholder: "true|false",
      },
      defaultWarehouseBucket: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "Default warehouse bucket ('' clears it)",
        placeholder: "bucket",
      },
      defaultRetentionDays: {
        kind: "parsed",
        parse: intParser(0, 2_147_483_647),
        optional: true,
        brief: "Default retention in days",
        placeholder: "days",
      },
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const changes: SystemSettings = {};
    if (flags.allowPublicSignup !== undefined) {
      changes.allow_public_signup = flags.allowPublicSignup;
    }
    if (flags.defaultWarehouseBucket !== undefined) {
      const bucket = flags.defaultWarehouseBucket.trim();
      changes.default_warehouse_bucket = bucket === "" ? null : bucket;
    }
    if (flags.defaultRetentionDays !== undefined) {
      changes.default_retention_days = flags.defaultRetentionDays;
    }
    if (Object.keys(changes).length === 0) {
      throw new UsageError(
        "Nothing to update: pass --allow-public-signup, --default-warehouse-bucket or " +
          "--default-retention-days",
      );
    }
    const { session, api } = await connect(this);
    // PUT /api/v1/config/settings replaces everything: send back what is there, changed.
    const current = await getSystemSettings(api);
    const stored = await putSystemSettings(api, { ...current, ...changes });
    noteRootTenant(this, session);
    if (this.globals.json) {
      printJson(this, masked(this, stored));
      return;
    }
    say(this, "✅ System settings updated");
    printSettings(this, stored);
  },
});
