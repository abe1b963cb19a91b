/**
 * The fast path (lib/everyday.ts) runs a plain line of any command without the parser: it reads
 * the same spec the parser wraps, every line it takes must print the same bytes, exit with the
 * same code and send the same requests as through the parser, and every line that is not plain
 * must reach the parser.
 */
import assert from "node:assert/strict";
import { TREE } from "../commands/mod.ts";
import { runCli } from "../lib/cli.ts";
import type { CommandSpec } from "../lib/command.ts";
import { ConfigStore } from "../lib/config.ts";
import { configPath, type Context, type Io } from "../lib/context.ts";
import { parserOnlyReason, plainLine } from "../lib/everyday.ts";
import type { GlobalOptions } from "../lib/globals.ts";
import { commandFor } from "../lib/parser.ts";
import { claimSecretFile } from "../lib/secret_file.ts";
import { childEnv, loginAs, loginAsTenantAdmin, run, tempHome } from "./helpers.ts";
import {
  type RecordedRequest,
  SEED,
  SEED_CATALOGS,
  SEED_PERMISSION_ID,
  type TestServer,
} from "./server/mod.ts";
import { startServer } from "./server/mod.ts";

const NOW = new Date();
const ABSENT = "0b8e3c1d-9a7f-4e26-b5d4-7c6a1f2e3d49";

/** A context like the real one, over captured streams, for one in-process run. */
function contextMaker(home: string) {
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
  return { makeContext, printed: () => ({ stdout: out, stderr: err }) };
}

/** One in-process run, through the fast path or (`parserOnly`) through the parser alone. */
async function runLine(argv: string[], home: string, parserOnly: boolean) {
  const { makeContext, printed } = contextMaker(home);
  const code = await runCli(TREE, argv, makeContext, false, !parserOnly);
  return { code, ...printed() };
}

/** What the fast path makes of a line (global flags already taken out). */
async function plain(argv: string[]) {
  const { makeContext } = contextMaker("/nonexistent.invalid");
  return await plainLine(argv, TREE, makeContext({ json: false }));
}

/** The seeded ids, the same in every world; any other id is made in the world it names. */
const SEEDED_IDS = new Set(
  [
    SEED.defaultTenantId,
    SEED.rootId,
    SEED.tenantId,
    SEED.tenantAdmin.id,
    SEED.user.id,
    SEED_CATALOGS.sales.id,
    SEED_CATALOGS.marketing.id,
    SEED_PERMISSION_ID,
    ABSENT,
  ].map((id) => id.toLowerCase()),
);

/**
 * A value of one world made comparable with another's: ids the world minted (the two tokens
 * of alice) become `<minted id>`, everything else is kept as it is.
 */
function acrossWorlds<T>(value: T): T {
  const text = JSON.stringify(value).replace(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
    (id) => SEEDED_IDS.has(id.toLowerCase()) ? id : "<minted id>",
  );
  return JSON.parse(text);
}

/** A request as the double saw it; `withHeaders` keeps the headers (same session only). */
function seen(requests: RecordedRequest[], withHeaders: boolean) {
  return requests.map((r) => ({ ...r, headers: withHeaders ? r.headers : undefined }));
}

async function withSession(
  as: "tenant-admin" | "root",
  body: (server: TestServer, home: string) => Promise<void>,
) {
  const server = await startServer();
  try {
    const home = as === "root"
      ? await loginAs(server.url, SEED.rootUsername, SEED.rootPassword)
      : await loginAsTenantAdmin(server.url);
    // Two recorded tokens of alice, so that her listing has rows.
    for (let i = 0; i < 2; i++) {
      const r = await run(
        ["create-token", "--tenant-id", SEED.tenantId, "--username", SEED.user.username],
        { home },
      );
      assert.equal(r.code, 0, r.stderr);
    }
    server.clearRequests();
    await body(server, home);
  } finally {
    await server.close();
  }
}

