/** `deno task demo`, the README's first command, runs green: on the double, and on the real server. */
import assert from "node:assert/strict";
import { chooseTarget, demo } from "./demo.ts";
import { realServerBinary } from "./real/harness.ts";

const ROOT = new URL("..", import.meta.url).pathname;

function assertWorkflows(transcript: string): void {
  assert.match(
    transcript,
    /\$ cat ~\/\.pangolin-password \| pangolin-admin login --username admin --password-stdin\n✅ Logged in successfully as admin\n/,
  );
  assert.match(transcript, /✅ Revoked \d+ of \d+ tokens for user /);
  assert.match(transcript, /✅ Token revoked successfully!\nYou have been logged out\./);
  assert.match(transcript, /Demo finished: every step behaved as expected\./);
}

Deno.test("the demo runs every workflow through the real CLI (bundled double)", async () => {
  let transcript = "";
  const code = await demo((text) => void (transcript += text), { target: "double" });
  assert.equal(code, 0, transcript);
  assertWorkflows(transcript);
  assert.match(
    transcript,
    /^Pangolin-compatible test server on http:\/\/127\.0\.0\.1:\d+ \(a test double/,
  );
  assert.match(transcript, /✅ Revoked 2 of 2 tokens for user /);
});

/** Whether the process with this pid is gone (Linux: no /proc entry). */
async function gone(pid: number): Promise<boolean> {
  try {
    await Deno.stat(`/proc/${pid}`);
    return false;
  } catch {
    return true;
  }
}

const lookup = (() => {
  try {
    return realServerBinary();
  } catch (err) {
    return { found: false as const, reason: (err as Error).message };
  }
})();

if (lookup.found) {
  Deno.test("demo --real: the same workflows against the real server, stopped at the end", async () => {
    let transcript = "";
    let pid: number | undefined;
    const code = await demo((text) => void (transcript += text), {
      target: "real",
      onStart: (p) => (pid = p),
    });
    assert.equal(code, 0, transcript);
    assertWorkflows(transcript);
    assert.match(transcript, /^The real Pangolin server on http:\/\/127\.0\.0\.1:\d+ \(/);
    assert.ok(pid !== undefined && (await gone(pid)), "the server is stopped");
  });

  Deno.test("demo --real: a failing step still stops the real server", async () => {
    let pid: number | undefined;
    let transcript = "";
    const code = await demo((text) => {
      transcript += text;
      if (text.includes("# 2.")) throw new Error("a step failed on purpose");
    }, { target: "real", onStart: (p) => (pid = p) });
    assert.equal(code, 1, transcript);
    assert.ok(pid !== undefined && (await gone(pid)), "the server is stopped after the failure");
  });
} else {
  // `deno test -q` hides output; the test name carries the line.
  console.log(`demo --real: skipped: ${lookup.reason}`);
  Deno.test({ name: `demo --real: skipped: ${lookup.reason}`, ignore: true, fn() {} });
}

Deno.test("demo: the double unless asked; --real with no binary found is one line", async () => {
  assert.deepEqual(chooseTarget(["--bogus"]), {
    error: "demo: unknown argument --bogus (only --real)",
  });
  if (Deno.env.get("PANGOLIN_SERVER_BIN")) {
    // The variable alone asks for the real server; nothing else can be shown here.
    assert.equal(chooseTarget([]).kind ?? "error", lookup.found ? "real" : "error");
    return;
  }
  assert.deepEqual(chooseTarget([]), { kind: "double" });
  const empty = await Deno.makeTempDir({ prefix: "pangolin-demo-root-" });
  try {
    const root = new URL(`file://${empty}/repo/`);
    assert.deepEqual(chooseTarget(["--real"], root), {
      error: "demo (real server): no binary: no PANGOLIN_SERVER_BIN and no " +
        "../shared/pangolin-server/pangolin_api beside the repository",
    });
  } finally {
    await Deno.remove(empty, { recursive: true });
  }
});

Deno.test("deno task demo --real with no binary: one line, exit 2", async () => {
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: Deno.env.get("HOME") ?? "/tmp",
    PANGOLIN_SERVER_BIN: `${ROOT}tests/fixtures/no-such-pangolin-binary`,
  };
  const child = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", `${ROOT}tests/demo.ts`, "--real"],
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(child.stderr);
  assert.equal(child.code, 2, stderr);
  assert.equal(new TextDecoder().decode(child.stdout), "");
  assert.match(
    stderr,
    /^demo \(real server\): PANGOLIN_SERVER_BIN=\S+ is not an executable file\n$/,
  );
});
