/** Failures: usage, network, timeouts, and replies that are not what was expected. */
import assert from "node:assert/strict";
import { SEED } from "./server/mod.ts";
import { loginAs, loginAsTenantAdmin, run, withServer } from "./helpers.ts";

function oneLineError(stderr: string): void {
  assert.match(stderr, /^Error: [^\n]+\n(Hint: [^\n]+\n)?$/, stderr);
  assert.equal(/\bat .*:\d+:\d+/.test(stderr), false, "no stack trace");
}

Deno.test("unknown command and unknown flag: exit 2 with a pointer to --help", async () => {
  const cmd = await run(["revoke-tok"]);
  assert.equal(cmd.code, 2);
  assert.match(cmd.stderr, /^Error: No command registered for `revoke-tok`, did you mean/);
  assert.match(cmd.stderr, /Run 'pangolin-admin --help' for usage\.\n$/);
  const flag = await run(["list-catalogs", "--bogus"]);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /Run 'pangolin-admin list-catalogs --help' for usage\.\n$/);
  const missing = await run(["revoke-token-by-id"]);
  assert.equal(missing.code, 2);
  const globalWithoutValue = await run(["whoami", "--url"]);
  assert.equal(globalWithoutValue.code, 2);
  assert.match(globalWithoutValue.stderr, /--url needs a value/);
});

Deno.test("--help goes to stdout with exit 0, for the tool and each command", async () => {
  const top = await run(["--help"]);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /revoke-token-by-id +Revoke a token by its id/);
  assert.match(top.stdout, /GLOBAL FLAGS/);
  const cmd = await run(["revoke-token-by-id", "--help"]);
  assert.equal(cmd.code, 0);
  assert.match(cmd.stdout, /Example:\n {2}pangolin-admin revoke-token-by-id --id /);
  assert.equal(cmd.stderr, "");
});

Deno.test("no command and no terminal: help on stderr, exit 2", async () => {
  const r = await run([]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /USAGE/);
});

Deno.test("a server that is down: one line, exit 6", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const r = await run(["list-catalogs", "--url", `http://127.0.0.1:${port}`], {
    env: { PANGOLIN_TOKEN: "x.y.z" },
  });
  assert.equal(r.code, 6);
  oneLineError(r.stderr);
  assert.match(
    r.stderr,
    /Cannot reach the server at http:\/\/127\.0\.0\.1:\d+: connection refused/,
  );
});

Deno.test("a server that hangs: --timeout ends it with exit 6", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.setFault({ kind: "hang" });
    const started = Date.now();
    const r = await run(["list-catalogs", "--timeout", "1"], { home });
    assert.equal(r.code, 6);
    oneLineError(r.stderr);
    assert.match(r.stderr, /No answer from .* within 1s while trying to list catalogs \(timeout\)/);
    assert.ok(Date.now() - started < 10_000);
  });
});

Deno.test("HTML 502 from a proxy: retried as a read, then one clear line with the status", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.clearRequests();
    server.setFault({ kind: "html-502" });
    const r = await run(["list-catalogs"], { home });
    assert.equal(r.code, 1);
    const lines = r.stderr.trimEnd().split("\n");
    assert.match(lines[0], /^Note: GET \/api\/v1\/catalogs failed \(status 502\); retrying in/);
    assert.match(lines[1], /\(attempt 3 of 3\)$/);
    oneLineError(lines.slice(2).join("\n") + "\n");
    assert.match(r.stderr, /Failed to list catalogs \(502\): the reply is an HTML page/);
    assert.equal(server.requests.length, 3);
  });
});

Deno.test("invalid JSON or an empty body on success: one clear line, exit 1", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.setFault({ kind: "invalid-json", times: 1 });
    const bad = await run(["list-catalogs", "--json"], { home });
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, "");
    oneLineError(bad.stderr);
    assert.match(bad.stderr, /Failed to list catalogs \(200\): the reply is not valid JSON/);
    server.setFault({ kind: "empty-200", times: 1 });
    const empty = await run(["list-catalogs"], { home });
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /empty reply where JSON was expected/);
  });
});