// ---------------------------------------------------------------------------------------------
// (a) Every command of the manifest: one spec, read by both, and flag kinds the fast path knows.

/** The commands the fast path leaves to the parser whole, and why (lib/everyday.ts). */
const PARSER_ONLY: Readonly<Record<string, string>> = {
  "use": "it needs the argument <tenant-name>",
  "use-profile": "it needs the argument <profile>",
  "remove-profile": "it needs the argument <profile>",
  "create-tenant": "--property declares variadic",
  "update-tenant": "--property declares variadic",
  "delete-tenant": "it needs the argument <tenant>",
  "create-user": "it needs the argument <username>",
  "delete-user": "it needs the argument <user>",
  "create-warehouse": "it needs the argument <name>",
  "delete-warehouse": "it needs the argument <name>",
  "create-catalog": "it needs the argument <name>",
  "update-catalog": "--property declares variadic",
  "delete-catalog": "it needs the argument <name>",
  "catalog-summary": "it needs the argument <name>",
  "list-namespace-tree": "it needs the argument <catalog>",
  "create-federated-catalog": "it needs the argument <name>",
  "delete-federated-catalog": "it needs the argument <name>",
  "test-federated-catalog": "it needs the argument <name>",
  "sync-federated-catalog": "it needs the argument <name>",
  "get-federated-stats": "it needs the argument <name>",
  "grant-permission": "it needs the argument <user>",
  "set-metadata": "--property declares variadic",
  "search": "it needs the argument <query>",
  "validate": "it takes a list of arguments",
  "completions": "it needs the argument <shell>",
};

/** The flag kinds the fast path reads itself. */
const FAST_KINDS = new Set(["boolean", "parsed", "enum"]);

async function everyCommand(): Promise<{ name: string; spec: CommandSpec }[]> {
  const all = TREE.groups.flatMap((g) => g.commands);
  return await Promise.all(all.map(async (c) => ({ name: c.name, spec: await c.load() })));
}

Deno.test("every command: the parser wraps the very spec the fast path reads", async () => {
  const commands = await everyCommand();
  assert.ok(commands.length > 80, `${commands.length} commands`);
  for (const { name, spec } of commands) {
    const command = commandFor(spec);
    assert.equal(command.parameters, spec.parameters, `${name}: the same parameters object`);
    const flags = Object.keys(spec.parameters.flags ?? {});
    assert.deepEqual(Object.keys(command.parameters.flags ?? {}), flags, name);
    for (const flag of flags) assert.ok(command.usesFlag(flag, "original"), `${name} --${flag}`);
    assert.equal(command.brief, spec.brief, name);
  }
});

Deno.test("every command: its flags are all of kinds the fast path reads, or it is parser only", async () => {
  const parserOnly: Record<string, string> = {};
  for (const { name, spec } of await everyCommand()) {
    const reason = parserOnlyReason(spec);
    if (reason !== undefined) {
      parserOnly[name] = reason;
      continue;
    }
    const flags = Object.entries(spec.parameters.flags ?? {}) as [string, { kind: string }][];
    for (const [flag, declared] of flags) {
      assert.ok(FAST_KINDS.has(declared.kind), `${name} --${flag}: ${declared.kind}`);
    }
  }
  assert.deepEqual(parserOnly, PARSER_ONLY);
});

