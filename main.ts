/**
 * pangolin-admin: reads argv and the environment, builds the real context, runs the command,
 * and exits with its code. Nothing else touches the process.
 */
import { GROUPS, root } from "./commands/mod.ts";
import { runCli } from "./lib/cli.ts";
import { realContext } from "./lib/context.ts";

if (import.meta.main) {
  const code = await runCli({ root, groups: GROUPS }, Deno.args, realContext);
  Deno.exit(code);
}
