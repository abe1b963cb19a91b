/**
 * The everyday fast path (lib/everyday.ts) runs a plain line of list-catalogs, list-user-tokens
 * or whoami without the parser: every line must print the same bytes and exit with the same
 * code as through the parser, and every line that is not plain must reach the parser.
 */
import assert from "node:assert/strict";
import { TREE } from "../commands/mod.ts";
import { runCli } from "../lib/cli.ts";
import { ConfigStore } from "../lib/config.ts";
import { configPath, type Context, type Io } from "../lib/context.ts";
import { EVERYDAY, plainLine } from "../lib/everyday.ts";
import type { GlobalOptions } from "../lib/globals.ts";
import { claimSecretFile } from "../lib/secret_file.ts";
import { childEnv, loginAs, run, tempHome } from "./helpers.ts";
import { SEED, type TestServer } from "./server/mod.ts";
import { startServer } from "./server/mod.ts";

const NOW = new Date();

/** One in-process run, through the fast path or (`parserOnly`) through the parser alone. */
async function runLine(argv: string[], home: string, parserOnly: boolean) {
  let out = "";
  let err = "";
  const stdout = { write: (s: string) => void (out += s) };
  const stderr = { write: (s: string) => void (err += s) };
  const env = { HOME: home };
  const io: Io = {
    stdout,
    stderr,
    stdinIsTerminal: false,
    stderrIsTerminal: false,
    readStdin: () => Promise.resolve(""),
  };
  const makeContext = (globals: GlobalOptions): Context => ({
    process: { stdout, stderr, env, exitCode: undefined },
    io,
    env,
    globals,
    config: new ConfigStore(configPath(env), stderr),
    prompter: {
      interactive: false,
      password: () => Promise.reject(new Error("no prompt expected")),
      input: () => Promise.reject(new Error("no prompt expected")),
      confirm: () => Promise.reject(new Error("no prompt expected")),
    },
    now: () => NOW,
    fetch: globalThis.fetch,
    readTextFile: (path) => Deno.readTextFile(path),
    claimSecretFile,
    createHttpClient: (options) => Deno.createHttpClient(options),
    cleanup: [],
    state: {},
  });
  const code = await runCli(TREE, argv, makeContext, false, parserOnly ? {} : EVERYDAY);
  return { code, stdout: out, stderr: err };
}

async function withAdmin(body: (server: TestServer, home: string) => Promise<void>) {
  const server = await startServer();
  try {
    const home = await loginAs(server.url, SEED.tenantAdmin.username, SEED.tenantAdmin.password, {
      tenantId: SEED.tenantId,
    });
    // Two recorded tokens of alice, so that her listing has rows.
    for (let i = 0; i < 2; i++) {
      const r = await run(["create-token", "--tenant-id", SEED.tenantId, "--username", "alice"], {
        home,
      });
      assert.equal(r.code, 0, r.stderr);
    }
    await body(server, home);
  } finally {
    await server.close();
  }
}

/** Lines the fast path takes; each is compared with the parser's run of the same line. */
const PLAIN: string[][] = [
  ["list-catalogs"],
  ["list-catalogs", "--limit", "1"],
  ["list-catalogs", "--limit=1", "--offset=1"],
  ["list-catalogs", "--all", "--limit", "1"],
  ["--json", "list-catalogs", "--all"],
  ["list-catalogs", "--all", "--limit", "0"],
  ["list-catalogs", "-q", "--offset", "5"],
  ["list-user-tokens", "--user-id", SEED.user.id],
  ["list-user-tokens", "--user-id", SEED.user.id.toUpperCase()],
  ["list-user-tokens", "--user-id", "alice", "--limit", "1"],
  ["list-user-tokens", "--user-id=alice", "--json"],
  ["list-user-tokens", "--user-id", "nobody"],
  ["list-user-tokens", "--user-id", SEED.tenantAdmin.id, "--all"],
  ["whoami"],
  ["whoami", "--check"],
  ["whoami", "--explain"],
  ["--json", "whoami", "--check"],
  ["whoami", "--min-valid", "2h", "--check"],
  ["whoami", "--min-valid", "400d"],
  ["whoami", "--min-valid=15m", "--explain", "--json"],
];

