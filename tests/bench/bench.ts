/**
 * `deno task bench`: every row of BENCHMARKS.md, each against a baseline measured in the same
 * run (a bare Deno script with the CLI's `-P=cli` permissions doing the same requests), in
 * interleaved pairs so that the load of a shared machine hits both alike. Runs against the test
 * double and, when its binary is found (PANGOLIN_SERVER_BIN, else ../shared/pangolin-server),
 * against the real Pangolin server too. Peak memory is each child's max RSS (GNU time).
 *
 * Rewrites BENCHMARKS.md (only prints it with --no-write). Knobs, all optional:
 *   BENCH_PAIRS=<n>      pairs per everyday row (default 20, at least 15 for the goal)
 *   BENCH_LOOP=<n>       tokens the one-process-per-token loop revokes (default 1000; the
 *                        ratio is then per 1,000)
 *   BENCH_USERS=<n>      users of the incident row (default 2000, 5 tokens each)
 *   BENCH_SCALE=<f>      multiplies the listing sizes (default 1; 0.01 for a quick trial)
 *   BENCH_REAL_COUNTS=<a,b>    token counts of the listing rows, real server (100000,150000)
 *   BENCH_DOUBLE_COUNTS=<a,b>  the same for the double (100000,300000,1000000)
 *   BENCH_SWEEP=<a,b>    page sizes of the real server's sweep (1000,2000,5000,10000,20000,50000;
 *                        "none" skips it)
 *   BENCH_ONLY=<a,b>     sections: startup, everyday, revoke, incident, listing
 *   BENCH_SERVERS=<a,b>  double, real (default both, real only when found)
 */
import {
  type BenchServer,
  type BenchTenant,
  createTenant,
  createUsers,
  mintTokens,
  realServerBinary,
  startDouble,
  startReal,
} from "./servers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const DENO = Deno.execPath();
const RUN = [DENO, "run", "-q", "--no-prompt", "-P=cli"];
const CLI = [...RUN, `${ROOT}main.ts`];
const BARE = (script: string) => [...RUN, `${ROOT}tests/bench/bare/${script}`];
const decoder = new TextDecoder();
/** The CLI's revocation concurrency, which the bare loop copies. */
const CONCURRENCY = 8;

// ---------------------------------------------------------------------------------------------
// Measuring

/** One run of a child: wall time, peak RSS, and its stdout when asked for. */
interface Sample {
  ms: number;
  peakMb: number;
  stdout?: string;
}

