/** The command tree's types, and the top-level help built from it. */
import type { CommandSpec } from "./command.ts";
import { GLOBAL_FLAGS_HELP } from "./globals.ts";

/** A titled set of loaded commands, as each group's mod.ts declares it. */
export interface StaticGroup {
  title: string;
  commands: Record<string, CommandSpec>;
}

/** The former name of StaticGroup. */
export type HelpGroup = StaticGroup;

/** A command known by name and summary, loaded only when it runs. */
export interface LazyCommand {
  name: string;
  brief: string;
  load: () => Promise<CommandSpec>;
}

/** A titled set of lazy commands (one section of the top-level help). */
export interface LazyGroup {
  title: string;
  commands: readonly LazyCommand[];
}

/** The text of `pangolin-admin --help`. */
export function rootHelp(groups: readonly LazyGroup[]): string {
  const names = groups.flatMap((g) => g.commands.map((c) => c.name));
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const sections = groups
    .filter((g) => g.commands.length > 0)
    .map((g) =>
      [
        g.title.toUpperCase(),
        ...g.commands.map((c) => `  ${c.name.padEnd(width)}${c.brief}`),
      ].join("\n")
    );
  return [
    "pangolin-admin: administer a Pangolin catalog server",
    "",
    "USAGE",
    "  pangolin-admin <command> [flags]",
    "  pangolin-admin <command> --help    flags and an example for one command",
    "  pangolin-admin help [command]      the same as --help",
    "  pangolin-admin                     an interactive shell (on a terminal)",
    "  pangolin-admin --version",
    "",
    ...sections.flatMap((s) => [s, ""]),
    GLOBAL_FLAGS_HELP,
    "",
    "CREDENTIALS (first match wins)",
    "  PANGOLIN_CLIENT_ID + PANGOLIN_API_KEY   a service user, via the client-credentials exchange",
    "  PANGOLIN_API_KEY                        sent as X-API-Key",
    "  PANGOLIN_TOKEN                          a bearer token",
    "  the profile's saved token               from login",
    "",
    "EXIT CODES",
    "  0 ok, 1 failure, 2 usage, 3 not authenticated, 4 forbidden, 5 not found,",
    "  6 cannot reach the server, 130 cancelled",
    "",
  ].join("\n");
}