Deno.test("the fast path reproduces what stricli gives a flag that is left out", async () => {
  const spec = {
    docs: { brief: "b" },
    parameters: {
      flags: {
        count: { kind: "parsed", parse: Number, default: "7", brief: "n" },
        shape: { kind: "enum", values: ["round", "flat"], default: "flat", brief: "s" },
        verbose: { kind: "boolean", brief: "v" },
        quiet: { kind: "boolean", default: true, brief: "q" },
        maybe: { kind: "parsed", parse: String, optional: true, brief: "m" },
        needed: { kind: "parsed", parse: String, brief: "r" },
      },
    },
    func() {},
    brief: "b",
  } as unknown as CommandSpec;
  const manifest = {
    groups: [{ commands: [{ name: "probe", load: () => Promise.resolve(spec) }] }],
  };
  const { makeContext } = contextMaker("/nonexistent.invalid");
  const ctx = makeContext({ json: false });
  const line = await plainLine(["probe", "--needed", "x"], manifest, ctx);
  assert.deepEqual(line?.flags, {
    count: 7,
    shape: "flat",
    verbose: false,
    quiet: true,
    maybe: undefined,
    needed: "x",
  });
  const given = await plainLine(
    ["probe", "--needed=y", "--shape", "round", "--verbose"],
    manifest,
    ctx,
  );
  assert.deepEqual(given?.flags, {
    count: 7,
    shape: "round",
    verbose: true,
    quiet: true,
    maybe: undefined,
    needed: "y",
  });
  // A required flag left out, a value outside the enum, a negation: the parser's to word.
  for (
    const argv of [
      ["probe"],
      ["probe", "--needed", "x", "--shape", "square"],
      ["probe", "--needed", "x", "--no-quiet"],
      ["probe", "--needed", "x", "--count", "1", "--count", "2"],
    ]
  ) {
    assert.equal(await plainLine(argv, manifest, ctx), undefined, argv.join(" "));
  }
});

// ---------------------------------------------------------------------------------------------
// (b) Plain lines of many commands: the same bytes, exit code and requests either way.

/** Read lines of a tenant admin's session, each compared with the parser's run of it. */
const PLAIN_READS: string[][] = [
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
  ["list-user-tokens", "alice"],
  ["list-user-tokens", "--id", "alice"],
  ["whoami"],
  ["whoami", "--check"],
  ["whoami", "--explain"],
  ["--json", "whoami", "--check"],
  ["whoami", "--min-valid", "2h", "--check"],
  ["whoami", "--min-valid", "400d"],
  ["whoami", "--min-valid=15m", "--explain", "--json"],
  ["list-users"],
  ["list-users", "--limit", "1", "--offset", "1"],
  ["--json", "list-users", "--all", "--limit", "1"],
  ["list-warehouses"],
  ["list-roles", "--all"],
  ["list-permissions", "--user", "alice"],
  ["list-service-users"],
  ["get-service-user", ABSENT],
  ["get-role", "--id", ABSENT],
  ["list-user-roles", "alice"],
  ["list-my-tokens", "--json"],
  ["list-federated-catalogs"],
  ["list-access-requests"],
  ["list-audit-events", "--limit", "2"],
  ["count-audit-events", "--user-id", "alice"],
  ["token-report", "--max-age", "30d"],
  ["--json", "token-report"],
  ["list-merge-operations", "--catalog", SEED_CATALOGS.sales.name],
  ["get-metadata", "--asset-id", ABSENT],
  ["list-profiles"],
  ["list-profiles", "--names"],
  // Writes that stop before sending one: a dry run, and a destructive step without --yes.
  ["revoke-user-tokens", "--user-id", "alice", "--dry-run"],
  ["offboard-user", "--user-id", "alice", "--dry-run", "--include-service-users"],
  ["revoke-user-tokens", "--user-id", "alice"],
  ["delete-role", ABSENT],
  ["revoke-permission", "--id", SEED_PERMISSION_ID],
];

/** Read lines of root's session. */
const ROOT_READS: string[][] = [
  ["list-tenants"],
  ["list-tenants", "--all", "--limit", "1"],
  ["get-system-settings"],
  ["stats"],
  ["--json", "list-users"],
];

