/**
 * pangolin-admin: reads argv and the environment, builds the real context, runs the command,
 * and exits with its code. Nothing else touches the process.
 */

/** The command manifest, read only by the lines that need it (help, the parser, the shell). */
async function tree() {
  return (await import("./commands/mod.ts")).TREE;
}

async function main(args: string[]): Promise<number> {
  // `--version` and the top-level help are answered before the parser and the context are
  // loaded: they are what scripts and people run most to check a host, and should be instant.
  if (args.length === 1 && args[0] === "--version") {
    const { versionLine } = await import("./lib/version.ts");
    console.log(versionLine());
    return 0;
  }
  if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) {
    const [{ rootHelp }, groups] = await Promise.all([
      import("./lib/help.ts"),
      tree().then((t) => t.groups),
    ]);
    console.log(rootHelp(groups).trimEnd());
    return 0;
  }
  const [{ runCli }, { realContext }] = await Promise.all([
    import("./lib/cli.ts"),
    import("./lib/context.ts"),
  ]);
  return await runCli(tree, args, realContext);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
