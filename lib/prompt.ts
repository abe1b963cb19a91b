/**
 * Questions to the person at the terminal: a hidden password, a line of text, a yes/no.
 * Asked only when stdin and stderr are terminals; the prompt library is loaded only when a
 * prompt is actually shown, so no other run pays for it.
 */
import { CancelledError, UsageError } from "./errors.ts";
import type { Io } from "./context.ts";
import { terminalSafe } from "./output.ts";

/** Asks the person at the terminal. */
export interface Prompter {
  /** True when a person can answer (stdin and stderr are terminals). */
  readonly interactive: boolean;
  password(message: string): Promise<string>;
  input(message: string): Promise<string>;
  confirm(message: string): Promise<boolean>;
}

function cancelled(err: unknown): boolean {
  return err instanceof Error &&
    (err.name === "ExitPromptError" || err.name === "AbortPromptError");
}

async function promptContext() {
  // Prompts draw on stderr so stdout stays clean for data and --json.
  const { default: process } = await import("node:process");
  return { input: process.stdin, output: process.stderr, clearPromptOnDone: false };
}

/**
 * The prompter of a real run (backed by @inquirer, imported lazily). Questions often name
 * what the server called a thing, so each is made terminal-safe before it is drawn.
 */
export function realPrompter(io: Io): Prompter {
  const interactive = io.stdinIsTerminal && io.stderrIsTerminal;
  async function ask<T>(run: () => Promise<T>): Promise<T> {
    if (!interactive) throw new UsageError("Cannot ask: no terminal");
    try {
      return await run();
    } catch (err) {
      if (cancelled(err)) throw new CancelledError();
      throw err;
    }
  }
  return {
    interactive,
    password: (question) =>
      ask(async () => {
        const message = terminalSafe(question);
        const { default: password } = await import("@inquirer/password");
        // toggleMask off: no key may reveal a password typed at the prompt.
        return password({ message, mask: false, toggleMask: false }, await promptContext());
      }),
    input: (question) =>
      ask(async () => {
        const message = terminalSafe(question);
        const { default: input } = await import("@inquirer/input");
        return input({ message }, await promptContext());
      }),
    confirm: (question) =>
      ask(async () => {
        const message = terminalSafe(question);
        const { default: confirm } = await import("@inquirer/confirm");
        return confirm({ message, default: false }, await promptContext());
      }),
  };
}
