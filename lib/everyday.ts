/**
 * The everyday commands (`list-catalogs`, `list-user-tokens`, `whoami`) are what scripts and
 * people run most, so a plain line of one runs without building the parser: each declares its
 * flags in a module of its own, free of @stricli/core, that is read here. A line is plain when
 * every argument after the command word is one of its flags, spelt in kebab-case, given at most
 * once, with a value the flag's own parser accepts. Anything else (help, a misspelt or repeated
 * flag, a refused value, an id given as the first argument, `--`) is left to the parser, so help
 * pages and usage errors stay the parser's own, byte for byte.
 */
import type { Context } from "./context.ts";

/** A flag as the parser declares it; the fast path reads only these fields. */
export interface PlainFlag {
  readonly kind: string;
  readonly parse?: (input: string) => unknown;
  readonly optional?: boolean;
  readonly variadic?: unknown;
}

/** What a command module for the fast path exports: its flags and what it does. */
export interface PlainVerb {
  readonly FLAGS: Readonly<Record<string, PlainFlag>>;
  // deno-lint-ignore no-explicit-any
  readonly run: (this: Context, flags: any) => Promise<void>;
}

/** The commands the fast path takes, by name, each loaded only when it runs. */
export type EverydayVerbs = Readonly<Record<string, () => Promise<PlainVerb>>>;

/**
 * Loads a command's fast-path module. The specifier is computed, as in commands/mod.ts, so
 * start-up does not read the modules of the commands that do not run; `deno compile` embeds
 * them with everything under commands/.
 */
function lazy(path: string): () => Promise<PlainVerb> {
  return async () => await import(new URL(path, import.meta.url).href);
}

/** The everyday commands. */
export const EVERYDAY: EverydayVerbs = {
  "list-catalogs": lazy("../commands/catalogs/list_catalogs_run.ts"),
  "list-user-tokens": lazy("../commands/tokens/list_user_tokens_run.ts"),
  "whoami": lazy("../commands/auth/whoami_run.ts"),
};

/** A plain line: the command's run and its parsed flags. */
export interface PlainLine {
  run: PlainVerb["run"];
  flags: Record<string, unknown>;
}

function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The plain line `args` (global flags already taken out) is, or undefined when the parser must
 * read it. A value a flag refuses is left to the parser too, which words the error.
 */
export async function plainLine(
  args: readonly string[],
  verbs: EverydayVerbs,
): Promise<PlainLine | undefined> {
  const load = Object.hasOwn(verbs, args[0] ?? "") ? verbs[args[0]] : undefined;
  if (!load) return undefined;
  // The arguments' shape first: a line that is not plain does not load the module.
  for (const arg of args.slice(1)) {
    if (!/^--[a-z][a-z0-9-]*(=|$)|^[^-]/.test(arg)) return undefined;
  }
  const verb = await load();
  const flags: Record<string, unknown> = {};
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf("=");
    const typed = eq < 0 ? arg : arg.slice(0, eq);
    if (!/^--[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(typed)) return undefined;
    const name = camel(typed.slice(2));
    const flag = Object.hasOwn(verb.FLAGS, name) ? verb.FLAGS[name] : undefined;
    if (!flag || flag.variadic || Object.hasOwn(flags, name)) return undefined;
    if (flag.kind === "boolean") {
      if (eq >= 0) return undefined;
      flags[name] = true;
      continue;
    }
    if (flag.kind !== "parsed" || !flag.parse) return undefined;
    let value: string;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
      if (value === "") return undefined;
    } else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith("-")) return undefined;
      value = next;
      i++;
    }
    try {
      flags[name] = await flag.parse(value);
    } catch {
      return undefined;
    }
  }
  for (const [name, flag] of Object.entries(verb.FLAGS)) {
    if (!flag.optional && !Object.hasOwn(flags, name)) return undefined;
  }
  return { run: verb.run, flags };
}
