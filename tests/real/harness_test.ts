// The real-server tier's own checks: the binary is found, starts healthy on loopback, takes the
// seed, and stops on SIGTERM. Its first test's name says whether the tier ran (`.ci/run`
// repeats it).
import assert from "node:assert/strict";
import { realServerBinary, realTest, startRealServer, tierStatus } from "./harness.ts";

tierStatus();

realTest("real server: starts on loopback, seeds, and stops on SIGTERM", async (t, ctx) => {
  const { server, fixtures } = ctx;
  await t.step("answers /health on 127.0.0.1", async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await server.request("GET", "/health");
    assert.equal(health.status, 200);
  });
  await t.step("the seed is visible through the API", async () => {
    const root = await server.rootToken();
    const tenants = await server.request("GET", "/api/v1/tenants", { token: root });
    const names = (tenants.json as Array<{ name: string }>).map((x) => x.name).sort();
    assert.deepEqual(names, ["acme", "default"]);
    const catalogs = await server.request("GET", "/api/v1/catalogs", {
      token: fixtures.adminToken,
    });
    assert.deepEqual((catalogs.json as Array<{ name: string }>).map((c) => c.name), [
      "marketing",
      "sales",
    ]);
    const alice = await server.login("alice", "password", fixtures.tenantId);
    const seen = await server.request("GET", "/api/v1/catalogs", { token: alice });
    assert.deepEqual((seen.json as Array<{ name: string }>).map((c) => c.name), ["sales"]);
  });
});

realTest("real server: stops within a few seconds of SIGTERM, also when a test fails", async () => {
  const server = await startRealServer();
  const started = Date.now();
  let failure: unknown;
  try {
    throw new Error("a failing test body");
  } catch (error) {
    failure = error;
  } finally {
    await server.close();
  }
  assert.ok(failure instanceof Error);
  assert.ok(Date.now() - started < 5000, `stop took ${Date.now() - started} ms`);
  // The process is gone: signalling it fails.
  assert.throws(() => Deno.kill(server.pid, "SIGTERM"));
  await assert.rejects(fetch(`${server.url}/health`));
});

realTest(
  "real server: PANGOLIN_AUTH_RATE_LIMIT is off by default here, on when asked",
  async () => {
    for (const [rateLimit, expect429] of [[0, false], ["server-default", true]] as const) {
      const server = await startRealServer({ rateLimit });
      try {
        let saw429 = false;
        for (let i = 0; i < 11 && !saw429; i++) {
          const r = await server.request("POST", "/api/v1/users/login", {
            body: { username: "nobody", password: "x" },
          });
          saw429 = r.status === 429;
        }
        assert.equal(saw429, expect429, `rateLimit ${rateLimit}`);
      } finally {
        await server.close();
      }
    }
  },
);

Deno.test("real server binary: PANGOLIN_SERVER_BIN naming a missing file is an error", () => {
  const saved = Deno.env.get("PANGOLIN_SERVER_BIN");
  Deno.env.set("PANGOLIN_SERVER_BIN", "/nonexistent/pangolin_api.invalid");
  try {
    assert.throws(() => realServerBinary(), /not an executable file/);
  } finally {
    if (saved === undefined) Deno.env.delete("PANGOLIN_SERVER_BIN");
    else Deno.env.set("PANGOLIN_SERVER_BIN", saved);
  }
});

Deno.test("real server binary: none beside the repository skips the tier with a reason", async () => {
  const saved = Deno.env.get("PANGOLIN_SERVER_BIN");
  Deno.env.delete("PANGOLIN_SERVER_BIN");
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${root}/repo`);
    const lookup = realServerBinary(new URL(`file://${root}/repo/`));
    assert.equal(lookup.found, false);
    assert.match(!lookup.found ? lookup.reason : "", /no PANGOLIN_SERVER_BIN/);
  } finally {
    if (saved !== undefined) Deno.env.set("PANGOLIN_SERVER_BIN", saved);
    await Deno.remove(root, { recursive: true });
  }
});
