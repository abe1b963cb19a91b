/**
 * A real CLI process and its peak RSS, for the memory bounds (a memory bound is not noisy, so
 * it may be a test; a timing may not). GNU time reports it when installed; otherwise VmHWM in
 * /proc/<pid>/status is polled while the child runs (Linux).
 */
import { childEnv, tempHome } from "./helpers.ts";

const ROOT_DIR = new URL("..", import.meta.url).pathname;
const TIME = "/usr/bin/time";

/** What a measured run gave. */
export interface Measured {
  code: number;
  stdout: Uint8Array;
  stderr: string;
  peakMb: number;
}

/**
 * Runs the CLI (the binary's permissions, or PANGOLIN_BIN) with `env` only (HOME a fresh
 * folder unless given) and reports its exit code, output and peak RSS in MB.
 */
export async function measurePeak(
  argv: string[],
  env: Record<string, string>,
): Promise<Measured> {
  const bin = Deno.env.get("PANGOLIN_BIN");
  const cli = bin
    ? [bin, ...argv]
    : [Deno.execPath(), "run", "-q", "--no-prompt", "-P=cli", `${ROOT_DIR}main.ts`, ...argv];
  return await peakOf(cli, env);
}

/** The same for a Deno script of the repository (`tests/...`), run with no permissions. */
export async function measureScriptPeak(script: string, args: string[]): Promise<Measured> {
  return await peakOf(
    [Deno.execPath(), "run", "-q", "--no-prompt", `${ROOT_DIR}${script}`, ...args],
    {},
  );
}

async function peakOf(cli: string[], env: Record<string, string>): Promise<Measured> {
  const useTime = await Deno.stat(TIME).then((s) => s.isFile, () => false);
  const report = await Deno.makeTempFile({ prefix: "pangolin-rss-" });
  const [cmd, ...args] = useTime ? [TIME, "-f", "%M", "-o", report, ...cli] : cli;
  const child = new Deno.Command(cmd, {
    args,
    env: childEnv({ HOME: env.HOME ?? await tempHome(), ...env }),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let polledKb = 0;
  let running = true;
  const poll = (async () => {
    while (running && !useTime) {
      try {
        const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
        polledKb = Math.max(polledKb, Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0));
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const out = await child.output();
  running = false;
  await poll;
  const kb = useTime
    ? Number((await Deno.readTextFile(report)).trim().split("\n").pop())
    : polledKb;
  await Deno.remove(report);
  return {
    code: out.code,
    stdout: out.stdout,
    stderr: new TextDecoder().decode(out.stderr),
    peakMb: kb / 1024,
  };
}
