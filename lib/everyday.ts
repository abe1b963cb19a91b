/**
 * The fast path: a plain line of any command runs without building the parser. Every command is
 * declared as a spec (lib/command.ts); a plain line is read here from the same spec the parser
 * wraps, and its func is called as the parser would call it, with the same flags object.
 *
 * A line is plain when every argument after the command word is one of the command's flags,
 * spelt as its help spells it (kebab-case, long form), given at most once, with a value its own
 * parser accepts, and every required flag is there; a command's id may come first, rewritten as
 * lib/id_args.ts rewrites it for the parser. Flags left out get what stricli gives them: a
 * `default` (a parsed flag's through its `parse`), undefined when optional, false for a
 * required boolean. Anything else (help, an alias or short flag, `--no-…`, `--flag=value` for a
 * boolean, a misspelt, repeated or refused flag, a positional argument, `--`) and every command
 * with a kind of flag or parameter this file does not reproduce exactly goes to the parser, so
 * help pages and usage errors stay the parser's own, byte for byte.
 */
import type { CommandSpec } from "./command.ts";
import type { Context } from "./context.ts";
import { idFlagOf, normalizeIdArgs } from "./id_args.ts";

/** A flag as a spec declares it; the fast path reads only these fields. */
interface Flag {
  readonly kind: string;
  readonly parse?: (this: Context, input: string) => unknown;
  readonly optional?: boolean;
  readonly default?: unknown;
  readonly values?: readonly string[];
}

/** The fields the fast path reproduces, by flag kind; any other field leaves it to the parser. */
const KNOWN_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  boolean: new Set(["kind", "brief", "optional", "default", "withNegated", "hidden"]),
  parsed: new Set([
    "kind",
    "parse",
    "brief",
    "optional",
    "default",
    "placeholder",
    "hidden",
    "proposeCompletions",
  ]),
  enum: new Set(["kind", "values", "brief", "optional", "default", "placeholder", "hidden"]),
};

/** An argument of a command (a positional parameter) as a spec declares it. */
interface Positional {
  readonly parse?: (this: Context, input: string) => unknown;
  readonly optional?: boolean;
  readonly default?: unknown;
  readonly placeholder?: string;
}

/** The fields of an argument the fast path reproduces when the line leaves it out. */
const POSITIONAL_FIELDS: ReadonlySet<string> = new Set([
  "parse",
  "brief",
  "placeholder",
  "optional",
  "default",
  "proposeCompletions",
]);

/** The manifest the fast path looks a command up in (commands/mod.ts). */
export interface Manifest {
  readonly groups: readonly {
    readonly commands: readonly { name: string; load: () => Promise<CommandSpec> }[];
  }[];
}

/** A plain line: the command's func and its parsed flags. */
export interface PlainLine {
  // deno-lint-ignore no-explicit-any
  run: (this: Context, flags: any, ...args: any[]) => unknown;
  flags: Record<string, unknown>;
  /** The arguments the line leaves out, as stricli fills them in (default, or undefined). */
  args: unknown[];
}

/** `userId` as stricli's help and scanner spell it: `user-id`. */
function kebab(name: string): string {
  return [...name].map((c, i) => {
    const lower = c.toLowerCase();
    return i === 0 || c.toUpperCase() !== c || c === lower ? c : `-${lower}`;
  }).join("");
}

/**
 * Why the fast path leaves every line of this command to the parser, or undefined when it reads
 * the command's plain lines itself.
 */
export function parserOnlyReason(spec: CommandSpec): string | undefined {
  if (!("func" in spec) || typeof spec.func !== "function") return "its func is loaded lazily";
  const parameters = spec.parameters as {
    flags?: Record<string, Flag>;
    positional?: { kind?: string; parameters?: readonly Positional[] };
  };
  const positional = parameters.positional;
  if (positional && positional.kind !== "tuple") return "it takes a list of arguments";
  for (const p of (positional?.parameters ?? []) as Positional[]) {
    const other = Object.keys(p).find((field) => !POSITIONAL_FIELDS.has(field));
    if (other) return `its argument <${p.placeholder}> declares ${other}`;
    if (typeof p.parse !== "function") return `its argument <${p.placeholder}> has no parse`;
    // A plain line names no argument: one the command needs is never in it.
    if (!p.optional && typeof p.default !== "string") {
      return `it needs the argument <${p.placeholder}>`;
    }
  }
  for (const [name, flag] of Object.entries(parameters.flags ?? {})) {
    const known = KNOWN_FIELDS[flag.kind];
    if (!known) return `--${kebab(name)} is a ${flag.kind} flag`;
    const other = Object.keys(flag).find((field) => !known.has(field));
    if (other) return `--${kebab(name)} declares ${other}`;
    if (flag.kind === "parsed" && typeof flag.parse !== "function") {
      return `--${kebab(name)} has no parse`;
    }
    if (flag.kind === "enum" && !Array.isArray(flag.values)) {
      return `--${kebab(name)} has no values`;
    }
    if (name.startsWith("no") && /[A-Z]/.test(name[2] ?? "")) {
      return `--${kebab(name)} reads as a negation`;
    }
  }
  return undefined;
}

