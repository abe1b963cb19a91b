import type { StaticGroup as Group } from "../../lib/help.ts";
import { getSystemSettingsCommand } from "./get_system_settings.ts";
import { updateSystemSettingsCommand } from "./update_system_settings.ts";

/** System settings. */
export const group: Group = {
  title: "System settings",
  commands: {
    "get-system-settings": getSystemSettingsCommand,
    "update-system-settings": updateSystemSettingsCommand,
  },
};
