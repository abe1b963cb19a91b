/**
 * Running one command line, and the one place where errors become the contract's message,
 * `Hint:` line and exit code. The parser itself (lib/parser.ts, @stricli/core) is loaded only
 * for a line the fast path (lib/everyday.ts) does not take.
 */
import type { Context } from "./context.ts";
import {
  ApiError,
  AuthError,
  CancelledError,
  CommandFailure,
  ConfigError,
  NetworkError,
  UsageError,
} from "./errors.ts";
import { extractGlobals, GLOBAL_FLAGS_HELP, type GlobalOptions } from "./globals.ts";
import type { LazyGroup } from "./help.ts";
import type { IdFlag } from "./id_args.ts";
import { type PlainLine, plainLine } from "./everyday.ts";
import { terminalSafe } from "./output.ts";
import { versionLine } from "./version.ts";
import type { WriteRecord } from "./audit_log.ts";

/** The program's name, as typed. */
export const PROGRAM = "pangolin-admin";

/** Exit codes of the contract. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  forbidden: 4,
  notFound: 5,
  network: 6,
  cancelled: 130,
} as const;

/** The exit code for an error a command threw. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof AuthError) return EXIT.auth;
  if (err instanceof NetworkError) return EXIT.network;
  if (err instanceof CancelledError) return EXIT.cancelled;
  if (err instanceof CommandFailure) return err.exitCode;
  if (err instanceof ApiError) {
    if (err.status === 401) return EXIT.auth;
    if (err.status === 403) return EXIT.forbidden;
    if (err.status === 404 && !err.options.unexpected) return EXIT.notFound;
    return EXIT.failure;
  }
  return EXIT.failure;
}

function defaultHint(err: ApiError): string | undefined {
  switch (err.status) {
    case 401:
      return "log in first: pangolin-admin login --username <name>";
    case 403:
      return "only admins can do this (or this role cannot, see the server's message)";
    case 404:
      return "it may already be gone, or the id or name is wrong";
    case 429:
      return err.options.retryAfter
        ? `the server throttles this; wait ${err.options.retryAfter} seconds before trying again`
        : "the server throttles this; wait a minute before trying again";
  }
  return undefined;
}

/**
 * The stderr text for an error a command threw: one `Error:` line and at most one `Hint:`,
 * each terminal-safe (a server's message cannot steer the terminal or add a line).
 */
export function messageFor(err: unknown): string {
  let message: string;
  let hint: string | undefined;
  if (err instanceof ApiError) {
    message = `API Request Failed: ${err.message}`;
    hint = err.options.hint ?? defaultHint(err);
  } else if (
    err instanceof UsageError || err instanceof ConfigError || err instanceof CancelledError
  ) {
    message = err.message;
  } else if (
    err instanceof AuthError || err instanceof NetworkError || err instanceof CommandFailure
  ) {
    message = err.message;
    hint = err.hint;
  } else {
    // A bug, not a user error: still one line, never a stack trace.
    const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    message = `unexpected internal error (${text.split("\n")[0]})`;
    hint = "this is a bug in pangolin-admin; please report it with the command you ran";
  }
  return `Error: ${terminalSafe(message)}` + (hint ? `\nHint: ${terminalSafe(hint)}` : "");
}

/**
 * The end of every help page: how the id flag may also be given, and the global flags, which
 * are parsed before the command (lib/globals.ts), so the command parser does not know them.
 */
export function writeHelpFooter(ctx: Context): void {
  const id = ctx.state?.idFlag as IdFlag | undefined;
  if (id) {
    ctx.process.stdout.write(
      `\nThe --${id.flag} value may also be given as the first argument, or as --${id.alias}.\n`,
    );
  }
  ctx.process.stdout.write(`\n${GLOBAL_FLAGS_HELP}\n`);
}

/** The commands of the tool, by group, each loaded only when it runs. */
export interface CommandTree {
  groups: readonly LazyGroup[];
}

/**
 * The command tree, or how to load it: the manifest (commands/mod.ts) is read only once a
 * line names a command, and then only the module of that command.
 */
export type TreeSource = CommandTree | (() => Promise<CommandTree>);

async function treeOf(source: TreeSource): Promise<CommandTree> {
  return typeof source === "function" ? await source() : source;
}

async function rootHelpOf(source: TreeSource): Promise<string> {
  const [{ rootHelp }, tree] = await Promise.all([import("./help.ts"), treeOf(source)]);
  return rootHelp(tree.groups);
}

/** The global flags of the shell's own command line, passed on to every line it runs. */
function globalArgs(g: GlobalOptions): string[] {
  const out: string[] = [];
  if (g.url) out.push("--url", g.url);
  if (g.profile) out.push("--profile", g.profile);
  if (g.tenant) out.push("--tenant", g.tenant);
  if (g.json) out.push("--json");
  if (g.timeout !== undefined) out.push("--timeout", String(g.timeout));
  if (g.caCert) out.push("--ca-cert", g.caCert);
  if (g.quiet) out.push("--quiet");
  if (g.wide) out.push("--wide");
  if (g.showSecrets) out.push("--show-secrets");
  return out;
}