/** Lines that change the server: each side runs in a fresh, identically seeded world. */
const PLAIN_WRITES: { as: "tenant-admin" | "root"; argv: string[] }[] = [
  { as: "tenant-admin", argv: ["update-user", "--id", "alice", "--email", "a2@example.invalid"] },
  { as: "tenant-admin", argv: ["update-user", "alice", "--active", "false"] },
  { as: "tenant-admin", argv: ["revoke-user-tokens", "--user-id", "alice", "--yes"] },
  { as: "tenant-admin", argv: ["revoke-token-by-id", ABSENT] },
  { as: "tenant-admin", argv: ["revoke-permission", "--id", SEED_PERMISSION_ID, "--yes"] },
  { as: "tenant-admin", argv: ["update-access-request", "--id", ABSENT, "--status", "approved"] },
  { as: "tenant-admin", argv: ["logout"] },
  { as: "root", argv: ["update-system-settings", "--allow-public-signup", "true"] },
  { as: "root", argv: ["cleanup-expired-tokens"] },
];

/** Lines the fast path declines: a refused value, an alias, help; the parser words them. */
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
  ["list-user-tokens", "--userId", SEED.user.id],
  ["list-user-tokens", "--user-id", ""],
  ["list-user-tokens", "alice", "--user-id", "alice"],
  ["whoami", "--check=true"],
  ["whoami", "--min-valid", "soon"],
  ["whoami", "-H"],
  ["help", "whoami"],
  ["list-users", "--limit", "1.5"],
  ["list-users", "--offset", "-3"],
  ["update-user", "--id", "alice", "--active", "maybe"],
  ["update-user", "--id", "alice", "--email", "not-an-email"],
  ["token-report", "--max-age", "soon"],
  ["revoke-token-by-id", "--id", "not-a-uuid"],
  ["get-service-user"],
  ["delete-role", ABSENT, "-y"],
  ["revoke-permission", SEED_PERMISSION_ID],
  ["list-users", "--all", "--limit", "1", "--all"],
  ["create-user", "bob", "--email", "b@example.invalid"],
  ["use-profile", "default"],
];

async function compareReads(as: "tenant-admin" | "root", lines: string[][]) {
  const codes = new Set<number>();
  await withSession(as, async (server, home) => {
    for (const argv of lines) {
      server.clearRequests();
      const parser = await runLine(argv, home, true);
      const parserRequests = seen(server.requests, true);
      server.clearRequests();
      const fast = await runLine(argv, home, false);
      assert.deepEqual(fast, parser, argv.join(" "));
      assert.deepEqual(seen(server.requests, true), parserRequests, `requests: ${argv.join(" ")}`);
      codes.add(fast.code);
    }
  });
  return codes;
}

Deno.test("a plain read line prints, exits and asks the server the same as through the parser", async () => {
  for (const argv of [...PLAIN_READS, ...ROOT_READS]) {
    const rest = argv.filter((a) => a !== "--json" && a !== "-q");
    assert.ok(await plain(rest), `plain: ${argv.join(" ")}`);
  }
  const codes = await compareReads("tenant-admin", PLAIN_READS);
  // Success, usage (--all --limit 0, no --yes), not found and an expiring token.
  assert.deepEqual([...codes].sort(), [0, 2, 3, 5]);
  const rootCodes = await compareReads("root", ROOT_READS);
  assert.deepEqual([...rootCodes], [0]);
});

Deno.test("a plain write line changes the server as the parser's run of it does", async () => {
  const codes = new Set<number>();
  for (const { as, argv } of PLAIN_WRITES) {
    assert.ok(await plain(argv), `plain: ${argv.join(" ")}`);
    const sides: {
      result: Awaited<ReturnType<typeof runLine>>;
      requests: ReturnType<typeof seen>;
    }[] = [];
    for (const parserOnly of [true, false]) {
      await withSession(as, async (server, home) => {
        const result = await runLine(argv, home, parserOnly);
        sides.push(acrossWorlds({ result, requests: seen(server.requests, false) }));
      });
    }
    const [parser, fast] = sides;
    assert.deepEqual(fast.result, parser.result, argv.join(" "));
    assert.deepEqual(fast.requests, parser.requests, `requests: ${argv.join(" ")}`);
    assert.ok(parser.requests.some((r) => r.method !== "GET"), `${argv.join(" ")} writes`);
    codes.add(fast.result.code);
  }
  assert.deepEqual([...codes].sort(), [0, 5]);
});