/** Lines that are not plain: the parser reads (and words) every one of them. */
const NOT_PLAIN: string[][] = [
  ["list-catalogs", "--limit"],
  ["list-catalogs", "--limit", "x"],
  ["list-catalogs", "--limit", "-1"],
  ["list-catalogs", "--limit="],
  ["list-catalogs", "--all", "--all"],
  ["list-catalogs", "--all=true"],
  ["list-catalogs", "--no-all"],
  ["list-catalogs", "--nope"],
  ["list-catalogs", "--Limit", "1"],
  ["list-catalogs", "--limit", "1", "--limit", "2"],
  ["list-catalogs", "-h"],
  ["list-catalogs", "--help"],
  ["list-catalogs", "extra"],
  ["list-catalogs", "--"],
  ["list-user-tokens"],
  ["list-user-tokens", SEED.user.id],
  ["list-user-tokens", "--id", SEED.user.id],
  ["list-user-tokens", "--userId", SEED.user.id],
  ["list-user-tokens", "--user-id", ""],
  ["whoami", "--check=true"],
  ["whoami", "--min-valid", "soon"],
  ["whoami", "-H"],
  ["help", "whoami"],
  ["list-profiles"],
];

Deno.test("a plain everyday line prints the same bytes and exit code as through the parser", async () => {
  await withAdmin(async (_server, home) => {
    const codes = new Set<number>();
    for (const argv of PLAIN) {
      const parser = await runLine(argv, home, true);
      const fast = await runLine(argv, home, false);
      assert.deepEqual(fast, parser, argv.join(" "));
      codes.add(fast.code);
    }
    // The lines cover success, usage (--all --limit 0), not found and an expiring token.
    assert.deepEqual([...codes].sort(), [0, 2, 3, 5]);
  });
});

Deno.test("a plain everyday line is taken by the fast path; any other line is not", async () => {
  for (const argv of PLAIN) {
    const rest = argv.filter((a) => a !== "--json" && a !== "-q");
    assert.ok(await plainLine(rest, EVERYDAY), `plain: ${argv.join(" ")}`);
  }
  for (const argv of NOT_PLAIN) {
    assert.equal(await plainLine(argv, EVERYDAY), undefined, `not plain: ${argv.join(" ")}`);
  }
  const parsed = await plainLine(
    ["list-user-tokens", "--user-id=alice", "--limit", "7", "--all"],
    EVERYDAY,
  );
  assert.deepEqual(parsed?.flags, { userId: "alice", limit: 7, all: true });
});

Deno.test("a line that is not plain prints what the parser prints", async () => {
  await withAdmin(async (_server, home) => {
    for (const argv of NOT_PLAIN) {
      const parser = await runLine(argv, home, true);
      const fast = await runLine(argv, home, false);
      assert.deepEqual(fast, parser, argv.join(" "));
    }
  });
});

Deno.test("not logged in: the fast path says so as the parser does", async () => {
  const home = await tempHome();
  for (
    const argv of [["list-catalogs"], ["whoami", "--check"], ["list-user-tokens", "--user-id", "x"]]
  ) {
    const parser = await runLine(argv, home, true);
    const fast = await runLine(argv, home, false);
    assert.equal(fast.code, 3, fast.stderr);
    assert.deepEqual(fast, parser, argv.join(" "));
  }
});

/** The ES modules a real run of main.ts loaded, from Deno's debug log. */
async function loadedModules(argv: string[], home: string): Promise<string[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "-P=cli",
      new URL("../main.ts", import.meta.url).pathname,
      ...argv,
    ],
    env: childEnv({ HOME: home, DENO_LOG: "debug" }),
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  const log = new TextDecoder().decode(out.stderr);
  return [
    ...log.matchAll(
      /code cache (?:hit|miss)? ?for ES module: (\S+),|Updating V8 code cache for ES module: (\S+),/g,
    ),
  ]
    .map((m) => m[1] ?? m[2]);
}