const timeFile = await Deno.makeTempFile({ prefix: "pangolin-bench-time-" });
const denoDir = Deno.env.get("DENO_DIR") ??
  `${Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME")}/.cache`}/deno`;

/** Runs argv under GNU time (which reports the child's max RSS); throws when it fails. */
async function measure(
  argv: string[],
  opts: { env?: Record<string, string>; keepStdout?: boolean; stdin?: string } = {},
): Promise<Sample> {
  const started = performance.now();
  const child = new Deno.Command("/usr/bin/time", {
    args: ["-f", "%M", "-o", timeFile, ...argv],
    // The temporary HOME of a run must not move Deno's module cache.
    env: { DENO_DIR: denoDir, ...opts.env },
    cwd: ROOT,
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: opts.keepStdout ? "piped" : "null",
    stderr: "piped",
  }).spawn();
  if (opts.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(opts.stdin));
    await w.close();
  }
  const out = await child.output();
  const ms = performance.now() - started;
  if (!out.success) {
    throw new Error(`${argv.slice(4).join(" ")} failed: ${decoder.decode(out.stderr).trim()}`);
  }
  const kb = Number((await Deno.readTextFile(timeFile)).trim().split("\n").at(-1));
  return {
    ms,
    peakMb: kb / 1024,
    stdout: opts.keepStdout ? decoder.decode(out.stdout) : undefined,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** What a row of paired runs found. */
interface Paired {
  cli: number;
  base: number;
  /** Median of the per-pair ratios cli/base. */
  ratio: number;
  cliPeakMb: number;
  basePeakMb: number;
  pairs: number;
}

/**
 * `pairs` runs of each, interleaved, which one goes first alternating; one warm-up of each
 * first. `prepare` runs before every measured run, unmeasured (fresh tokens to revoke).
 */
async function paired(
  pairs: number,
  cli: () => Promise<Sample>,
  base: () => Promise<Sample>,
  prepare?: () => Promise<void>,
  warmUp = true,
): Promise<Paired> {
  if (warmUp) {
    await prepare?.();
    await cli();
    await prepare?.();
    await base();
  }
  const c: Sample[] = [];
  const b: Sample[] = [];
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 === 0 ? [cli, base] : [base, cli];
    for (const run of order) {
      await prepare?.();
      (run === cli ? c : b).push(await run());
    }
  }
  return {
    cli: median(c.map((s) => s.ms)),
    base: median(b.map((s) => s.ms)),
    ratio: median(c.map((s, i) => s.ms / b[i].ms)),
    cliPeakMb: Math.max(...c.map((s) => s.peakMb)),
    basePeakMb: Math.max(...b.map((s) => s.peakMb)),
    pairs,
  };
}

function log(text: string) {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
}

// ---------------------------------------------------------------------------------------------
// Set-up shared by the sections

/** A HOME whose default profile is logged in as the tenant's admin. */
async function homeWithLogin(server: BenchServer, tenant: BenchTenant): Promise<string> {
  const home = await Deno.makeTempDir({ prefix: "pangolin-bench-home-" });
  await measure(
    [
      ...CLI,
      "login",
      "--url",
      server.url,
      "-u",
      tenant.adminUsername,
      "-t",
      tenant.id,
      "--password-stdin",
    ],
    { env: { HOME: home }, stdin: tenant.adminPassword },
  );
  return home;
}

/** The token the profile in `home` saved (the bare scripts use the same session). */
async function savedToken(home: string): Promise<string> {
  const config = JSON.parse(await Deno.readTextFile(`${home}/.pangolin/config`));
  return config.profiles.default.token;
}

async function whoamiHasCheck(): Promise<boolean> {
  const out = await new Deno.Command(CLI[0], {
    args: [...CLI.slice(1), "whoami", "--help"],
    stdout: "piped",
    stderr: "null",
  }).output();
  return decoder.decode(out.stdout).includes("--check");
}

// ---------------------------------------------------------------------------------------------
// Sections. Each returns markdown lines.

const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)} ms`);
const mb = (x: number) => `${x.toFixed(0)} MB`;
const x2 = (r: number) => `${r.toFixed(2)}x`;

function goalAtMost(ratio: number, goal: number): string {
  if (ratio <= goal) return `≤ ${goal}x: met`;
  return `≤ ${goal}x: **missed** by ${((ratio / goal - 1) * 100).toFixed(0)}%`;
}

