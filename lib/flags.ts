/** Flag declarations shared by many commands. */
import type { Paging } from "./api/client.ts";
import type { Context } from "./context.ts";
import { UsageError } from "./errors.ts";
import { intParser, parseRef, parseUuid } from "./validate.ts";

/** --limit, --offset and --all of every list command. */
export const pagingFlags = {
  limit: {
    kind: "parsed",
    parse: intParser(0, 1_000_000),
    optional: true,
    brief: "At most this many items (one page)",
    placeholder: "n",
  },
  offset: {
    kind: "parsed",
    parse: intParser(0, 1_000_000_000),
    optional: true,
    brief: "Skip this many items",
    placeholder: "n",
  },
  all: {
    kind: "boolean",
    optional: true,
    brief: "Follow pages to the end (--limit sets the page size)",
  },
} as const;

/** The paging flags' values. */
export interface PagingFlags {
  limit?: number;
  offset?: number;
  all?: boolean;
}

/** The Paging of a list command's flags. */
export function pagingOf(flags: PagingFlags): Paging {
  if (flags.all && flags.limit === 0) throw new UsageError("--all needs a --limit above 0");
  return { limit: flags.limit, offset: flags.offset, all: flags.all };
}

/**
 * Asks before a destructive step on a terminal; without one, `--yes` is required (nothing
 * waits for an answer that cannot come). Returns false when the person said no.
 */
export async function confirmOrRequireYes(
  ctx: Context,
  question: string,
  yes: boolean | undefined,
): Promise<boolean> {
  if (yes) return true;
  if (!ctx.prompter.interactive) {
    throw new UsageError(
      `${question.replace(/\?$/, "")}: refusing without --yes (no terminal to ask on)`,
    );
  }
  return await ctx.prompter.confirm(question);
}

/** A required flag that takes a UUID (refused before anything is sent when it is not one). */
export function uuidFlag(brief: string) {
  return { kind: "parsed", parse: parseUuid, brief, placeholder: "uuid" } as const;
}

/** An optional flag that takes a UUID. */
export function optionalUuidFlag(brief: string) {
  return { ...uuidFlag(brief), optional: true } as const;
}

/**
 * A required flag that takes a name or an id (lib/resolve.ts turns it into what the server
 * addresses); a value that can be neither is refused before anything is sent.
 */
export function refFlag(brief: string, placeholder = "name|id") {
  return { kind: "parsed", parse: parseRef, brief, placeholder } as const;
}

/** An optional flag that takes a name or an id. */
export function optionalRefFlag(brief: string, placeholder = "name|id") {
  return { ...refFlag(brief, placeholder), optional: true } as const;
}

/** --yes: skip the confirmation question (required when nobody can answer it). */
export const yesFlag = {
  kind: "boolean",
  optional: true,
  brief: "Do not ask for confirmation",
} as const;

/** --reason: recorded by the server with a revocation. */
export const reasonFlag = {
  kind: "parsed",
  parse: String,
  optional: true,
  brief: "Reason recorded with the revocation",
  placeholder: "text",
} as const;

/** One `-P key=value`: split at the first `=`; the key (trimmed) must not be empty. */
export function parseProperty(input: string): readonly [string, string] {
  const eq = input.indexOf("=");
  const key = eq < 0 ? "" : input.slice(0, eq).trim();
  if (key === "") throw new SyntaxError(`'${input}' is not key=value`);
  return [key, input.slice(eq + 1)] as const;
}

/** The repeatable `-P/--property key=value` flag (the old CLI's). */
export function propertyFlag(brief: string) {
  return {
    kind: "parsed",
    parse: parseProperty,
    variadic: true,
    optional: true,
    brief,
    placeholder: "key=value",
  } as const;
}
