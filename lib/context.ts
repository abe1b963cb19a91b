/**
 * What a command may use. Only this file and `main.ts` touch the real process (env, streams,
 * clock, terminal); tests build the same shape with captured output and a scripted prompter.
 */
import type { CommandContext } from "@stricli/core";
import { ConfigStore } from "./config.ts";
import type { GlobalOptions } from "./globals.ts";
import { stderrLines } from "./output.ts";
import type { Prompter } from "./prompt.ts";
import type { SecretFileClaim } from "./secret_file.ts";

/** A stream a command writes to. */
export interface Writer {
  write(text: string): void;
}

/** The process's standard streams, and whether a person is behind them. */
export interface Io {
  stdout: Writer;
  stderr: Writer;
  /** True when stdin is a terminal, so a prompt can be answered. */
  stdinIsTerminal: boolean;
  /** True when stderr is a terminal (prompts and progress are drawn there). */
  stderrIsTerminal: boolean;
  /** True when stdout is a terminal: tables then fit its width (absent: not a terminal). */
  stdoutIsTerminal?: boolean;
  /** The terminal's width in columns (absent or 0: unknown, taken as 80). */
  columns?: number;
  /** Reads all of stdin (for --password-stdin). */
  readStdin(): Promise<string>;
}

/** Everything a command runs with. */
export interface Context extends CommandContext {
  readonly process: {
    stdout: Writer;
    stderr: Writer;
    env: Readonly<Record<string, string | undefined>>;
    exitCode?: number | string | null;
  };
  readonly io: Io;
  /** The environment, read once at start. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Global flags (--url, --profile, --json, ...), parsed before the command. */
  globals: GlobalOptions;
  readonly config: ConfigStore;
  readonly prompter: Prompter;
  now(): Date;
  /** The transport; only `lib/api/client.ts` calls it. */
  readonly fetch: typeof fetch;
  /** Reads a local text file (CA certificates). */
  readTextFile(path: string): Promise<string>;
  /**
   * Claims a path for a secret about to be minted (a new 0600 file; an existing one only with
   * `force`); a path that cannot be claimed is a usage error, before anything is sent.
   */
  claimSecretFile(path: string, force: boolean, flag?: string): Promise<SecretFileClaim>;
  /** Builds an HTTP client (extra CA, pooling); closed by `cleanup` when the command ends. */
  createHttpClient(options: Deno.CreateHttpClientOptions): Deno.HttpClient;
  /** Run when the command ends, whatever the outcome (closes HTTP clients). */
  readonly cleanup: Array<() => void>;
  /** Notes collected for the exit-code mapper (e.g. "warned once about plain http"). */
  readonly state: Record<string, unknown>;
}

/**
 * Where the config file lives: PANGOLIN_CONFIG, else ~/.pangolin/config; undefined when there is
 * no home folder (the store then refuses every use, rather than using the current folder).
 */
export function configPath(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const explicit = env.PANGOLIN_CONFIG;
  if (explicit) return explicit;
  const windows = Deno.build.os === "windows";
  const home = windows ? env.USERPROFILE ?? env.HOME : env.HOME;
  if (!home) return undefined;
  const sep = windows ? "\\" : "/";
  return `${home}${sep}.pangolin${sep}config`;
}

function writerFor(file: { writeSync(p: Uint8Array): number }): Writer {
  const encoder = new TextEncoder();
  return {
    write(text: string) {
      let bytes = encoder.encode(text);
      while (bytes.length > 0) {
        try {
          bytes = bytes.subarray(file.writeSync(bytes));
        } catch (err) {
          // A closed pipe (`| head`) is not worth a stack trace; the reader has gone.
          if (err instanceof Deno.errors.BrokenPipe) return;
          throw err;
        }
      }
    },
  };
}

async function readAllStdin(): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of Deno.stdin.readable) chunks.push(chunk);
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}

/**
 * The environment variables the tool reads. The compiled binary may read only these
 * (deno.json's "cli" permission set lists the same names; a test keeps them equal).
 */