async function startupSection(pairs: number): Promise<string[]> {
  log("start-up");
  const empty = () => measure(BARE("empty.ts"));
  const rows: string[] = [];
  for (const args of [["--version"], ["--help"]]) {
    const r = await paired(pairs, () => measure([...CLI, ...args]), empty);
    rows.push(
      `| pangolin-admin ${args.join(" ")} | ${ms(r.cli)} | ${ms(r.base)} | ${x2(r.ratio)} | ${
        goalAtMost(r.ratio, 1.1)
      } |`,
    );
  }
  return [
    "## Start-up",
    "",
    `Against \`deno run -P=cli\` of an empty script; ${pairs} interleaved pairs after a warm-up.`,
    "",
    "| command | median | empty script | ratio (median of pairs) | goal |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ];
}

async function everydaySection(servers: BenchServer[], pairs: number): Promise<string[]> {
  const withCheck = await whoamiHasCheck();
  const rows: string[] = [];
  for (const server of servers) {
    log(`everyday commands, ${server.kind}`);
    const tenant = await createTenant(server, "daily");
    const [userId] = await createUsers(server, tenant, "daily-user", 1);
    await mintTokens(server, tenant, [{ id: userId, username: "daily-user0" }], 3);
    const home = await homeWithLogin(server, tenant);
    const token = await savedToken(home);
    const env = { HOME: home };
    const cases: [string, string[], string[]][] = [
      [
        "list-catalogs",
        ["list-catalogs"],
        BARE("get.ts").concat(server.url, token, "/api/v1/catalogs"),
      ],
      [
        "list-user-tokens (one page)",
        ["list-user-tokens", "--user-id", userId],
        BARE("get.ts").concat(server.url, token, `/api/v1/users/${userId}/tokens`),
      ],
      withCheck
        ? [
          "whoami --check",
          ["whoami", "--check"],
          BARE("get.ts").concat(server.url, token, "/api/v1/users/me"),
        ]
        : [
          "whoami (no request)",
          ["whoami"],
          BARE("read_config.ts").concat(`${home}/.pangolin/config`, "default"),
        ],
    ];
    for (const [name, args, bare] of cases) {
      const r = await paired(
        pairs,
        () => measure([...CLI, ...args], { env }),
        () => measure(bare, { env }),
      );
      rows.push(
        `| ${server.kind} | ${name} | ${ms(r.cli)} | ${ms(r.base)} | ${x2(r.ratio)} | ${
          mb(r.cliPeakMb)
        } | ${goalAtMost(r.ratio, 1.2)} |`,
      );
    }
  }
  return [
    "## Everyday commands",
    "",
    `Each against a bare script (tests/bench/bare/get.ts: one \`fetch\` with the same token, the`,
    `body to stdout) run with the same \`-P=cli\` permissions; ${pairs} interleaved pairs after a`,
    "warm-up. The CLI prints its table (the human form).",
    "",
    "| server | command | CLI median | bare median | ratio (median of pairs) | CLI peak RSS | goal |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ];
}

/** Ending 1,000 sessions of one user: the CLI, a bare concurrent loop, the old shell loop. */
async function revokeSection(servers: BenchServer[], loopCount: number): Promise<string[]> {
  const rows: string[] = [];
  for (const server of servers) {
    log(`ending 1,000 sessions, ${server.kind}`);
    const tenant = await createTenant(server, "sessions");
    const [userId] = await createUsers(server, tenant, "leaver", 1);
    const user = { id: userId, username: "leaver0" };
    const home = await homeWithLogin(server, tenant);
    const token = await savedToken(home);
    const env = { HOME: home };
    const fresh = () => mintTokens(server, tenant, [user], 1000);
    const r = await paired(
      3,
      () => measure([...CLI, "revoke-user-tokens", "--user-id", userId, "--yes"], { env }),
      () => measure(BARE("revoke.ts").concat(server.url, token, String(CONCURRENCY), userId)),
      fresh,
      false,
    );
    // The loop takes minutes; on the double a fifth of it, scaled, is enough to compare.
    const loopTokens = server.kind === "real" ? loopCount : Math.ceil(loopCount / 5);
    log(`  shell loop of ${loopTokens} revoke-token-by-id, ${server.kind}`);
    await mintTokens(server, tenant, [user], loopTokens);
    const listed = await fetch(`${server.url}/api/v1/users/${userId}/tokens`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const ids: string[] = (await listed.json()).map((t: { id: string }) => t.id);
    const started = performance.now();
    let loopPeak = 0;
    for (const id of ids) {
      const s = await measure([...CLI, "revoke-token-by-id", "--id", id], { env });
      loopPeak = Math.max(loopPeak, s.peakMb);
    }
    const loopPer1000 = (performance.now() - started) * (1000 / ids.length);
    rows.push(
      `| ${server.kind} | ${ms(r.cli)} (peak ${mb(r.cliPeakMb)}) | ${ms(r.base)} | ${
        x2(r.ratio)
      } (≤ 1.3x: ${verdict(r.ratio <= 1.3)}) | ${ms(loopPer1000)}${
        ids.length === 1000 ? "" : ` (${ids.length} run, scaled)`
      } | ${(loopPer1000 / r.cli).toFixed(0)}x (≥ 50x: ${verdict(loopPer1000 / r.cli >= 50)}) |`,
    );
  }
  return [
    "## Ending 1,000 sessions of one user",
    "",
    "`revoke-user-tokens --user-id <id> --yes` over 1,000 fresh tokens, against the bare loop",
    `(tests/bench/bare/revoke.ts: list once, revoke ${CONCURRENCY} at a time) and against the old`,
    "guide's shell loop of one `revoke-token-by-id` process per token, one after the other.",
    "Three interleaved pairs, fresh tokens before each run; the CLI also writes its audit line.",
    "",
    "| server | CLI median | bare loop median | CLI / bare | shell loop (per 1,000) | loop / CLI |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ];
}

/** Whether `--older-than 0s` is taken (a dry run that lists nothing yet). */
async function zeroDurationTaken(env: Record<string, string>): Promise<boolean> {
  try {
    await measure([...CLI, "revoke-tokens", "--all-users", "--older-than", "0s", "--dry-run"], {
      env,
    });
    return true;
  } catch {
    return false;
  }
}

/** `revoke-tokens --all-users --older-than 0s --yes` over 2,000 users × 5 tokens. */
async function incidentSection(servers: BenchServer[], users: number): Promise<string[]> {
  const rows: string[] = [];
  let olderThanUsed = "0s";
  for (const server of servers) {
    log(`incident: ${users} users × 5 tokens, ${server.kind} (creating users)`);
    const tenant = await createTenant(server, "incident");
    const started = performance.now();
    const ids = await createUsers(server, tenant, "staff", users);
    log(`  ${users} users in ${ms(performance.now() - started)}`);
    const all = ids.map((id, i) => ({ id, username: `staff${i}` }));
    const home = await homeWithLogin(server, tenant);
    const token = await savedToken(home);
    const env = { HOME: home };
    const olderThan = await zeroDurationTaken(env) ? "0s" : "1s";
    olderThanUsed = olderThan;
    const r = await paired(
      3,
      () =>
        measure([...CLI, "revoke-tokens", "--all-users", "--older-than", olderThan, "--yes"], {
          env,
        }),
      () =>
        measure(BARE("revoke.ts").concat(server.url, token, String(CONCURRENCY), "--all-users")),
      async () => {
        await mintTokens(server, tenant, all, 5);
        // With --older-than 1s every token minted at least a second ago is a target: all.
        if (olderThan !== "0s") await new Promise((r) => setTimeout(r, 1100));
      },
      false,
    );
    rows.push(
      `| ${server.kind} | ${ms(r.cli)} | ${ms(r.base)} | ${x2(r.ratio)} | ${mb(r.cliPeakMb)} | ${
        mb(r.basePeakMb)
      } | ${goalAtMost(r.ratio, 1.3)} |`,
    );
  }
  return [
    `## Incident: every token of ${users.toLocaleString("en")} users × 5 (${
      (users * 5).toLocaleString("en")
    } revocations)`,
    "",
    `\`revoke-tokens --all-users --older-than ${olderThanUsed} --yes\` against the bare loop${
      olderThanUsed === "1s"
        ? " (`--older-than 0s` is refused by the duration parser, exit 2: `1s`, a second after minting, selects the same tokens)"
        : ""
    }`,
    `(tests/bench/bare/revoke.ts --all-users: users paged by 1,000, their token lists read and`,
    `the tokens revoked ${CONCURRENCY} at a time). Three interleaved pairs; 10,000 fresh tokens`,
    "before each run (revoked records stay on the server, so later runs list more).",
    "",
    "| server | CLI median | bare median | ratio (median of pairs) | CLI peak RSS | bare peak RSS | goal |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ];
}

/** Every id in a JSON listing, checked once each. */
function checkIds(stdout: string, expected: number): string {
  const ids = (JSON.parse(stdout) as { id: string }[]).map((t) => t.id);
  const unique = new Set(ids).size;
  return ids.length === expected && unique === expected
    ? "every id once"
    : `**${ids.length} listed, ${unique} distinct, ${expected} expected**`;
}

/** The sizes of the listing section (BENCH_REAL_COUNTS, BENCH_DOUBLE_COUNTS, BENCH_SWEEP). */
interface ListingSizes {
  real: number[];
  double: number[];
  sweep: number[];
}

function sizesFrom(name: string, fallback: number[]): number[] {
  const raw = Deno.env.get(name);
  if (raw === undefined || raw === "") return fallback;
  if (raw === "none") return [];
  const sizes = raw.split(",").map(Number);
  if (!sizes.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`${name} must be positive integers separated by commas, got '${raw}'`);
  }
  return sizes;
}

async function listingSection(
  servers: BenchServer[],
  scale: number,
  listing: ListingSizes,
): Promise<string[]> {
  const out: string[] = [
    "## Listing every token of one user (`list-user-tokens --all --json`)",
    "",
    "The CLI against the bare loop (tests/bench/bare/list_all.ts: pages of 1,000 unless said,",
    "each page's records written to stdout). Every id of the CLI's output is checked once each.",
    "",
  ];
  for (const server of servers) {
    const tenant = await createTenant(server, "lists");
    const [userId] = await createUsers(server, tenant, "hoarder", 1);
    const user = { id: userId, username: "hoarder0" };
    const home = await homeWithLogin(server, tenant);
    const token = await savedToken(home);
    const env = { HOME: home };
    const path = `/api/v1/users/${userId}/tokens`;
    const cli = () =>
      measure([...CLI, "list-user-tokens", "--user-id", userId, "--all", "--json"], {
        env,
        keepStdout: true,
      });
    const bare = (size: number) => () =>
      measure(BARE("list_all.ts").concat(server.url, token, path, String(size)));
    const counts = (server.kind === "real" ? listing.real : listing.double)
      .map((n) => Math.round(n * scale));
    const rows: string[] = [];
    let have = 0;
    for (const count of counts) {
      log(`listing ${count} tokens, ${server.kind}: seeding`);
      const seeded = performance.now();
      await mintTokens(server, tenant, [user], count - have, true);
      have = count;
      log(`  seeded in ${ms(performance.now() - seeded)}`);
      const c = await cli();
      const b = await bare(1000)();
      const ids = checkIds(c.stdout!, count);
      rows.push(
        `| ${count.toLocaleString("en")} | ${ms(c.ms)} | ${mb(c.peakMb)} | ${ids} | ${ms(b.ms)} | ${
          x2(c.ms / b.ms)
        } |`,
      );
    }
    out.push(
      `### ${server.kind === "real" ? "Real server" : "Test double"}`,
      "",
      "| tokens | CLI time | CLI peak RSS | ids | bare loop by 1,000 | CLI / bare |",
      "| --- | --- | --- | --- | --- | --- |",
      ...rows,
      "",
    );
    if (server.kind === "real" && listing.sweep.length > 0) {
      log(`page sizes over ${have} tokens, real`);
      const sweep: string[] = [];
      for (const size of listing.sweep) {
        const s = await bare(size)();
        sweep.push(`| ${size.toLocaleString("en")} | ${ms(s.ms)} | ${mb(s.peakMb)} |`);
      }
      out.push(
        `Page size against the real server, ${
          have.toLocaleString("en")
        } tokens (bare loop, one run`,
        "each): the server scans every token of the tenant for each page, so fewer pages win",
        "until a page's JSON costs more memory than it saves time.",
        "",
        "| page size | time | bare peak RSS |",
        "| --- | --- | --- |",
        ...sweep,
        "",
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

async function machine(): Promise<string> {
  const mem = /MemTotal:\s+(\d+)/.exec(await Deno.readTextFile("/proc/meminfo"))?.[1];
  const load = (await Deno.readTextFile("/proc/loadavg")).split(" ").slice(0, 3).join(" ");
  return `${Deno.build.target}, ${navigator.hardwareConcurrency} cores (nproc), ` +
    `${(Number(mem) / 1024 / 1024).toFixed(1)} GB memory, Deno ${Deno.version.deno}, ` +
    `load average ${load}`;
}

/** The command line of this run, with the knobs it was given. */
function thisRun(): string {
  const knobs = Object.entries(Deno.env.toObject())
    .filter(([k]) => k.startsWith("BENCH_"))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return [...knobs, "deno task bench", ...Deno.args].join(" ");
}

async function main() {
  const write = !Deno.args.includes("--no-write");
  const pairs = Number(Deno.env.get("BENCH_PAIRS") ?? 20);
  const loopCount = Number(Deno.env.get("BENCH_LOOP") ?? 1000);
  const users = Number(Deno.env.get("BENCH_USERS") ?? 2000);
  const scale = Number(Deno.env.get("BENCH_SCALE") ?? 1);
  const only = new Set(
    (Deno.env.get("BENCH_ONLY") ?? "startup,everyday,revoke,incident,listing").split(","),
  );
  const wanted = new Set((Deno.env.get("BENCH_SERVERS") ?? "double,real").split(","));
  const lookup = realServerBinary();
  const began = performance.now();
  const machineBefore = await machine();

  const servers: BenchServer[] = [];
  try {
    if (wanted.has("double")) servers.push(await startDouble());
    if (wanted.has("real") && lookup.found) servers.push(await startReal());
    const sections: string[] = [];
    if (only.has("startup")) sections.push(...await startupSection(pairs));
    if (only.has("everyday")) sections.push(...await everydaySection(servers, pairs));
    if (only.has("revoke")) sections.push(...await revokeSection(servers, loopCount));
    if (only.has("incident")) sections.push(...await incidentSection(servers, users));
    const listing = {
      real: sizesFrom("BENCH_REAL_COUNTS", [100_000, 150_000]),
      double: sizesFrom("BENCH_DOUBLE_COUNTS", [100_000, 300_000, 1_000_000]),
      sweep: sizesFrom("BENCH_SWEEP", [1000, 2000, 5000, 10_000, 20_000, 50_000]),
    };
    if (only.has("listing")) sections.push(...await listingSection(servers, scale, listing));
    const realPeak = servers.find((s) => s.kind === "real")?.peakMb();

    const lines = [
      "# Benchmarks",
      "",
      `Produced by \`deno task bench\` (tests/bench/bench.ts) on ${
        new Date().toISOString().slice(0, 16).replace("T", " ")
      } UTC, in ${ms(performance.now() - began)}.`,
      "",
      `Machine: ${machineBefore} at the start; ${await machine()} at the end.`,
      "",
      `Servers: the test double (tests/server, in the benchmark's process)${
        lookup.found
          ? ` and the real Pangolin server (${
            lookup.source === "../shared"
              ? "../shared/pangolin-server/pangolin_api"
              : "PANGOLIN_SERVER_BIN"
          }, in-memory store, throttle off${
            realPeak ? `; its peak RSS over the run ${mb(realPeak)}` : ""
          })`
          : ` only (no real server: ${lookup.reason})`
      }, on loopback.`,
      "",
      "Every CLI run is `deno run -q --no-prompt -P=cli main.ts ...` (as `deno task cli`), from",
      "source; every baseline is a bare Deno script under tests/bench/bare/ run with the same",
      "permission set. Ratios are taken within the run: absolute times move with the machine's",
      "load, ratios of interleaved pairs much less. Peak RSS is the child's max RSS from GNU",
      "`time`.",
      "",
      "Reproduce: `deno task bench` (all sections), or e.g.",
      "`BENCH_ONLY=everyday BENCH_SERVERS=real deno task bench --no-write`; knobs `BENCH_PAIRS`,",
      "`BENCH_LOOP`, `BENCH_USERS`, `BENCH_REAL_COUNTS`, `BENCH_DOUBLE_COUNTS`, `BENCH_SWEEP`,",
      "`PANGOLIN_SERVER_BIN` are described in tests/bench/bench.ts.",
      "",
      `This run: \`${thisRun()}\`.`,
      "",
      ...sections,
    ];
    const text = lines.join("\n");
    console.log(text);
    if (write) {
      const target = `${ROOT}BENCHMARKS.md`;
      await Deno.writeTextFile(target, text);
      // Formatted as the repository's check expects (`deno fmt --check` in deno task test).
      await new Deno.Command(DENO, { args: ["fmt", "-q", target] }).output();
    }
  } finally {
    for (const s of servers) await s.close();
    await Deno.remove(timeFile).catch(() => {});
  }
}

if (import.meta.main) await main();
