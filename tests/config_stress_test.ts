/**
 * The profile file under stress: many real processes writing one HOME at once, and writers
 * killed with SIGKILL in the middle of a write (tests/fixtures/config_writer.ts).
 *
 * STRESS_SEED (default below) chooses the kill moments; it is printed so a run can be repeated.
 */
import assert from "node:assert/strict";
import { type ConfigFile, ConfigStore } from "../lib/config.ts";
import { decodeJwtPayload, startServer } from "./server/mod.ts";
import { childEnv, runProcess, tempHome } from "./helpers.ts";
import {
  BASE_PROFILES,
  generationOf,
  PAYLOAD_CHARS,
  payloadFor,
} from "./fixtures/config_writer.ts";

const POSIX = Deno.build.os !== "windows";
const DEFAULT_SEED = 20240611;
const LOGINS = 50;
/** Kills with SIGKILL; more (up to MAX_KILLS) while fewer than MIN_MID_WRITE hit a write. */
const KILLS = 20;
const MAX_KILLS = 60;
const MIN_MID_WRITE = 3;
const WRITER = new URL("./fixtures/config_writer.ts", import.meta.url).pathname;

/** mulberry32: a small seeded PRNG, so the kill moments repeat with the seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedFromEnv(): number {
  const raw = Deno.env.get("STRESS_SEED");
  const seed = raw === undefined ? DEFAULT_SEED : Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`STRESS_SEED must be an integer: ${raw}`);
  return seed;
}

function tempFiles(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".tmp")).sort();
}

function modeOf(path: string): number {
  return Deno.statSync(path).mode! & 0o777;
}

Deno.test({
  name: `${LOGINS} parallel login processes into ${LOGINS} profiles of one HOME`,
  fn: async () => {
    const server = await startServer();
    try {
      const home = await tempHome();
      const names = Array.from({ length: LOGINS }, (_, i) => `p${i}`);
      const results = await Promise.all(names.map((name) =>
        runProcess(
          ["login", "--url", server.url, "-u", "admin", "--password-stdin", "-p", name],
          { home, stdin: "password\n" },
        )
      ));
      for (const [i, r] of results.entries()) {
        assert.equal(r.code, 0, `login -p p${i}: ${r.stderr}`);
        assert.equal(
          r.stdout,
          `✅ Logged in successfully as admin\nServer: ${server.url} (profile p${i})\n`,
          `login -p p${i}`,
        );
      }
      const dir = `${home}/.pangolin`;
      const path = `${dir}/config`;
      const config = JSON.parse(await Deno.readTextFile(path));
      assert.deepEqual(Object.keys(config.profiles).sort(), [...names].sort());
      const ids = new Set<string>();
      for (const name of names) {
        const profile = config.profiles[name];
        assert.equal(profile.url, server.url, name);
        assert.equal(profile.username, "admin", name);
        const claims = decodeJwtPayload(profile.token) as { jti?: string; username?: string };
        assert.equal(claims.username, "admin", name);
        assert.equal(profile.token_id, claims.jti, name);
        ids.add(String(claims.jti));
      }
      assert.equal(ids.size, LOGINS, "each profile holds its own login's token");
      if (POSIX) {
        assert.equal(modeOf(dir), 0o700, "config folder mode");
        assert.equal(modeOf(path), 0o600, "config file mode");
        assert.equal(modeOf(`${path}.lock`) & 0o077, 0, "lock file mode");
      }
      assert.deepEqual(tempFiles(dir), [], "no temp file left");
      server.assertAllRouted();
      await Deno.remove(home, { recursive: true });
    } finally {
      await server.close();
    }
  },
});

/** A writer process and the generations it reported as written. */
interface Writer {
  child: Deno.ChildProcess;
  reported: number[];
  stderr: Promise<string>;
  stdoutDone: Promise<void>;
  /** Resolves at the first reported generation, or when stdout ends. */
  firstReport: Promise<void>;
}

function startWriter(path: string): Writer {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-q",
      "--no-prompt",
      "--allow-read",
      "--allow-write",
      "--allow-sys=uid",
      WRITER,
      path,
    ],
    env: childEnv({}),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reported: number[] = [];
  let signalFirst!: () => void;
  const firstReport = new Promise<void>((resolve) => signalFirst = resolve);
  const stdoutDone = (async () => {
    let pending = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) reported.push(Number(line));
      if (reported.length > 0) signalFirst();
    }
    signalFirst();
  })();
  const stderr = new Response(child.stderr).text();
  return { child, reported, stderr, stdoutDone, firstReport };
}

/**
 * The file must be one whole generation: `expected` (or, when the kill came between the
 * rename and the report, the one after it), with every profile ever written, all at that
 * generation and with their full payloads, and the test's own profile untouched.
 */
