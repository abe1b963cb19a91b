/**
 * Test harness: runs pangolin-admin in-process with captured streams, a temporary HOME, a
 * scripted prompter and a fixed or real clock, or as a real subprocess with exactly the
 * permissions of the compiled binary.
 */
import { TREE } from "../commands/mod.ts";
import { runCli } from "../lib/cli.ts";
import { ConfigStore } from "../lib/config.ts";
import { configPath, type Context, type Io, type Writer } from "../lib/context.ts";
import { CancelledError } from "../lib/errors.ts";
import type { GlobalOptions } from "../lib/globals.ts";
import type { Prompter } from "../lib/prompt.ts";
import { claimSecretFile } from "../lib/secret_file.ts";
import { SEED, type StartOptions, startServer, type TestServer } from "./server/mod.ts";

/** What a run printed and how it ended. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The questions the scripted prompter was asked. */
  prompts: string[];
}

/** How to run one in-process command. */
export interface RunOptions {
  /** The environment (HOME is set to `home` unless given). */
  env?: Record<string, string>;
  /** A HOME folder; a fresh temporary one when absent. */
  home?: string;
  /** What stdin holds (for --password-stdin). */
  stdin?: string;
  /** Pretend a person is at a terminal, answering with `answers` in order. */
  terminal?: boolean;
  answers?: Array<string | boolean | "cancel">;
  now?: () => Date;
  /** A transport instead of the real fetch (for hosts the tests must not reach). */
  fetch?: typeof fetch;
  /** Pretend stdout is a terminal this many columns wide (tables then fit it). */
  columns?: number;
}

function capture(): Writer & { text: () => string } {
  let text = "";
  return { write: (s: string) => void (text += s), text: () => text };
}

/** A fresh temporary HOME folder. */
export async function tempHome(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "pangolin-home-" });
}

/** Runs one command line in-process and returns what it printed and its exit code. */
export async function run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  const home = options.home ?? await tempHome();
  const env: Record<string, string> = { HOME: home, ...options.env };
  const stdout = capture();
  const stderr = capture();
  const prompts: string[] = [];
  const answers = [...(options.answers ?? [])];
  const terminal = options.terminal ?? false;
  const next = (question: string) => {
    prompts.push(question);
    if (answers.length === 0) throw new Error(`unexpected prompt: ${question}`);
    const answer = answers.shift()!;
    if (answer === "cancel") throw new CancelledError();
    return answer;
  };
  const prompter: Prompter = {
    interactive: terminal,
    password: (q) => Promise.resolve(String(next(q))),
    input: (q) => Promise.resolve(String(next(q))),
    confirm: (q) => Promise.resolve(next(q) === true),
  };
  const io: Io = {
    stdout,
    stderr,
    stdinIsTerminal: terminal,
    stderrIsTerminal: terminal,
    stdoutIsTerminal: options.columns !== undefined,
    columns: options.columns,
    readStdin: () => Promise.resolve(options.stdin ?? ""),
  };
  const makeContext = (globals: GlobalOptions): Context => ({
    process: { stdout, stderr, env, exitCode: undefined },
    io,
    env,
    globals,
    config: new ConfigStore(configPath(env), stderr),
    prompter,
    now: options.now ?? (() => new Date()),
    fetch: options.fetch ?? globalThis.fetch,
    readTextFile: (path) => Deno.readTextFile(path),
    claimSecretFile,
    createHttpClient: (options) => Deno.createHttpClient(options),
    cleanup: [],
    state: {},
  });
  const code = await runCli(TREE, argv, makeContext);
  return { code, stdout: stdout.text(), stderr: stderr.text(), prompts };
}

/** The saved config of a HOME, parsed. */
export async function readConfig(
  home: string,
): Promise<{ profiles: Record<string, Record<string, unknown>> }> {
  return JSON.parse(await Deno.readTextFile(`${home}/.pangolin/config`));
}

/** Logs in in-process (password from stdin) and returns the HOME that holds the session. */
export async function loginAs(
  url: string,
  username: string,
  password: string,
  options: { tenantId?: string; home?: string; profile?: string } = {},
): Promise<string> {
  const home = options.home ?? await tempHome();
  const argv = ["login", "--url", url, "-u", username, "--password-stdin"];
  if (options.tenantId) argv.push("--tenant-id", options.tenantId);
  if (options.profile) argv.push("--profile", options.profile);
  const result = await run(argv, { home, stdin: password + "\n" });
  if (result.code !== 0) {
    throw new Error(`login as ${username} failed (${result.code}): ${result.stderr}`);
  }
  return home;
}

/** Logs in as the seeded tenant's admin (the session most tests act as). */
export function loginAsTenantAdmin(url: string): Promise<string> {
  return loginAs(url, SEED.tenantAdmin.username, SEED.tenantAdmin.password, {
    tenantId: SEED.tenantId,
  });
}

const ROOT_DIR = new URL("..", import.meta.url).pathname;

/** Runs main.ts as a real process with the `cli` permission set (the binary's permissions). */
export async function runProcess(
  argv: string[],
  options: { env?: Record<string, string>; stdin?: string | null; home: string; cwd?: string },
): Promise<RunResult> {
  // PANGOLIN_BIN runs the suite against a compiled binary instead of the sources.
  const bin = Deno.env.get("PANGOLIN_BIN");
  const env = childEnv({ HOME: options.home, ...options.env });
  const child = new Deno.Command(bin ?? Deno.execPath(), {
    args: bin ? argv : ["run", "-q", "--no-prompt", "-P=cli", `${ROOT_DIR}main.ts`, ...argv],
    cwd: options.cwd ?? ROOT_DIR,
    env,
    clearEnv: true,
    stdin: options.stdin === undefined || options.stdin === null ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (typeof options.stdin === "string") {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
    prompts: [],
  };
}

/** Starts the test server, runs `body`, fails on any request to a route the server lacks. */
export async function withServer(
  body: (server: TestServer) => Promise<void>,
  options: StartOptions = {},
): Promise<void> {
  const server = await startServer(options);
  try {
    await body(server);
    server.assertAllRouted();
  } finally {
    await server.close();
  }
}

/** The requests to /api paths (and the OAuth endpoint), as "METHOD path" strings. */
export function requestLines(server: TestServer): string[] {
  return server.requests.map((r) => `${r.method} ${r.path}`);
}

/**
 * The environment for a child process: this one's (Deno needs its CA and proxy settings to
 * fetch packages), without any PANGOLIN_* variable that would leak into the test, plus `extra`.
 */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(Deno.env.toObject())) {
    if (!k.startsWith("PANGOLIN_")) env[k] = v;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}
