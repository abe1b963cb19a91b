/** Session hygiene: where a credential came from, cron-safe expiry checks and rotation. */
import assert from "node:assert/strict";
import { SEED } from "./server/mod.ts";
import { loginAs, readConfig, run, runProcess, tempHome, withServer } from "./helpers.ts";

async function tenantAdminHome(url: string): Promise<string> {
  return await loginAs(url, SEED.tenantAdmin.username, SEED.tenantAdmin.password, {
    tenantId: SEED.tenantId,
  });
}

Deno.test("whoami --explain names the source of URL, credential and tenant, never the secret", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    const token = String((await readConfig(home)).profiles.default.token);
    server.clearRequests();
    const fromProfile = await run(["whoami", "--explain"], { home });
    assert.equal(fromProfile.code, 0, fromProfile.stderr);
    assert.match(
      fromProfile.stdout,
      new RegExp(`^URL: +${server.url} {2}\\(from profile\\)$`, "m"),
    );
    assert.match(fromProfile.stdout, /^Profile: +default {2}\(from default\)$/m);
    assert.match(
      fromProfile.stdout,
      /^Credential: +bearer token, token id [0-9a-f-]{36} {2}\(from profile 'default'\)$/m,
    );
    assert.match(fromProfile.stdout, /^Tenant: +none/m);
    assert.equal(fromProfile.stdout.includes(token), false);
    assert.equal(server.requests.length, 0, "no request");

    const fromEnv = await run(["whoami", "--explain", "--json", "--tenant", SEED.tenantId], {
      home,
      env: { PANGOLIN_URL: server.url, PANGOLIN_TOKEN: token, PANGOLIN_PROFILE: "default" },
    });
    const report = JSON.parse(fromEnv.stdout);
    assert.deepEqual(report.url, { value: server.url, source: "env PANGOLIN_URL" });
    assert.deepEqual(report.profile, { value: "default", source: "env PANGOLIN_PROFILE" });
    assert.equal(report.credential.source, "env PANGOLIN_TOKEN");
    assert.deepEqual(report.tenant, { value: SEED.tenantId, source: "flag --tenant" });
    assert.equal(fromEnv.stdout.includes(token), false);

    const key = "pgl_" + "k".repeat(64);
    const apiKey = await run(["whoami", "--explain"], {
      home: await tempHome(),
      env: { PANGOLIN_CLIENT_ID: SEED.user.id, PANGOLIN_API_KEY: key },
    });
    assert.match(apiKey.stdout, /^URL: +http:\/\/localhost:8080 {2}\(from default\)$/m);
    assert.match(apiKey.stdout, /client-credentials exchange\), client id /);
    assert.equal(apiKey.stdout.includes(key), false);

    const none = await run(["whoami", "--explain"], { home: await tempHome() });
    assert.equal(none.code, 3);
    assert.match(none.stdout, /^Credential: +none$/m);
  });
});

Deno.test("whoami --min-valid exits 3 when the token expires sooner, without a request", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    server.clearRequests();
    const ok = await run(["whoami", "--min-valid", "2h"], { home });
    assert.equal(ok.code, 0, ok.stderr);
    const soon = await run(["whoami", "--min-valid", "25h"], { home });
    assert.equal(soon.code, 3);
    assert.match(soon.stderr, /expires at .* \(in 23h 59m\), sooner than --min-valid 1d 1h\./);
    const bad = await run(["whoami", "--min-valid", "soon"], { home });
    assert.equal(bad.code, 2);
    assert.equal(server.requests.length, 0);
    const apiKey = await run(["whoami", "--min-valid", "1h"], {
      home: await tempHome(),
      env: { PANGOLIN_URL: server.url, PANGOLIN_API_KEY: "pgl_x" },
    });
    assert.equal(apiKey.code, 0);
    assert.match(apiKey.stderr, /no stored token is in use/);
  });
});

Deno.test("rotate-token --if-expiring-within does nothing while there is time left", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server.url);
    const before = (await readConfig(home)).profiles.default.token;
    server.clearRequests();
    const skip = await run(["rotate-token", "--if-expiring-within", "6h"], { home });
    assert.equal(skip.code, 0, skip.stderr);
    assert.match(
      skip.stdout,
      /^Token expires at .* \(in 23h 59m\), more than 6h away; not rotated\n$/,
    );
    assert.equal(server.requests.length, 0);
    assert.equal((await readConfig(home)).profiles.default.token, before);
    const json = await run(["rotate-token", "--if-expiring-within", "6h", "--json"], { home });
    assert.equal(JSON.parse(json.stdout).rotated, false);
    const due = await run(["rotate-token", "--if-expiring-within", "25h"], { home });
    assert.equal(due.code, 0, due.stderr);
    assert.match(due.stdout, /^✅ Token rotated successfully!/);
    assert.notEqual((await readConfig(home)).profiles.default.token, before);
  });
});

Deno.test("two cron jobs racing on one profile rotate once", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server.url);
    server.clearRequests();
    const [a, b] = await Promise.all([
      runProcess(["rotate-token", "--if-expiring-within", "25h"], { home }),
      runProcess(["rotate-token", "--if-expiring-within", "25h"], { home }),
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const rotations = server.requests.filter((r) => r.path === "/api/v1/tokens/rotate");
    assert.equal(rotations.length, 1, "one rotation, not two");
    assert.match(a.stdout + b.stdout, /Token already rotated by another run/);
    const check = await run(["list-catalogs"], { home });
    assert.equal(check.code, 0, "the saved token works");
  });
});
