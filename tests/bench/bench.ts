/**
 * `deno task bench`: the benchmarks of BENCHMARKS.md, each a ratio against a baseline measured
 * in the same run (timings on a shared machine are noisy; ratios of medians much less so).
 *
 * 1. Start-up: `--version` and `--help` against `deno run` of an empty script.
 * 2. Ending the sessions of a user with 1,000 tokens: `revoke-user-tokens --yes` against the
 *    old guide's shell loop of 1,000 `revoke-token-by-id` runs, and against a bare loop of
 *    fetch calls with the same concurrency.
 * 3. `list-user-tokens --all --json` over 10,000 tokens: time and peak memory.
 *
 * Writes the figures to BENCHMARKS.md (or only prints them with --no-write). The Pangolin
 * server is the test double, on loopback. Set BENCH_LOOP=<n> to run the shell loop over n
 * tokens instead of 1,000 (the ratio is then per token).
 */
import { SEED, startServer, type TestServer } from "../server/mod.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const CLI = [Deno.execPath(), "run", "-q", "--no-prompt", "-P=cli", `${ROOT}main.ts`];
const decoder = new TextDecoder();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timed(argv: string[], env: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  const out = await new Deno.Command(argv[0], {
    args: argv.slice(1),
    env,
    stdout: "null",
    stderr: "piped",
  }).output();
  const ms = performance.now() - started;
  if (!out.success) throw new Error(`${argv.join(" ")} failed: ${decoder.decode(out.stderr)}`);
  return ms;
}

/** Median start-up of each command line, interleaved so that drift hits all alike. */
async function startup(runs: number): Promise<Record<string, number>> {
  const dir = await Deno.makeTempDir();
  const empty = `${dir}/empty.ts`;
  await Deno.writeTextFile(empty, "");
  const cases: Record<string, string[]> = {
    "deno run empty.ts (baseline)": [Deno.execPath(), "run", "-q", empty],
    "pangolin-admin --version": [...CLI, "--version"],
    "pangolin-admin --help": [...CLI, "--help"],
  };
  const samples: Record<string, number[]> = {};
  for (const name of Object.keys(cases)) {
    samples[name] = [];
    await timed(cases[name]); // warm-up: caches filled, not measured
  }
  for (let i = 0; i < runs; i++) {
    for (const [name, argv] of Object.entries(cases)) samples[name].push(await timed(argv));
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

async function adminToken(server: TestServer): Promise<string> {
  const r = await fetch(`${server.url}/api/v1/users/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      username: SEED.tenantAdmin.username,
      password: SEED.tenantAdmin.password,
      "tenant-id": SEED.tenantId,
    }),
  });
  return (await r.json()).token;
}

/** Mints `n` recorded tokens for alice; returns their ids. */
async function mint(server: TestServer, token: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  const one = async () => {
    const r = await fetch(`${server.url}/api/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ tenant_id: SEED.tenantId, username: "alice" }),
    });
    const body = await r.json();
    ids.push(JSON.parse(atob(body.token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).jti);
  };
  for (let i = 0; i < n; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, n - i) }, one));
  }
  return ids;
}

