/**
 * Parsing, help, and the one place where errors become the contract's message, `Hint:` line
 * and exit code.
 */
import {
  type Application,
  ArgumentScannerError,
  buildApplication,
  buildRouteMap,
  type Command,
  ExitCode,
  type FlagNotFoundError,
  formatMessageForArgumentScannerError,
  help,
  type RouteMap,
  run,
  type StricliIntegration,
  text_en,
  version,
} from "@stricli/core";
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
import { type LazyGroup, rootHelp } from "./help.ts";
import { type IdFlag, idFlagOf, normalizeIdArgs } from "./id_args.ts";
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
 * The help integration, with the global flags appended to every help page: they are parsed
 * before the command (lib/globals.ts), so the command parser does not know them.
 */
function helpWithGlobals(
  config: Parameters<typeof help>[0],
): StricliIntegration<Context> {
  const base = help<Context>(config);
  const flag = base.flag!;
  return {
    ...base,
    flag: {
      ...flag,
      async run(app, args) {
        await flag.run.call(this, app, args);
        const id = (this as Context).state?.idFlag as IdFlag | undefined;
        if (id) {
          this.process.stdout.write(
            `\nThe --${id.flag} value may also be given as the first argument, or as --${id.alias}.\n`,
          );
        }
        this.process.stdout.write(`\n${GLOBAL_FLAGS_HELP}\n`);
      },
    },
  };
}

const HELP_FORMAT = {
  caseStyle: "convert-camel-to-kebab",
  useAliasInUsageLine: false,
  onlyRequiredInUsageLine: false,
} as const;

/** The commands of the tool, by group, each loaded only when it runs. */
export interface CommandTree {
  groups: readonly LazyGroup[];
}

/**
 * The route map for one run: only the command being run when it is known by name (start-up
 * pays for that command alone), else every command, so that the parser can suggest one.
 */
async function routesFor(
  tree: CommandTree,
  word: string | undefined,
): Promise<{ root: RouteMap<Context>; command?: Command<Context> }> {
  const all = tree.groups.flatMap((g) => g.commands);
  const known = all.find((c) => c.name === word);
  const chosen = known ? [known] : all;
  const routes: Record<string, Command<Context>> = {};
  for (const c of chosen) routes[c.name] = await c.load();
  const root = buildRouteMap<string, Context>({
    routes,
    docs: { brief: "Administer a Pangolin catalog server" },
  });
  return { root, command: known ? routes[known.name] : undefined };
}

/** `tokenId` as typed: `token-id`. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * Stricli suggests flags by their declared (camelCase) names; people type kebab-case, and so
 * do the help pages, so a suggestion names the flag as it is typed.
 */
const KEBAB_MESSAGES = {
  FlagNotFoundError: (e: FlagNotFoundError) => {
    const typed = `No flag registered for --${e.input}`;
    if (e.aliasName) return `${typed} (aliased from -${e.aliasName})`;
    if (e.corrections.length === 0) return typed;
    const names = [...new Set(e.corrections.map((c) => `--${kebab(c)}`))];
    const list = names.length === 1
      ? names[0]
      : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
    return `${typed}, did you mean ${list}?`;
  },
};

/** Builds the application around the command tree. */
export function buildApp(root: RouteMap<Context>): Application<Context> {
  return buildApplication<Context>(root, {
    name: PROGRAM,
    scanner: { caseStyle: "allow-kebab-for-camel", allowArgumentEscapeSequence: true },
    documentation: { disableAnsiColor: true, caseStyle: "convert-camel-to-kebab" },
    determineExitCode: exitCodeFor,
    localization: {
      text: {
        ...text_en,
        exceptionWhileRunningCommand: (exc: unknown) => messageFor(exc),
        exceptionWhileParsingArguments: function (this: unknown, exc: unknown, color: boolean) {
          if (exc instanceof ArgumentScannerError) {
            return `Error: ${formatMessageForArgumentScannerError(exc, KEBAB_MESSAGES)}`;
          }
          return `Error: ${text_en.exceptionWhileParsingArguments.call(text_en, exc, color)}`;
        },
        noCommandRegisteredForInput: (args) =>
          `Error: ${terminalSafe(text_en.noCommandRegisteredForInput(args))}`,
      },
    },
  }, {
    help: helpWithGlobals({
      alias: "h",
      defaultForRouteMap: true,
      brief: "Print help and exit",
      formatting: HELP_FORMAT,
    }),
    helpAll: helpWithGlobals({
      alias: "H",
      hidden: true,
      includeHidden: true,
      brief: "Print help, hidden commands included",
      formatting: HELP_FORMAT,
    }),
    version: version({
      alias: false,
      brief: "Print the version and exit",
      info: { currentVersion: versionLine() },
    }),
  });
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
  tree: CommandTree,
  argv: readonly string[],
  makeContext: (globals: GlobalOptions) => Context,
  nested = false,
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
    ctx.io.stderr.write(rootHelp(tree.groups));
    return EXIT.usage;
  }
  if (args.length === 0 && ctx.io.stdinIsTerminal && !nested) {
    const { profileLabel, runShell } = await import("./shell.ts");
    return await runShell(ctx, {
      // Each line goes through this same function: one parser, one error mapper.
      run: (line) => runCli(tree, [...globalArgs(extracted.globals), ...line], makeContext, true),
      help: () => rootHelp(tree.groups),
      promptLabel: () => profileLabel(ctx, extracted.globals),
      commands: tree.groups.flatMap((g) => g.commands.map((c) => c.name)),
    });
  }
  if (args.length === 0 || (args.length === 1 && (args[0] === "--help" || args[0] === "-h"))) {
    ctx.io.stdout.write(rootHelp(tree.groups));
    return EXIT.ok;
  }
  if (args.length === 1 && args[0] === "--version") {
    ctx.io.stdout.write(versionLine() + "\n");
    return EXIT.ok;
  }
  let code: number;
  try {
    const word = commandWord(args);
    const { root, command } = await routesFor(tree, word);
    if (command && word) {
      const idFlag = idFlagOf(word, command.parameters);
      if (idFlag) {
        ctx.state.idFlag = idFlag;
        args = normalizeIdArgs(args, word, command.parameters);
      }
    }
    await run(buildApp(root), args, ctx);
    code = Number(ctx.process.exitCode ?? 0);
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
      auditEntry(ctx, commandWord(args) ?? "", writes, code < 0 ? 1 : code),
    );
  }
  if (code === ExitCode.InvalidArgument || code === ExitCode.UnknownCommand) {
    const word = code === ExitCode.InvalidArgument ? commandWord(args) : undefined;
    ctx.io.stderr.write(`Run '${PROGRAM}${word ? ` ${word}` : ""} --help' for usage.\n`);
    return EXIT.usage;
  }
  if (code < 0) return EXIT.failure;
  return code;
}
