/**
 * How a command is declared without loading the parser: `defineCommand` keeps the spec (docs,
 * parameters, func) as it is written, adding only its summary and description as `brief` and
 * `fullDescription`, where stricli's built command has them. The parser
 * (lib/parser.ts) wraps a spec with stricli's `buildCommand` when it builds the route map; the
 * fast path (lib/everyday.ts) reads the same spec's flags and runs its func. Only types come
 * from @stricli/core here, so nothing of it loads at run time.
 */
import type { BaseArgs, CommandBuilderArguments } from "@stricli/core";
import type { Context } from "./context.ts";

/** A declared command: what `buildCommand` takes, and its summary and description. */
// deno-lint-ignore no-explicit-any
export type CommandSpec = CommandBuilderArguments<any, any, Context> & {
  readonly brief: string;
  readonly fullDescription?: string;
};

/** Declares a command, typed as stricli's `buildCommand` types it; returns the same spec. */
export function defineCommand<
  const FLAGS extends Readonly<Partial<Record<keyof FLAGS, unknown>>> = NonNullable<unknown>,
  const ARGS extends BaseArgs = [],
>(spec: CommandBuilderArguments<FLAGS, ARGS, Context>): CommandSpec {
  const { brief, fullDescription } = spec.docs;
  return Object.assign(spec, { brief, fullDescription }) as unknown as CommandSpec;
}