Deno.test("a revoked token: the server's 401 text, exit 3", async () => {
  await withServer(async (server) => {
    const home = await loginAsTenantAdmin(server.url);
    const token = await server.mintJwt({
      sub: SEED.user.id,
      username: "alice",
      tenant_id: SEED.tenantId,
      role: "tenant-user",
    });
    const jti = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).jti;
    await run(["revoke-token-by-id", "--id", jti], { home });
    const r = await run(["list-catalogs"], {
      env: { PANGOLIN_TOKEN: token, PANGOLIN_URL: server.url },
    });
    assert.equal(r.code, 3);
    assert.match(
      r.stderr,
      /^Error: API Request Failed: Failed to list catalogs \(401\): Token has been revoked\nHint: /,
    );
  });
});

Deno.test("404 maps to exit 5 with the 'may already be gone' hint", async () => {
  await withServer(async (server) => {
    const home = await loginAsTenantAdmin(server.url);
    const r = await run(["get-service-user", "--id", crypto.randomUUID()], { home });
    assert.equal(r.code, 5);
    assert.match(r.stderr, /\(404\): Service user not found\nHint: it may already be gone/);
  });
});

Deno.test("--json failures print nothing on stdout and keep the exit codes", async () => {
  const r = await run(["list-catalogs", "--json"]);
  assert.equal(r.code, 3);
  assert.equal(r.stdout, "");
});

Deno.test("credentials over plain http to a non-loopback host warn on stderr", async () => {
  const seen: string[] = [];
  const fakeFetch = ((input: URL | string) => {
    seen.push(String(input));
    return Promise.resolve(Response.json([]));
  }) as typeof fetch;
  const r = await run(["list-catalogs", "--url", "http://pangolin.example:8080"], {
    env: { PANGOLIN_TOKEN: "a.b.c" },
    fetch: fakeFetch,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /^Warning: sending credentials over plain http:\/\/ to pangolin\.example:8080/,
  );
  assert.deepEqual(seen, ["http://pangolin.example:8080/api/v1/catalogs"]);
  const loopback = await run(["list-catalogs", "--url", "http://127.0.0.1:9"], {
    env: { PANGOLIN_TOKEN: "a.b.c" },
    fetch: fakeFetch,
  });
  assert.equal(loopback.stderr, "");
  const tls = await run(["list-catalogs", "--url", "https://pangolin.example"], {
    env: { PANGOLIN_TOKEN: "a.b.c" },
    fetch: fakeFetch,
  });
  assert.equal(tls.stderr, "");
});

Deno.test("a redirect is reported, never followed with credentials", async () => {
  const seen: string[] = [];
  const fakeFetch = ((input: URL | string, init?: RequestInit) => {
    seen.push(String(input));
    assert.equal(init?.redirect, "manual");
    return Promise.resolve(
      new Response(null, { status: 302, headers: { location: "https://elsewhere.example/" } }),
    );
  }) as typeof fetch;
  const r = await run(["list-catalogs", "--url", "https://pangolin.example"], {
    env: { PANGOLIN_TOKEN: "a.b.c" },
    fetch: fakeFetch,
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\(302\): the server redirected to https:\/\/elsewhere\.example\//);
  assert.equal(seen.length, 1);
});

Deno.test("valid JSON of the wrong shape: one clear line with the status, never a crash", async () => {
  const replying = (body: unknown) =>
    (() => Promise.resolve(Response.json(body))) as unknown as typeof fetch;
  const env = { PANGOLIN_TOKEN: "a.b.c" };
  const url = ["--url", "http://127.0.0.1:9"];
  const list = await run(["list-catalogs", ...url], { env, fetch: replying({ catalogs: [] }) });
  assert.equal(list.code, 1);
  oneLineError(list.stderr);
  assert.match(list.stderr, /Failed to list catalogs \(200\): the reply is JSON but not the list/);
  const mint = await run(["create-token", ...url, "--tenant-id", SEED.tenantId], {
    env,
    fetch: replying({ ok: true }),
  });
  assert.equal(mint.code, 1);
  assert.match(mint.stderr, /Failed to create token \(200\): the reply is JSON but lacks .*token/);
  const login = await run(["login", ...url, "-u", "admin", "--password-stdin"], {
    stdin: "password",
    fetch: replying([]),
  });
  assert.equal(login.code, 1);
  assert.match(login.stderr, /Failed to log in \(200\): the reply is JSON but lacks/);
});
