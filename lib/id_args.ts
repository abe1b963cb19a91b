/**
 * One way to say an id: a command that takes exactly one id takes it by its flag, as its first
 * argument, or under the other spelling of the flag (`--id` and `--token-id`). Done once here,
 * on the argument list, for every command, before the parser sees it.
 */
import { UsageError } from "./errors.ts";

/** The id flag of a command and the other name it answers to, both as typed. */
export interface IdFlag {
  flag: string;
  alias: string;
}

interface Declared {
  kind?: string;
  optional?: boolean;
  variadic?: unknown;
  hidden?: boolean;
}

interface Parameters {
  flags?: Readonly<Record<string, Declared>>;
  aliases?: Readonly<Record<string, string>>;
  positional?: { kind?: string; parameters?: readonly unknown[]; parameter?: unknown };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The one id flag of `command`: its only flag named `id` or `...Id`, when that flag is `id` or
 * required (an optional `--tenant-id` beside a name is context, not the object acted on), and
 * the command takes no positional argument of its own.
 */
export function idFlagOf(commandName: string, parameters: Parameters): IdFlag | undefined {
  const flags = parameters.flags ?? {};
  const positional = parameters.positional;
  if (positional && (positional.kind !== "tuple" || (positional.parameters?.length ?? 0) > 0)) {
    return undefined;
  }
  const ids = Object.entries(flags).filter(([name, f]) =>
    (name === "id" || /[a-z]Id$/.test(name)) && f.kind === "parsed" && !f.variadic && !f.hidden
  );
  if (ids.length !== 1) return undefined;
  const [name, flag] = ids[0];
  if (name !== "id" && flag.optional) return undefined;
  if (name !== "id") return flags.id ? undefined : { flag: kebab(name), alias: "id" };
  // `revoke-token-by-id --id` is also `--token-id`; `get-service-user --id`, `--service-user-id`.
  const noun = commandName.replace(/^[a-z]+-/, "").replace(/-(by-id|key|details)$/, "");
  const alias = `${noun}-id`;
  return flags[camel(alias)] ? undefined : { flag: "id", alias };
}

/**
 * Rewrites `command <id>` to `command --flag <id>`, and `--alias` to `--flag`. Anything else is
 * left for the parser, which reports it as it would.
 */
export function normalizeIdArgs(
  args: readonly string[],
  commandName: string,
  parameters: Parameters,
): string[] {
  const id = idFlagOf(commandName, parameters);
  const at = args.indexOf(commandName);
  if (!id || at < 0) return [...args];
  const flags = parameters.flags ?? {};
  const aliases = parameters.aliases ?? {};
  const takesValue = (name: string | undefined) =>
    name !== undefined && flags[name] !== undefined && flags[name].kind !== "boolean";
  const out = args.slice(0, at + 1);
  const positionals: number[] = [];
  let flagGiven = false;
  for (let i = at + 1; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      out.push(...args.slice(i));
      break;
    }
    if (arg.startsWith("--")) {
      const [name, value] = arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined];
      const typed = name === `--${id.alias}` ? `--${id.flag}` : name;
      if (typed === `--${id.flag}`) flagGiven = true;
      out.push(value === undefined ? typed : `${typed}=${value}`);
      if (value === undefined && takesValue(camel(typed.slice(2))) && i + 1 < args.length) {
        out.push(args[++i]);
      }
    } else if (arg.startsWith("-") && arg.length > 1) {
      out.push(arg);
      if (arg.length === 2 && takesValue(aliases[arg[1]]) && i + 1 < args.length) {
        out.push(args[++i]);
      }
    } else {
      positionals.push(out.length);
      out.push(arg);
    }
  }
  if (positionals.length !== 1) return out;
  if (flagGiven) {
    throw new UsageError(
      `The id is given twice: as the first argument and as --${id.flag}; give it once`,
    );
  }
  out.splice(positionals[0], 0, `--${id.flag}`);
  return out;
}
