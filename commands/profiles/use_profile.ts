import { defineCommand } from "../../lib/command.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { DEFAULT_PROFILE_KEY } from "../../lib/session.ts";
import { parseNonEmpty } from "../../lib/validate.ts";

/** `use-profile`: the profile later runs use when neither -p nor PANGOLIN_PROFILE names one. */
export const useProfileCommand = defineCommand({
  docs: {
    brief: "Make a saved profile the default for later runs",
    fullDescription: [
      "Saves the choice in the config file. -p/--profile and PANGOLIN_PROFILE still win over it.",
      "The profile must exist (log in with -p NAME first); 'default' always may be chosen.",
      "",
      "Examples:",
      "  pangolin-admin use-profile acme",
      "  pangolin-admin use-profile default",
    ].join("\n"),
  },
  parameters: {
    positional: {
      kind: "tuple",
      parameters: [{ brief: "Profile name", parse: parseNonEmpty, placeholder: "profile" }],
    },
  },
  func: async function (this: Context, _flags: Record<never, never>, name: string): Promise<void> {
    let known: string[] = [];
    await this.config.update((config) => {
      known = Object.keys(config.profiles).sort();
      if (!(name in config.profiles) && name !== "default") {
        throw new CommandFailure(
          `No profile named '${name}' in ${this.config.path}` +
            (known.length > 0 ? ` (saved: ${known.join(", ")}).` : " (none saved)."),
          5,
          `log in to create it: pangolin-admin login -p ${name} --url <url> -u <name>`,
        );
      }
      // 'default' is what runs use anyway: choosing it clears the key.
      if (name === "default") delete config[DEFAULT_PROFILE_KEY];
      else config[DEFAULT_PROFILE_KEY] = name;
    });
    if (this.globals.json) printJson(this, { default_profile: name });
    else say(this, `✅ Default profile is now '${name}'`);
    if (this.env.PANGOLIN_PROFILE && this.env.PANGOLIN_PROFILE !== name) {
      note(
        this,
        `Note: PANGOLIN_PROFILE=${this.env.PANGOLIN_PROFILE} is set and wins over it in this ` +
          "environment.",
      );
    }
  },
});
