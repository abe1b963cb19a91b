/**
 * The interactive shell: `pangolin-admin` with no command on a terminal. Each line runs through
 * the same parser as a command line (one code path); errors print and the prompt returns.
 */
import type { Context } from "./context.ts";
import type { GlobalOptions } from "./globals.ts";
import { profileName } from "./session.ts";
import { terminalSafe } from "./output.ts";

/** Splits a line like a POSIX shell would: quotes and backslashes, no expansion. */
export function splitLine(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) {
        word += line[++i];
      } else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new SyntaxError(`unclosed ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}

/** What the shell needs from the CLI around it. */
export interface ShellHost {
  /** Runs one command line (the same function as a real invocation) and returns its code. */
  run(argv: string[]): Promise<number>;
  /** The top-level help text. */
  help(): string;
  /** The profile and tenant to show in the prompt. */
  promptLabel(): Promise<string>;
  /** The command names, from the same tree as the parser's (for TAB). */
  commands: readonly string[];
}

/** Words the shell itself understands, besides the commands. */
const SHELL_WORDS = ["help", "exit", "quit", "clear"];

/**
 * TAB on the first word completes command names (readline shows the choices on a second TAB);
 * later words are left alone.
 */
export function completeLine(
  line: string,
  commands: readonly string[],
): [hits: string[], word: string] {
  const first = line.replace(/^\s+/, "");
  if (/\s/.test(first)) return [[], ""];
  const words = [...commands, ...SHELL_WORDS].sort();
  const hits = words.filter((w) => w.startsWith(first));
  return [hits.length === 1 ? [hits[0] + " "] : hits, first];
}

const HISTORY_SIZE = 500;

/** Reads lines until `exit`, `quit` or Ctrl-D; returns the shell's exit code (0). */
export async function runShell(ctx: Context, host: ShellHost): Promise<number> {
  const { createInterface } = await import("node:readline");
  const { default: process } = await import("node:process");
  const history: string[] = [];
  ctx.io.stderr.write(
    "pangolin-admin shell: type a command (help for the list, exit or Ctrl-D to leave).\n",
  );
  for (;;) {
    const label = await host.promptLabel();
    // A fresh reader per line: a command may prompt (login's password) on the same terminal,
    // so nothing may be listening on stdin while it runs. History carries over.
    const rl = createInterface({
      input: process.stdin,
      output: process.stderr,
      terminal: true,
      history: [...history],
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
      completer: (line: string) => completeLine(line, host.commands),
    });
    const line = await new Promise<string | null>((resolve) => {
      let answered = false;
      rl.on("close", () => {
        if (!answered) resolve(null);
      });
      rl.on("SIGINT", () => {
        // Ctrl-C clears the line, as in a shell; it does not leave.
        ctx.io.stderr.write("^C\n");
        answered = true;
        rl.close();
        resolve("");
      });
      // The label holds names saved from the server (user, tenant): never raw control codes.
      rl.question(`${terminalSafe(label)}> `, (answer) => {
        answered = true;
        resolve(answer);
      });
    });
    rl.close();
    if (line === null) {
      ctx.io.stderr.write("\n");
      return 0;
    }
    const trimmed = line.trim();
    if (trimmed === "") continue;
    if (history[0] !== trimmed) history.unshift(trimmed);
    if (history.length > HISTORY_SIZE) history.length = HISTORY_SIZE;
    if (trimmed === "exit" || trimmed === "quit") return 0;
    if (trimmed === "clear") {
      ctx.io.stderr.write("\x1b[2J\x1b[H");
      continue;
    }
    if (trimmed === "help") {
      ctx.io.stdout.write(host.help());
      continue;
    }
    let argv: string[];
    try {
      argv = splitLine(trimmed);
    } catch (err) {
      ctx.io.stderr.write(`Error: ${terminalSafe((err as Error).message)}\n`);
      continue;
    }
    if (argv[0] === "pangolin-admin") argv = argv.slice(1);
    if (argv.length === 0) continue;
    const code = await host.run(argv);
    if (code !== 0) ctx.io.stderr.write(`[exit ${code}]\n`);
  }
}

/** The prompt label: profile, and the tenant when one is set. */
export async function profileLabel(ctx: Context, globals: GlobalOptions): Promise<string> {
  let name = globals.profile ?? ctx.env.PANGOLIN_PROFILE ?? "default";
  try {
    const config = await ctx.config.read();
    name = (await profileName({ globals, env: ctx.env, config: ctx.config }, config)).name;
    const profile = config.profiles[name];
    const tenant = profile?.tenant_name ?? profile?.tenant_id;
    const user = profile?.token ? profile.username : undefined;
    return `pangolin-admin (${
      [user ? `${user}@${name}` : name, tenant].filter(Boolean).join(" · ")
    })`;
  } catch {
    return `pangolin-admin (${name})`;
  }
}
