/**
 * Pieces shared by the warehouse, catalog and federated-catalog verbs: resource names,
 * `-P key=value` properties, client-side paging, the session's role, and not-found messages.
 */
import type { Paging } from "../../lib/api/client.ts";
import { looksSecret } from "../../lib/secrets.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError, CommandFailure, UsageError } from "../../lib/errors.ts";
import { confirmOrRequireYes, parseProperty, propertyFlag } from "../../lib/flags.ts";
import { warn } from "../../lib/output.ts";
import type { Session } from "../../lib/session.ts";
import { parseUuid } from "../../lib/validate.ts";

/**
 * A warehouse or catalog name: not empty, and not `.` or `..`, which a URL resolves away (the
 * request would reach another route).
 */
export function parseName(input: string): string {
  if (input === "") throw new SyntaxError("must not be empty");
  if (input === "." || input === "..") throw new SyntaxError(`'${input}' is not a usable name`);
  return input;
}

/** A positional name parameter. */
export function nameParameter(brief: string, placeholder = "name") {
  return { brief, parse: parseName, placeholder } as const;
}

/** One `key=value` of `-P/--property` (the value may be empty, the key may not). */
export type Property = readonly [string, string];

/** Parses `key=value` (shared by every `-P` flag). */
export { parseProperty, propertyFlag };

/**
 * The properties as a map. The same key twice with different values is a usage error rather
 * than a silent last-one-wins.
 */
export function propertiesOf(pairs: readonly Property[] | undefined): Record<string, string> {
  // A Map, then own properties: keys such as `constructor` or `__proto__` are plain keys here.
  const out = new Map<string, string>();
  for (const [k, v] of pairs ?? []) {
    if (out.has(k) && out.get(k) !== v) {
      throw new UsageError(`Property ${k} is given twice with different values`);
    }
    out.set(k, v);
  }
  return Object.fromEntries(out);
}

/** Adds `value` under `key` unless a different value is already there (a usage error). */
export function setOnce(
  map: Record<string, string>,
  key: string,
  value: string | undefined,
  flag: string,
): void {
  if (value === undefined) return;
  if (Object.hasOwn(map, key) && map[key] !== value) {
    throw new UsageError(`${flag} and -P ${key}=... disagree; give the value once`);
  }
  map[key] = value;
}

/** Warns once when secret-looking values were typed on the command line. */
export function warnVisibleSecrets(
  ctx: Context,
  pairs: readonly Property[] | undefined,
  instead: string,
): void {
  const keys = [...new Set((pairs ?? []).map(([k]) => k).filter(looksSecret))];
  if (keys.length === 0) return;
  warn(
    ctx,
    `Warning: -P ${keys.join(", ")} on the command line is visible to other local users ` +
      `(process list, shell history); prefer ${instead}.`,
  );
}

/**
 * Reads `key=value` lines from stdin (blank lines and `#` comments skipped), for values that
 * must not appear on the command line.
 */
export async function propertiesFromStdin(ctx: Context, flag: string): Promise<Property[]> {
  const text = await ctx.io.readStdin();
  const pairs: Property[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    try {
      pairs.push(parseProperty(line));
    } catch {
      throw new UsageError(`${flag}: line ${i + 1} is not key=value`);
    }
  }
  if (pairs.length === 0) throw new UsageError(`${flag} read no key=value lines`);
  return pairs;
}

/**
 * One page of a list the server does not page (api.md section 4): --offset and --limit on
 * the client; --all means everything from --offset on.
 */
export function pageLocally<T>(items: readonly T[], paging: Paging): T[] {
  const start = paging.offset ?? 0;
  if (paging.all || paging.limit === undefined) return items.slice(start);
  return items.slice(start, start + paging.limit);
}

/** The role in the session's token, when the credential is a token (else the server decides). */
export function roleOf(session: Session): string | undefined {
  const role = session.claims?.role;
  return typeof role === "string" ? role : undefined;
}

/** Whether a value is written like a UUID (the old CLI's `--id`, which the docs call an id). */
export function isUuid(value: string): boolean {
  try {
    parseUuid(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The name a command addresses: the positional, or the old CLI's `--id` (which always was the
 * name on the server). Both, when they differ, or neither, is a usage error.
 */
export function nameOrId(positional: string | undefined, id: string | undefined): string {
  if (positional !== undefined && id !== undefined && positional !== id) {
    throw new UsageError(`Give the name once: '${positional}' and --id '${id}' differ`);
  }
  const name = positional ?? id;
  if (name === undefined) throw new UsageError("Missing the name (or the old --id)");
  return name;
}

/** A 404 re-said plainly, keeping the status (exit 5) and adding a hint. */
export function notFound(err: unknown, what: string, message: string, hint: string): unknown {
  if (err instanceof ApiError && err.status === 404) {
    return new ApiError(what, 404, message, { ...err.options, hint });
  }
  return err;
}

/**
 * The first half of a destructive verb's confirmation: with nobody at a terminal and no
 * --yes, refuse at once, before anything is sent.
 */
export async function refuseEarlyWithoutYes(
  ctx: Context,
  question: string,
  yes: boolean | undefined,
): Promise<void> {
  if (!ctx.prompter.interactive) await confirmOrRequireYes(ctx, question, yes);
}

/** The second half: on a terminal, ask (unless --yes) once the facts are known. */
export async function confirmOnTerminal(
  ctx: Context,
  question: string,
  yes: boolean | undefined,
): Promise<void> {
  if (ctx.prompter.interactive && !(await confirmOrRequireYes(ctx, question, yes))) {
    throw new CommandFailure("Nothing was deleted (not confirmed).", 1);
  }
}

/** `--properties-stdin`: `key=value` lines from stdin, for values kept off the command line. */
export const propertiesStdinFlag = {
  kind: "boolean",
  optional: true,
  brief: "Also read key=value lines from stdin (for secrets)",
} as const;

/**
 * The `-P` pairs plus, with `--properties-stdin`, the lines read from stdin; warns when
 * secret-looking values were typed on the command line.
 */
export async function gatherProperties(
  ctx: Context,
  flags: { property?: readonly Property[]; propertiesStdin?: boolean },
  instead = "--properties-stdin",
): Promise<Record<string, string>> {
  warnVisibleSecrets(ctx, flags.property, instead);
  const pairs = [...(flags.property ?? [])];
  if (flags.propertiesStdin) pairs.push(...await propertiesFromStdin(ctx, "--properties-stdin"));
  return propertiesOf(pairs);
}