Deno.test("a plain everyday line does not load the parser; a help line does", async () => {
  const server = await startServer();
  try {
    const home = await loginAs(server.url, SEED.tenantAdmin.username, SEED.tenantAdmin.password, {
      tenantId: SEED.tenantId,
    });
    const fast = await loadedModules(["list-catalogs"], home);
    assert.ok(
      fast.some((m) => m.endsWith("/commands/catalogs/list_catalogs_run.ts")),
      fast.join("\n"),
    );
    assert.deepEqual(
      fast.filter((m) => /stricli|\/lib\/parser\.ts$|list_catalogs\.ts$/.test(m)),
      [],
    );
    const help = await loadedModules(["list-catalogs", "--help"], home);
    assert.ok(help.some((m) => m.includes("@stricli/core")), help.join("\n"));
    assert.ok(help.some((m) => m.endsWith("/lib/parser.ts")), help.join("\n"));
  } finally {
    await server.close();
  }
});

/** The modules `deno run main.ts` reads into its start-up graph: code imports only. */
async function startupGraph(): Promise<string[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", new URL("../main.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    roots: string[];
    modules: { specifier: string; dependencies?: { code?: { specifier: string } }[] }[];
  };
  const bySpecifier = new Map(info.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const walk = (specifier: string) => {
    if (seen.has(specifier)) return;
    seen.add(specifier);
    for (const d of bySpecifier.get(specifier)?.dependencies ?? []) {
      if (d.code) walk(d.code.specifier);
    }
  };
  walk(info.roots[0]);
  return [...seen];
}

Deno.test("start-up reads no npm package into its graph: the parser and prompts load later", async () => {
  const graph = await startupGraph();
  assert.ok(graph.some((s) => s.endsWith("/lib/cli.ts")), graph.join("\n"));
  assert.deepEqual(graph.filter((s) => s.startsWith("npm:")), []);
  assert.ok(!graph.some((s) => s.endsWith("/lib/parser.ts") || s.endsWith("/lib/prompt.ts")));
});

Deno.test("every module lib/ loads by a computed specifier is embedded by deno compile", async () => {
  const root = new URL("../", import.meta.url);
  const embed = await Deno.readTextFile(new URL("commands/embed.ts", root));
  const embedded = new Set(
    [...embed.matchAll(/^import "\.\.\/(lib\/[^"]+)";$/gm)].map((m) => m[1]),
  );
  const computed: string[] = [];
  for await (const entry of Deno.readDir(new URL("lib/", root))) {
    if (!entry.isFile || !entry.name.endsWith(".ts")) continue;
    const text = await Deno.readTextFile(new URL(`lib/${entry.name}`, root));
    for (const m of text.matchAll(/import\(new URL\("([^"]+)", import\.meta\.url\)/g)) {
      const target = new URL(m[1], new URL(`lib/${entry.name}`, root));
      computed.push(target.pathname.slice(root.pathname.length));
    }
    // A helper that takes the path (lazy(path)) names its targets as string literals.
    for (const m of text.matchAll(/lazy\("([^"]+)"\)/g)) {
      const target = new URL(m[1], new URL(`lib/${entry.name}`, root));
      computed.push(target.pathname.slice(root.pathname.length));
    }
  }
  assert.ok(
    computed.includes("lib/parser.ts") && computed.includes("lib/prompt.ts"),
    computed.join(),
  );
  const { commandModules } = await import("../.ci/compile.ts");
  const included = new Set(commandModules());
  assert.ok(included.has("commands/embed.ts"), "the compile task includes commands/embed.ts");
  for (const path of computed) {
    assert.ok(
      path.startsWith("commands/") ? included.has(path) : embedded.has(path),
      `${path} is loaded by a computed specifier but not embedded`,
    );
  }
});
