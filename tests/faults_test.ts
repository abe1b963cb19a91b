/**
 * A bad network and a bad day: slow or stalled replies, dropped connections, gateway errors.
 * Reads are retried a bounded number of times; writes never are.
 */
import assert from "node:assert/strict";
import { SEED } from "./server/mod.ts";
import { loginAs, loginAsTenantAdmin, run, withServer } from "./helpers.ts";

function noStackTrace(stderr: string): void {
  assert.equal(/\bat .*:\d+:\d+/.test(stderr), false, stderr);
}

Deno.test("slow headers within the deadline are waited for", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.setFault({ kind: "slow-headers", delayMs: 600, times: 1 });
    const r = await run(["list-catalogs", "--timeout", "5"], { home });
    assert.equal(r.code, 0, r.stderr);
  });
});

Deno.test("slow headers past the deadline: timeout, exit 6", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.setFault({ kind: "slow-headers", delayMs: 5000 });
    const r = await run(["list-catalogs", "--timeout", "1"], { home });
    assert.equal(r.code, 6);
    assert.match(r.stderr, /^Error: No answer from .* within 1s while trying to list catalogs/);
    noStackTrace(r.stderr);
  });
});

Deno.test("a body that stalls halfway counts against the deadline: exit 6", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.setFault({ kind: "stall-body" });
    const started = Date.now();
    const r = await run(["list-catalogs", "--timeout", "1", "--tenant", SEED.tenantId], { home });
    assert.equal(r.code, 6);
    assert.match(r.stderr, /within 1s while trying to list catalogs \(timeout\)/);
    assert.ok(Date.now() - started < 8000);
  });
});

Deno.test("a dropped connection on a read is retried and then succeeds", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.clearRequests();
    server.setFault({ kind: "reset", times: 1 });
    const r = await run(["list-catalogs", "--json"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^Note: GET \/api\/v1\/catalogs failed \(dropped connection\); retrying/,
    );
    assert.equal(server.requests.length, 2);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });
});

Deno.test("a dropped connection on a write is never retried: one line, exit 6", async () => {
  await withServer(async (server) => {
    const home = await loginAsTenantAdmin(server.url);
    server.clearRequests();
    server.setFault({ kind: "reset" });
    const r = await run(["create-service-user", "--name", "etl"], { home });
    assert.equal(r.code, 6);
    assert.match(r.stderr, /^Error: Cannot reach the server at .*: the connection was closed/);
    assert.equal(server.requests.length, 1);
    noStackTrace(r.stderr);
  });
});

Deno.test("503 on a read: retried, bounded, honouring retry-after", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.clearRequests();
    server.setFault({ kind: "status", status: 503, retryAfter: 1, times: 2 });
    const ok = await run(["list-catalogs"], { home });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(server.requests.length, 3);
    assert.match(ok.stderr, /retrying in 1\.0s \(attempt 2 of 3\)/);
    server.clearRequests();
    server.setFault({ kind: "status", status: 504 });
    const fail = await run(["list-catalogs"], { home });
    assert.equal(fail.code, 1);
    assert.equal(server.requests.length, 3, "three tries, no more");
    assert.match(
      fail.stderr,
      /Error: API Request Failed: Failed to list catalogs \(504\): injected 504/,
    );
  });
});

Deno.test("503 on a write is reported at once, never repeated", async () => {
  await withServer(async (server) => {
    const home = await loginAsTenantAdmin(server.url);
    server.clearRequests();
    server.setFault({ kind: "status", status: 503 });
    const r = await run(["create-service-user", "--name", "x"], { home });
    assert.equal(r.code, 1);
    assert.equal(server.requests.length, 1);
    assert.equal(r.stderr.includes("retrying"), false);
  });
});

Deno.test("--all against a server that ignores paging stops with one clear line", async () => {
  const page = Array.from({ length: 100 }, (_, i) => ({ id: `t${i}`, name: `c${i}` }));
  let calls = 0;
  const sameEveryTime = (() => {
    calls++;
    return Promise.resolve(Response.json(page));
  }) as unknown as typeof fetch;
  // Pages of 100 (--limit is the page size under --all): the same full page comes twice.
  const r = await run(["list-catalogs", "--all", "--limit", "100", "--url", "http://127.0.0.1:9"], {
    env: { PANGOLIN_TOKEN: "a.b.c" },
    fetch: sameEveryTime,
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /answered the same page for offset 0 and 100\nHint: .*run without --all/);
  assert.equal(calls, 2);
});
