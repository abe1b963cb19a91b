/**
 * The measurement behind PAGE_SIZE in lib/api/client.ts: `list-user-tokens --all --json` with
 * each page size (`--limit`, which --all takes as its page size) against the real server, over
 * growing numbers of tokens of one user, with the CLI's peak RSS; and the bare loop by 1,000.
 * Usage: deno run -A tests/bench/page_sizes.ts [counts, default 50000,100000,150000]
 *        [sizes, default 100,1000,2000,5000,10000,20000]
 */
import { createTenant, createUsers, mintTokens, startReal } from "./servers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const RUN = [Deno.execPath(), "run", "-q", "--no-prompt", "-P=cli"];
const counts = (Deno.args[0] ?? "50000,100000,150000").split(",").map(Number);
const sizes = (Deno.args[1] ?? "100,1000,2000,5000,10000,20000").split(",").map(Number);
const denoDir = Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`;
const timeFile = await Deno.makeTempFile();

async function run(argv: string[], env: Record<string, string>, timeoutMs: number) {
  const started = performance.now();
  const child = new Deno.Command("/usr/bin/time", {
    args: ["-f", "%M", "-o", timeFile, ...argv],
    env: { DENO_DIR: denoDir, ...env },
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
  const out = await child.output();
  clearTimeout(timer);
  const ms = performance.now() - started;
  if (!out.success) return { ms, peakMb: NaN, listed: -1 };
  const kb = Number((await Deno.readTextFile(timeFile)).trim().split("\n").at(-1));
  const text = new TextDecoder().decode(out.stdout);
  const listed = text.startsWith("[")
    ? new Set(JSON.parse(text).map((t: { id: string }) => t.id)).size
    : -1;
  return { ms, peakMb: kb / 1024, listed };
}

const server = await startReal();
try {
  const tenant = await createTenant(server, "pages");
  const [userId] = await createUsers(server, tenant, "hoarder", 1);
  const home = await Deno.makeTempDir();
  const login = new Deno.Command(RUN[0], {
    args: [
      ...RUN.slice(1),
      `${ROOT}main.ts`,
      "login",
      "--url",
      server.url,
      "-u",
      tenant.adminUsername,
      "-t",
      tenant.id,
      "--password-stdin",
    ],
    env: { HOME: home, DENO_DIR: denoDir },
    stdin: "piped",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const w = login.stdin.getWriter();
  await w.write(new TextEncoder().encode(tenant.adminPassword));
  await w.close();
  await login.status;
  const token =
    JSON.parse(await Deno.readTextFile(`${home}/.pangolin/config`)).profiles.default.token;
  let have = 0;
  console.log("| tokens | page size | CLI time | CLI peak RSS | distinct ids | bare loop time |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const count of counts) {
    await mintTokens(server, tenant, [{ id: userId, username: "hoarder0" }], count - have);
    have = count;
    for (const size of sizes) {
      // Pages of 100 over 150,000 tokens take many minutes: skip what would pass 3 minutes.
      const c = await run(
        [
          ...RUN,
          `${ROOT}main.ts`,
          "list-user-tokens",
          "--user-id",
          userId,
          "--all",
          "--limit",
          String(size),
          "--json",
        ],
        { HOME: home },
        180_000,
      );
      const b = await run(
        [
          ...RUN,
          `${ROOT}tests/bench/bare/list_all.ts`,
          server.url,
          token,
          `/api/v1/users/${userId}/tokens`,
          String(size),
        ],
        {},
        180_000,
      );
      console.log(
        `| ${count} | ${size} | ${(c.ms / 1000).toFixed(1)} s | ${
          c.peakMb.toFixed(0)
        } MB | ${c.listed} | ${(b.ms / 1000).toFixed(1)} s |`,
      );
    }
  }
} finally {
  await server.close();
}
