/**
 * The command-line parser (@stricli/core) over the command tree: flags, help pages, usage
 * errors and suggestions. Loaded by lib/cli.ts only for a line the fast path
 * (lib/everyday.ts) does not take, so a plain line never builds it.
 */
import {
  type Application,
  ArgumentScannerError,
  buildApplication,
  buildCommand,
  buildRouteMap,
  type Command,
  type FlagNotFoundError,
  formatMessageForArgumentScannerError,
  help,
  type RouteMap,
  run,
  type StricliIntegration,
  text_en,
  version,
} from "@stricli/core";
import type { CommandSpec } from "./command.ts";
import type { Context } from "./context.ts";
import { type CommandTree, exitCodeFor, messageFor, PROGRAM, writeHelpFooter } from "./cli.ts";
import { idFlagOf, normalizeIdArgs } from "./id_args.ts";
import { terminalSafe } from "./output.ts";
import { versionLine } from "./version.ts";

export { ExitCode } from "@stricli/core";

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
        writeHelpFooter(this as Context);
      },
    },
  };
}

const HELP_FORMAT = {
  caseStyle: "convert-camel-to-kebab",
  useAliasInUsageLine: false,
  onlyRequiredInUsageLine: false,
} as const;

/** The parser's command for a declared spec (lib/command.ts): the spec, built by stricli. */
export function commandFor(spec: CommandSpec): Command<Context> {
  // deno-lint-ignore no-explicit-any
  return buildCommand<any, any, Context>(spec);
}

/**
 * The route map for one run: only the command being run when it is known by name (start-up
 * pays for that command alone), else every command, so that the parser can suggest one.
 */
async function routesFor(
  tree: CommandTree,
  word: string | undefined,
): Promise<{ root: RouteMap<Context>; command?: CommandSpec }> {
  const all = tree.groups.flatMap((g) => g.commands);
  const known = all.find((c) => c.name === word);
  const chosen = known ? [known] : all;
  const specs: Record<string, CommandSpec> = {};
  const routes: Record<string, Command<Context>> = {};
  for (const c of chosen) {
    specs[c.name] = await c.load();
    routes[c.name] = commandFor(specs[c.name]);
  }
  const root = buildRouteMap<string, Context>({
    routes,
    docs: { brief: "Administer a Pangolin catalog server" },
  });
  return { root, command: known ? specs[known.name] : undefined };
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

/**
 * Parses `args` (global flags already taken out) and runs the command they name; returns the
 * exit code the parser or the command left (the parser's own codes are negative).
 */
export async function parseAndRun(
  tree: CommandTree,
  word: string | undefined,
  args: readonly string[],
  ctx: Context,
): Promise<number> {
  const { root, command } = await routesFor(tree, word);
  let line = [...args];
  if (command && word) {
    const idFlag = idFlagOf(word, command.parameters);
    if (idFlag) {
      ctx.state.idFlag = idFlag;
      line = normalizeIdArgs(line, word, command.parameters);
    }
  }
  await run(buildApp(root), line, ctx);
  return Number(ctx.process.exitCode ?? 0);
}