Deno.test("a line that is not plain is left to the parser, and prints what the parser prints", async () => {
  for (const argv of NOT_PLAIN) {
    assert.equal(await plain(argv), undefined, `not plain: ${argv.join(" ")}`);
  }
  await withSession("tenant-admin", async (server, home) => {
    for (const argv of NOT_PLAIN) {
      server.clearRequests();
      const parser = await runLine(argv, home, true);
      const parserRequests = seen(server.requests, true);
      server.clearRequests();
      const fast = await runLine(argv, home, false);
      assert.deepEqual(fast, parser, argv.join(" "));
      assert.deepEqual(seen(server.requests, true), parserRequests, `requests: ${argv.join(" ")}`);
    }
  });
});

Deno.test("the fast path hands the func the flags object stricli would", async () => {
  const parsed = await plain(["list-user-tokens", "--user-id=alice", "--limit", "7", "--all"]);
  assert.deepEqual(parsed?.flags, { userId: "alice", limit: 7, offset: undefined, all: true });
  const byId = await plain(["list-user-tokens", SEED.user.id]);
  assert.deepEqual(byId?.flags, {
    userId: SEED.user.id,
    limit: undefined,
    offset: undefined,
    all: undefined,
  });
});

Deno.test("not logged in: the fast path says so as the parser does", async () => {
  const home = await tempHome();
  for (
    const argv of [
      ["list-catalogs"],
      ["whoami", "--check"],
      ["list-user-tokens", "--user-id", "x"],
      ["list-tenants"],
      ["update-user", "--id", "alice", "--email", "a@example.invalid"],
    ]
  ) {
    const parser = await runLine(argv, home, true);
    const fast = await runLine(argv, home, false);
    assert.equal(fast.code, 3, fast.stderr);
    assert.deepEqual(fast, parser, argv.join(" "));
  }
});

// ---------------------------------------------------------------------------------------------
// (c) A real process: a plain line of any command loads no @stricli module.

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

Deno.test("a plain line of any command does not load the parser; a help line does", async () => {
  const server = await startServer();
  try {
    const admin = await loginAsTenantAdmin(server.url);
    const root = await loginAs(server.url, SEED.rootUsername, SEED.rootPassword);
    for (
      const [home, argv, module] of [
        [admin, ["list-catalogs"], "/commands/catalogs/list_catalogs.ts"],
        [admin, ["list-users", "--limit", "5"], "/commands/users/list_users.ts"],
        [root, ["list-tenants", "--all"], "/commands/tenants/list_tenants.ts"],
        [admin, ["get-role", ABSENT], "/commands/governance/get_role.ts"],
      ] as const
    ) {
      const fast = await loadedModules([...argv], home);
      assert.ok(fast.some((m) => m.endsWith(module)), `${argv.join(" ")}:\n${fast.join("\n")}`);
      assert.deepEqual(
        fast.filter((m) => /stricli|\/lib\/parser\.ts$/.test(m)),
        [],
        argv.join(" "),
      );
    }
    const help = await loadedModules(["list-users", "--help"], admin);
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

Deno.test("no command module imports @stricli/core: each is declared with defineCommand", async () => {
  const root = new URL("../commands/", import.meta.url);
  const offenders: string[] = [];
  const walk = async (dir: URL) => {
    for await (const entry of Deno.readDir(dir)) {
      const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
      if (entry.isDirectory) await walk(url);
      else if (entry.name.endsWith(".ts")) {
        const text = await Deno.readTextFile(url);
        // Type imports vanish at run time; a value import would load the parser's package.
        if (/^import (?!type )[^;]*from "@stricli\/core"/m.test(text)) offenders.push(url.pathname);
      }
    }
  };
  await walk(root);
  assert.deepEqual(offenders, []);
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
