import type { StaticGroup as Group } from "../../lib/help.ts";
import { listProfilesCommand } from "./list_profiles.ts";
import { removeProfileCommand } from "./remove_profile.ts";
import { useProfileCommand } from "./use_profile.ts";

/** Saved profiles: which server, user and tenant each is, and which one runs use. */
export const group: Group = {
  title: "Profiles",
  commands: {
    "list-profiles": listProfilesCommand,
    "use-profile": useProfileCommand,
    "remove-profile": removeProfileCommand,
  },
};
