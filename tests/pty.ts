/**
 * Drives pangolin-admin in a real pseudo-terminal (util-linux `script`): waits for text on the
 * screen, types, and returns everything the terminal showed.
 */
import { PROMPT_ENV_VARS } from "../lib/context.ts";
import { childEnv } from "./helpers.ts";

const ROOT = new URL("..", import.meta.url).pathname;

/** True when `script` can give the tests a pseudo-terminal. */
export const HAS_PTY = (() => {
  try {
    return new Deno.Command("script", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

/** One exchange: wait until `waitFor` is on the screen (after the last one), then type `send`. */
export interface Step {
  waitFor: string;
  send: string;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the CLI (with the binary's permissions) in a pty, plays `steps`, and waits for `done` to
 * appear or the process to end (30 s at most). The machine's own terminal variables are removed
 * so that `env` alone decides how the prompt draws.
 */
export async function inPty(
  argv: string[],
  options: {
    home: string;
    env?: Record<string, string>;
    steps: Step[];
    done?: string;
    /** The terminal's width (set with stty before the CLI starts). */
    columns?: number;
  },
): Promise<{ screen: string; code: number; completed: number }> {
  // PANGOLIN_BIN runs the compiled binary instead of the sources.
  const bin = Deno.env.get("PANGOLIN_BIN");
  const command =
    (bin
      ? [bin, ...argv]
      : [Deno.execPath(), "run", "-q", "--no-prompt", "-P=cli", `${ROOT}main.ts`, ...argv])
      .map(shellQuote).join(" ");
  const cli = options.columns ? `stty cols ${options.columns} rows 24; exec ${command}` : command;
  const env = childEnv({ HOME: options.home, TERM: "xterm" });
  for (const name of [...PROMPT_ENV_VARS, "NO_COLOR"]) delete env[name];
  Object.assign(env, options.env ?? {});
  const child = new Deno.Command("script", {
    args: ["-qfec", cli, "/dev/null"],
    env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const writer = child.stdin.getWriter();
  let screen = "";
  let ended = false;
  const pump = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) screen += decoder.decode(chunk, { stream: true });
    ended = true;
  })();
  const deadline = Date.now() + 30_000;
  let completed = 0;
  let from = 0;
  let seenAt = 0;
  while (Date.now() < deadline && !ended) {
    const step = options.steps[completed];
    if (step) {
      const at = screen.indexOf(step.waitFor, from);
      if (at >= 0 && !seenAt) seenAt = Date.now();
      // A moment after the text appears, so the program is reading (raw mode set) when we type.
      if (seenAt && Date.now() - seenAt > 300) {
        await writer.write(new TextEncoder().encode(step.send));
        from = at + step.waitFor.length;
        seenAt = 0;
        completed++;
      }
    } else if (options.done && screen.indexOf(options.done, from) >= 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await writer.close().catch(() => {});
  if (!ended && Date.now() >= deadline) {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
  const status = await child.status;
  await pump;
  return { screen, code: status.code, completed };
}

/** The screen without terminal control sequences, carriage returns as newlines. */
export function plain(screen: string): string {
  const esc = String.fromCharCode(27);
  return screen.replace(new RegExp(`${esc}\\[[0-9;?]*[A-Za-z]`, "g"), "").replace(/\r/g, "\n");
}
