import { defineCommand } from "../../lib/command.ts";
import { completionScript, type Shell, SHELLS } from "../../lib/completions.ts";
import type { Context } from "../../lib/context.ts";
import { printText } from "../../lib/output.ts";

/** `completions`: prints a completion script for bash, zsh or fish. */
export const completionsCommand = defineCommand({
  docs: {
    brief: "Print a shell completion script (bash, zsh or fish)",
    fullDescription: [
      "The script is generated from the command tree, so it completes exactly the commands and",
      "flags of this version.",
      "",
      "Examples:",
      "  source <(pangolin-admin completions bash)",
      '  pangolin-admin completions zsh > "${fpath[1]}/_pangolin-admin"',
      "  pangolin-admin completions fish > ~/.config/fish/completions/pangolin-admin.fish",
    ].join("\n"),
  },
  parameters: {
    positional: {
      kind: "tuple",
      parameters: [{
        brief: "bash, zsh or fish",
        placeholder: "shell",
        parse: (input: string): Shell => {
          if ((SHELLS as readonly string[]).includes(input)) return input as Shell;
          throw new SyntaxError(`'${input}' is not one of ${SHELLS.join(", ")}`);
        },
      }],
    },
  },
  func: async function (this: Context, _flags: Record<never, never>, shell: Shell) {
    // The tree imports this command, so it is loaded when the command runs, not before.
    const { GROUPS } = await import("../tree.ts");
    printText(this, completionScript(shell, GROUPS));
  },
});