export const ENV_VARS = [
  "HOME",
  "USERPROFILE",
  "NO_COLOR",
  "TERM",
  "PANGOLIN_URL",
  "PANGOLIN_PROFILE",
  "PANGOLIN_TENANT",
  "PANGOLIN_TIMEOUT",
  "PANGOLIN_CA_CERT",
  "PANGOLIN_CONFIG",
  "PANGOLIN_CLIENT_ID",
  "PANGOLIN_API_KEY",
  "PANGOLIN_TOKEN",
  "PANGOLIN_AUDIT_LOG",
  "PANGOLIN_MAX_REPLY_MB",
] as const;

/**
 * Variables the prompt library reads to draw the password prompt: Deno's Node layer decides
 * on colour from these (the CI ones only when CI is set), and @inquirer reads the rest. The
 * binary must be allowed to read every one, or the prompt dies with NotCapable; the list
 * belongs to the pinned Deno and @inquirer versions, and the pty tests run the prompt with and
 * without CI set.
 */
export const PROMPT_ENV_VARS = [
  "FORCE_COLOR",
  "NODE_DISABLE_COLORS",
  "COLORTERM",
  "TMUX",
  "TF_BUILD",
  "AGENT_NAME",
  "CI",
  "APPVEYOR",
  "BUILDKITE",
  "CIRCLECI",
  "DRONE",
  "GITEA_ACTIONS",
  "GITHUB_ACTIONS",
  "GITLAB_CI",
  "TRAVIS",
  "CI_NAME",
  "TEAMCITY_VERSION",
  "TERM_PROGRAM",
  "TERM_PROGRAM_VERSION",
  "CLI_WIDTH",
  "INQUIRER_KEYBINDINGS",
  "TERMINAL_EMULATOR",
  "TERMINUS_SUBLIME",
  "WT_SESSION",
  "ConEmuTask",
] as const;

function readEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const name of ENV_VARS) {
    try {
      env[name] = Deno.env.get(name);
    } catch {
      // Not granted: the variable is simply absent for this run.
    }
  }
  return env;
}

function terminalColumns(): number {
  try {
    return Deno.consoleSize().columns;
  } catch {
    // Not a terminal on any standard stream: tables are printed in full anyway.
    return 0;
  }
}

/**
 * The real prompter (lib/prompt.ts), loaded when the first question is asked: most runs ask
 * none, and its module names the prompt library, whose npm packages start-up would otherwise
 * read into the graph of every run (commands/embed.ts has `deno compile` embed it).
 */
function lazyPrompter(io: Io): Prompter {
  let real: Promise<Prompter> | undefined;
  const prompter = () =>
    real ??= import(new URL("./prompt.ts", import.meta.url).href).then((m: PromptModule) =>
      m.realPrompter(io)
    );
  return {
    // The same rule as realPrompter's: a person can answer when stdin and stderr are terminals.
    interactive: io.stdinIsTerminal && io.stderrIsTerminal,
    password: async (question) => await (await prompter()).password(question),
    input: async (question) => await (await prompter()).input(question),
    confirm: async (question) => await (await prompter()).confirm(question),
  };
}

type PromptModule = typeof import("./prompt.ts");

/** Builds the context of a real run from the process. */
export function realContext(globals: GlobalOptions): Context {
  const env = readEnv();
  const stdout = writerFor(Deno.stdout);
  const stderr = writerFor(Deno.stderr);
  let columns: number | undefined;
  const io: Io = {
    stdout,
    stderr,
    stdinIsTerminal: Deno.stdin.isTerminal(),
    stderrIsTerminal: Deno.stderr.isTerminal(),
    stdoutIsTerminal: Deno.stdout.isTerminal(),
    // Asked of the terminal when a table is laid out, not by every run.
    get columns() {
      return columns ??= terminalColumns();
    },
    readStdin: readAllStdin,
  };
  return {
    process: { stdout, stderr, env, exitCode: undefined },
    io,
    env,
    globals,
    config: new ConfigStore(configPath(env), stderrLines(io, globals.quiet)),
    prompter: lazyPrompter(io),
    now: () => new Date(),
    fetch: globalThis.fetch,
    readTextFile: (path) => Deno.readTextFile(path),
    // The secret-file module is loaded by the few commands that mint a secret.
    claimSecretFile: async (path, force, flag) =>
      await (await import("./secret_file.ts")).claimSecretFile(path, force, flag),
    createHttpClient: (options) => Deno.createHttpClient(options),
    cleanup: [],
    state: {},
  };
}