async function homeWithLogin(url: string): Promise<string> {
  const home = await Deno.makeTempDir({ prefix: "pangolin-bench-" });
  const child = new Deno.Command(CLI[0], {
    args: [
      ...CLI.slice(1),
      "login",
      "--url",
      url,
      "-u",
      SEED.tenantAdmin.username,
      "-t",
      SEED.tenantId,
      "--password-stdin",
    ],
    env: { HOME: home, PANGOLIN_AUDIT_LOG: "off" },
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(SEED.tenantAdmin.password));
  await w.close();
  const out = await child.output();
  if (!out.success) throw new Error(`login failed: ${decoder.decode(out.stderr)}`);
  return home;
}

/** Ending all sessions of a user with 1,000 tokens, three ways. */
async function revocation(loopCount: number) {
  const server = await startServer();
  try {
    const token = await adminToken(server);
    const home = await homeWithLogin(server.url);
    const env = { HOME: home, PANGOLIN_AUDIT_LOG: "off" };
    const result: Record<string, number> = {};

    // Three rounds, each the CLI and the bare fetch script on 1,000 fresh tokens; medians.
    const cliRuns: number[] = [];
    const bareRuns: number[] = [];
    for (let round = 0; round < 3; round++) {
      await mint(server, token, 1000);
      cliRuns.push(
        await timed([...CLI, "revoke-user-tokens", "--user-id", SEED.user.id, "--yes"], env),
      );
      await mint(server, token, 1000);
      bareRuns.push(
        await timed([
          Deno.execPath(),
          "run",
          "-q",
          "-A",
          `${ROOT}tests/bench/bare_revoke.ts`,
          server.url,
          token,
          SEED.user.id,
        ]),
      );
    }
    result["pangolin-admin revoke-user-tokens --yes (1,000 tokens)"] = median(cliRuns);
    result["bare fetch loop, concurrency 8 (1,000 tokens)"] = median(bareRuns);

    // The guide's loop: one process per token, one after the other.
    const loopIds = await mint(server, token, loopCount);
    const loopStarted = performance.now();
    for (const id of loopIds) await timed([...CLI, "revoke-token-by-id", "--id", id], env);
    const loopMs = performance.now() - loopStarted;
    result[`shell loop of revoke-token-by-id (${loopCount} tokens)`] = loopMs;
    result["shell loop, per 1,000 tokens"] = loopMs * (1000 / loopCount);
    return result;
  } finally {
    await server.close();
  }
}

/** Listing 10,000 tokens as JSON: wall time and peak resident memory of the process. */
async function bigListing() {
  const server = await startServer();
  try {
    const token = await adminToken(server);
    await mint(server, token, 10_000);
    const home = await homeWithLogin(server.url);
    const started = performance.now();
    // GNU time reports the child's peak RSS (KiB) on stderr with -f %M.
    const out = await new Deno.Command("/usr/bin/time", {
      args: ["-f", "%M", ...CLI, "list-user-tokens", "--user-id", SEED.user.id, "--all", "--json"],
      env: { HOME: home, PANGOLIN_AUDIT_LOG: "off" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const ms = performance.now() - started;
    if (!out.success) throw new Error(decoder.decode(out.stderr));
    const count = JSON.parse(decoder.decode(out.stdout)).length;
    const kib = Number(decoder.decode(out.stderr).trim().split("\n").at(-1));
    return { ms, count, peakMb: kib / 1024 };
  } finally {
    await server.close();
  }
}

function f(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}

async function main() {
  const write = !Deno.args.includes("--no-write");
  const loopCount = Number(Deno.env.get("BENCH_LOOP") ?? 1000);
  console.error("start-up…");
  const s = await startup(30);
  const base = s["deno run empty.ts (baseline)"];
  console.error("revocation…");
  const r = await revocation(loopCount);
  console.error("listing 10,000 tokens…");
  const l = await bigListing();

  const cli = r["pangolin-admin revoke-user-tokens --yes (1,000 tokens)"];
  const bare = r["bare fetch loop, concurrency 8 (1,000 tokens)"];
  const loop = r["shell loop, per 1,000 tokens"];
  const verdict = (ok: boolean) => (ok ? "met" : "missed");
  const machine =
    `${Deno.build.target}, ${navigator.hardwareConcurrency} cores, Deno ${Deno.version.deno}`;
  const startupRatio = (k: string) => s[k] / base;
  const lines = [
    "# Benchmarks",
    "",
    `Produced by \`deno task bench\` (tests/bench/bench.ts) on ${machine}, ` +
    `${new Date().toISOString().slice(0, 10)}.`,
    "",
    "Every figure is a median, or a single run, taken in the same session as its baseline: the",
    "goals are ratios, because absolute times on a shared machine move from run to run. The",
    "server is the test double, on loopback.",
    "",
    "## Start-up (median of 30 runs each, interleaved, after one warm-up)",
    "",
    "| command | median | ratio to baseline | goal |",
    "| --- | --- | --- | --- |",
    ...Object.keys(s).map((k) =>
      `| ${k} | ${f(s[k])} | ${startupRatio(k).toFixed(2)}x | ${
        k.includes("baseline") ? "-" : `at most 1.5x: ${verdict(startupRatio(k) <= 1.5)}`
      } |`
    ),
    "",
    "These run from source (`deno run -P=cli main.ts`), which also reads and parses the",
    "modules on every start; a binary from `deno compile` embeds them already parsed.",
    "",
    "## Ending every session of a user with 1,000 tokens",
    "",
    "| way | time (median) | ratio |",
    "| --- | --- | --- |",
    `| pangolin-admin revoke-user-tokens --yes | ${f(cli)} | 1.00x |`,
    `| bare fetch loop, same concurrency (8) | ${f(bare)} | ${
      (cli / bare).toFixed(2)
    }x slower than bare (goal: within 1.3x: ${verdict(cli / bare <= 1.3)}) |`,
    `| shell loop of revoke-token-by-id, one process per token (${loopCount} run${
      loopCount === 1000 ? "" : ", scaled to 1,000"
    }) | ${f(loop)} | ${(loop / cli).toFixed(1)}x slower than the CLI (goal: at least 20x: ${
      verdict(loop / cli >= 20)
    }) |`,
    "",
    "Medians of three rounds on fresh tokens. Both the CLI and the bare loop",
    "(tests/bench/bare_revoke.ts: list once, revoke 8 at a time, nothing else) run as their",
    "own process; the CLI also reads its profile, checks every reply and records the run.",
    "",
    "## list-user-tokens --all --json over 10,000 tokens",
    "",
    `| tokens listed | time | peak memory (max RSS) | goal |`,
    `| --- | --- | --- | --- |`,
    `| ${l.count} | ${f(l.ms)} | ${l.peakMb.toFixed(0)} MB | at most 150 MB: ${
      verdict(l.peakMb <= 150)
    } |`,
    "",
  ];
  const text = lines.join("\n");
  console.log(text);
  if (write) {
    const target = new URL("BENCHMARKS.md", `file://${ROOT}`);
    await Deno.writeTextFile(target, text);
    // Formatted as the repository's check expects (`deno fmt --check` in deno task test).
    await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", target.pathname] }).output();
  }
}

if (import.meta.main) await main();