function commandWord(args: readonly string[]): string | undefined {
  return args.find((a) => !a.startsWith("-"));
}

/**
 * Runs one command line and returns its exit code. `makeContext` builds the context once the
 * global flags are known; it is the only source of the real world.
 */
export async function runCli(
  source: TreeSource,
  argv: readonly string[],
  makeContext: (globals: GlobalOptions) => Context,
  nested = false,
  fastPath = true,
): Promise<number> {
  let extracted;
  try {
    extracted = extractGlobals(argv);
  } catch (err) {
    const ctx = makeContext({ json: false });
    ctx.io.stderr.write(`${messageFor(err)}\nRun '${PROGRAM} --help' for usage.\n`);
    return EXIT.usage;
  }
  const ctx = makeContext(extracted.globals);
  let args = extracted.rest;
  // `help [command]` is `--help` said as a word, as in git, gh and kubectl.
  if (args[0] === "help") args = args.length === 1 ? ["--help"] : [...args.slice(1), "--help"];
  if (args.length === 0 && !ctx.io.stdinIsTerminal) {
    // Nobody to talk to and nothing to do: help on stderr, and a usage exit for scripts.
    ctx.io.stderr.write(await rootHelpOf(source));
    return EXIT.usage;
  }
  if (args.length === 0 && ctx.io.stdinIsTerminal && !nested) {
    const [{ profileLabel, runShell }, tree, help] = await Promise.all([
      import("./shell.ts"),
      treeOf(source),
      rootHelpOf(source),
    ]);
    return await runShell(ctx, {
      // Each line goes through this same function: one parser, one error mapper.
      run: (line) =>
        runCli(tree, [...globalArgs(extracted.globals), ...line], makeContext, true, fastPath),
      help: () => help,
      promptLabel: () => profileLabel(ctx, extracted.globals),
      commands: tree.groups.flatMap((g) => g.commands.map((c) => c.name)),
    });
  }
  if (args.length === 0 || (args.length === 1 && (args[0] === "--help" || args[0] === "-h"))) {
    ctx.io.stdout.write(await rootHelpOf(source));
    return EXIT.ok;
  }
  if (args.length === 1 && args[0] === "--version") {
    ctx.io.stdout.write(versionLine() + "\n");
    return EXIT.ok;
  }
  let code: number;
  const word = commandWord(args);
  let parser: typeof import("./parser.ts") | undefined;
  try {
    const tree = await treeOf(source);
    const plain = fastPath ? await plainLine(args, tree, ctx) : undefined;
    if (plain) code = await runPlain(ctx, plain);
    else {
      parser = await loadParser();
      code = await parser.parseAndRun(tree, word, args, ctx);
    }
  } catch (err) {
    ctx.io.stderr.write(messageFor(err) + "\n");
    code = exitCodeFor(err);
  } finally {
    for (const close of ctx.cleanup.splice(0)) close();
  }
  const writes = ctx.state.writes as WriteRecord[] | undefined;
  if (writes && writes.length > 0) {
    const { appendAuditLine, auditEntry } = await import("./audit_log.ts");
    await appendAuditLine(
      ctx,
      auditEntry(ctx, word ?? "", writes, code < 0 ? 1 : code),
    );
  }
  const exitCode = parser?.ExitCode;
  if (exitCode && (code === exitCode.InvalidArgument || code === exitCode.UnknownCommand)) {
    const named = code === exitCode.InvalidArgument ? word : undefined;
    ctx.io.stderr.write(`Run '${PROGRAM}${named ? ` ${named}` : ""} --help' for usage.\n`);
    return EXIT.usage;
  }
  if (code < 0) return EXIT.failure;
  return code;
}

/**
 * The parser. The specifier is computed so that start-up does not read it, and @stricli/core
 * with it, into the graph of every run; commands/embed.ts has `deno compile` embed it.
 */
async function loadParser(): Promise<typeof import("./parser.ts")> {
  return await import(new URL("./parser.ts", import.meta.url).href);
}

/**
 * Runs a plain line as the parser would have run it: the command's error (thrown, or returned
 * as stricli allows) becomes the same message on stderr and the same exit code (lib/parser.ts
 * leaves both to messageFor and exitCodeFor), and an exit code the command set itself is kept.
 */
async function runPlain(ctx: Context, plain: PlainLine): Promise<number> {
  let code = EXIT.ok as number;
  try {
    const result = await plain.run.call(ctx, plain.flags, ...plain.args);
    if (result instanceof Error) {
      ctx.process.stderr.write(`${result.message}\n`);
      code = exitCodeFor(result);
    }
  } catch (err) {
    ctx.process.stderr.write(`${messageFor(err)}\n`);
    code = exitCodeFor(err);
  }
  ctx.process.exitCode ??= code;
  return Number(ctx.process.exitCode ?? 0);
}