/** The value stricli gives a flag the line leaves out; `missing` when it would refuse the line. */
async function absentValue(flag: Flag, ctx: Context): Promise<unknown> {
  if (flag.default !== undefined) {
    if (flag.kind === "boolean" || flag.kind === "enum") return flag.default;
    if (typeof flag.default !== "string") return MISSING;
    return await flag.parse!.call(ctx, flag.default);
  }
  if (flag.optional) return undefined;
  if (flag.kind === "boolean") return false;
  return MISSING;
}

const MISSING = Symbol("missing");

/**
 * The plain line `args` (global flags already taken out) is, or undefined when the parser must
 * read it. A value a flag refuses is left to the parser too, which words the error.
 */
export async function plainLine(
  args: readonly string[],
  manifest: Manifest,
  ctx: Context,
): Promise<PlainLine | undefined> {
  const word = args[0];
  const entry = manifest.groups.flatMap((g) => g.commands).find((c) => c.name === word);
  if (!entry) return undefined;
  // The arguments' shape first: a line that is not plain does not load the module.
  for (const arg of args.slice(1)) {
    if (!/^--[a-z][a-z0-9-]*(=|$)|^[^-]/.test(arg)) return undefined;
  }
  const spec = await entry.load();
  if (parserOnlyReason(spec) !== undefined || !("func" in spec)) return undefined;
  const declared = (spec.parameters.flags ?? {}) as Record<string, Flag>;
  const byTyped = new Map(Object.keys(declared).map((name) => [`--${kebab(name)}`, name]));
  let line: string[] = [...args];
  if (idFlagOf(word, spec.parameters)) {
    try {
      line = normalizeIdArgs(line, word, spec.parameters);
    } catch {
      return undefined;
    }
  }
  try {
    const flags: Record<string, unknown> = {};
    const given = new Set<string>();
    for (let i = 1; i < line.length; i++) {
      const arg = line[i];
      const eq = arg.indexOf("=");
      const typed = eq < 0 ? arg : arg.slice(0, eq);
      const name = byTyped.get(typed);
      if (name === undefined || given.has(name)) return undefined;
      given.add(name);
      const flag = declared[name];
      if (flag.kind === "boolean") {
        if (eq >= 0) return undefined;
        flags[name] = true;
        continue;
      }
      let value: string;
      if (eq >= 0) {
        value = arg.slice(eq + 1);
        if (value === "") return undefined;
      } else {
        const next = line[i + 1];
        if (next === undefined || next.startsWith("-")) return undefined;
        value = next;
        i++;
      }
      if (flag.kind === "enum") {
        if (!flag.values!.includes(value)) return undefined;
        flags[name] = value;
      } else {
        flags[name] = await flag.parse!.call(ctx, value);
      }
    }
    // As stricli builds it: every declared flag a key, in declaration order.
    const ordered: Record<string, unknown> = {};
    for (const [name, flag] of Object.entries(declared)) {
      const value = given.has(name) ? flags[name] : await absentValue(flag, ctx);
      if (value === MISSING) return undefined;
      ordered[name] = value;
    }
    const positional = (spec.parameters.positional ?? {}) as { parameters?: Positional[] };
    const rest: unknown[] = [];
    for (const p of positional.parameters ?? []) {
      rest.push(typeof p.default === "string" ? await p.parse!.call(ctx, p.default) : undefined);
    }
    const idFlag = idFlagOf(word, spec.parameters);
    if (idFlag) ctx.state.idFlag = idFlag;
    return { run: spec.func, flags: ordered, args: rest };
  } catch {
    // A value (or a default) its own parse refuses: the parser says so in its words.
    return undefined;
  }
}