function checkConsistent(path: string, allowed: number[], label: string): number {
  const text = Deno.readTextFileSync(path);
  let config: ConfigFile;
  try {
    config = JSON.parse(text) as ConfigFile;
  } catch (err) {
    throw new Error(`${label}: the file is not JSON (${text.length} bytes): ${err}`);
  }
  const g = generationOf(config);
  assert.ok(allowed.includes(g), `${label}: generation ${g}, expected one of ${allowed}`);
  const names = Object.keys(config.profiles).sort();
  const expected = [
    "keep-me",
    ...BASE_PROFILES,
    ...Array.from({ length: g + 1 }, (_, i) => `gen-${i}`),
  ].sort();
  assert.deepEqual(names, expected, `${label}: the set of profiles`);
  assert.deepEqual(config.profiles["keep-me"], { url: "https://keep.example", token: "keep" });
  for (const name of names) {
    if (name === "keep-me") continue;
    const profile = config.profiles[name];
    assert.equal(profile.generation, g, `${label}: ${name}'s generation`);
    const chars = BASE_PROFILES.includes(name) ? PAYLOAD_CHARS : 64;
    assert.ok(profile.token === payloadFor(name, g, chars), `${label}: ${name}'s payload`);
  }
  return g;
}

Deno.test({
  name: "a writer killed with SIGKILL mid-write never leaves a truncated or mixed file",
  ignore: !POSIX,
  fn: async () => {
    const seed = seedFromEnv();
    console.log(`config stress: STRESS_SEED=${seed}`);
    const random = prng(seed);
    const home = await tempHome();
    const dir = `${home}/.pangolin`;
    const path = `${dir}/config`;
    const quiet = { write: (_: string) => {} };
    await new ConfigStore(path, quiet).updateProfile(
      "keep-me",
      () => ({ url: "https://keep.example", token: "keep" }),
    );
    let generation = -1;
    let midWrite = 0;
    let kills = 0;
    /** Temp files each killed writer left, by its pid; the next write must remove them. */
    let leftovers: string[] = [];
    try {
      while (kills < KILLS || (midWrite < MIN_MID_WRITE && kills < MAX_KILLS)) {
        const label = `kill ${kills + 1} (STRESS_SEED=${seed})`;
        const writer = startWriter(path);
        let timer: ReturnType<typeof setTimeout> | undefined;
        try {
          const started = await Promise.race([
            writer.firstReport.then(() => true),
            new Promise<boolean>((r) => timer = setTimeout(() => r(false), 30_000)),
          ]);
          clearTimeout(timer);
          assert.ok(started, `${label}: the writer reported no write within 30 s`);
          if (writer.reported.length === 0) {
            // The writer ended without a write: its stderr says why.
            assert.fail(`${label}: the writer ended: ${await writer.stderr}`);
          }
          // The first write of a new writer has run under the lock: the leftovers are gone.
          const stale = leftovers.filter((name) => tempFiles(dir).includes(name));
          assert.deepEqual(stale, [], `${label}: stale temp files survived the next write`);
          await new Promise((r) => setTimeout(r, Math.floor(random() * 120)));
        } finally {
          try {
            writer.child.kill("SIGKILL");
          } catch {
            // It had already ended; the checks below say why.
          }
          await writer.child.status;
          await writer.stdoutDone;
        }
        kills++;
        const status = await writer.child.status;
        const errors = await writer.stderr;
        assert.equal(status.signal, "SIGKILL", `${label}: the writer ended by itself: ${errors}`);
        assert.equal(errors, "", `${label}: the writer's stderr`);
        const last = writer.reported.at(-1)!;
        assert.deepEqual(
          writer.reported,
          Array.from({ length: writer.reported.length }, (_, i) => generation + 1 + i),
          `${label}: generations follow on from the file's`,
        );
        generation = checkConsistent(path, [last, last + 1], label);
        assert.equal(modeOf(path), 0o600, `${label}: file mode`);
        const pid = writer.child.pid;
        leftovers = tempFiles(dir).filter((name) => name.startsWith(`config.${pid}.`));
        if (leftovers.length > 0) midWrite++;
        assert.deepEqual(
          tempFiles(dir).filter((name) => !leftovers.includes(name)),
          [],
          `${label}: only the killed writer's temp file may be left`,
        );
      }
      console.log(
        `config stress: ${kills} kills, ${midWrite} left a temp file (killed mid-write), ` +
          `last generation ${generation}`,
      );
      assert.ok(midWrite >= 1, "no kill landed between a temp file's creation and its rename");
      // A dead writer's temp file, planted, and any real one left: the next write removes both.
      const planted = `config.999999.deadbeef.tmp`;
      await Deno.writeTextFile(`${dir}/${planted}`, '{"profiles": {"tru', { mode: 0o600 });
      await new ConfigStore(path, quiet).update(() => {});
      assert.deepEqual(tempFiles(dir), [], "the next write removes every stale temp file");
      checkConsistent(path, [generation], "after the final write");
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
});
