/** Session hygiene: where a credential came from, cron-safe expiry checks and rotation. */
import assert from "node:assert/strict";
import { SEED } from "./server/mod.ts";
import {
  loginAs,
  loginAsTenantAdmin,
  readConfig,
  run,
  runProcess,
  tempHome,
  withServer,
} from "./helpers.ts";

async function tenantAdminHome(url: string): Promise<string> {
  return await loginAsTenantAdmin(url);
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
    // A session with an hour left, as a cron job would find it before its rotation is due.
    const short = JSON.parse(
      (await run([
        "create-token",
        "--tenant-id",
        SEED.tenantId,
        "--username",
        SEED.tenantAdmin.username,
        "--expires-in-hours",
        "1",
        "--json",
      ], { home })).stdout,
    );
    const path = `${home}/.pangolin/config`;
    const config = JSON.parse(await Deno.readTextFile(path));
    config.profiles.default.token = short.token;
    config.profiles.default.token_id = short.id;
    await Deno.writeTextFile(path, JSON.stringify(config));
    server.clearRequests();
    const cron = () => runProcess(["rotate-token", "--if-expiring-within", "2h"], { home });
    const [a, b] = await Promise.all([cron(), cron()]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const rotations = server.requests.filter((r) => r.path === "/api/v1/tokens/rotate");
    assert.equal(rotations.length, 1, `one rotation, not two:\n${a.stdout}\n${b.stdout}`);
    assert.match(a.stdout + b.stdout, /✅ Token rotated successfully!/);
    assert.match(a.stdout + b.stdout, /Token already rotated by another run|not rotated/);
    assert.ok(server.isRevoked(short.id));
    const check = await run(["list-catalogs"], { home });
    assert.equal(check.code, 0, "the saved token works");
  });
});

async function mint(home: string, username = "alice"): Promise<string> {
  const r = await run([
    "create-token",
    "--tenant-id",
    SEED.tenantId,
    "--username",
    username,
    "--json",
  ], {
    home,
  });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).id;
}

Deno.test("revoke-user-tokens --older-than and --issued-before revoke only the matching tokens", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server.url);
    const old = await mint(home);
    const older = await mint(home);
    const fresh = await mint(home);
    const day = 86_400_000;
    server.setTokenCreatedAt(old, new Date(Date.now() - 40 * day));
    server.setTokenCreatedAt(older, new Date(Date.now() - 90 * day));
    const dry = await run([
      "revoke-user-tokens",
      "--user-id",
      SEED.user.id,
      "--older-than",
      "30d",
      "--dry-run",
      "--json",
    ], { home });
    assert.deepEqual(
      JSON.parse(dry.stdout).would_revoke.map((t: { id: string }) => t.id).sort(),
      [
        old,
        older,
      ].sort(),
    );
    const cutoff = new Date(Date.now() - 60 * day).toISOString();
    const r = await run([
      "revoke-user-tokens",
      "--user-id",
      SEED.user.id,
      "--issued-before",
      cutoff,
      "--yes",
    ], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `✅ Revoked 1 of 1 tokens for user ${SEED.user.id}\n`);
    assert.ok(server.isRevoked(older));
    assert.equal(server.isRevoked(old) || server.isRevoked(fresh), false);
    const bad = await run([
      "revoke-user-tokens",
      "--user-id",
      SEED.user.id,
      "--issued-before",
      "last week",
    ], {
      home,
    });
    assert.equal(bad.code, 2);
  });
});

Deno.test("revoke-tokens --all-users: dry run lists exactly what goes; then each result", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server.url);
    const alice = await mint(home, "alice");
    const admin = await mint(home, SEED.tenantAdmin.username);
    const recent = await mint(home, "alice");
    const day = 86_400_000;
    server.setTokenCreatedAt(alice, new Date(Date.now() - 10 * day));
    server.setTokenCreatedAt(admin, new Date(Date.now() - 10 * day));
    const noScope = await run(["revoke-tokens", "--older-than", "7d"], { home });
    assert.equal(noScope.code, 2);
    const dry = await run(["revoke-tokens", "--all-users", "--older-than", "7d", "--dry-run"], {
      home,
    });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Would revoke 2 tokens of 2 users\n$/);
    assert.ok(dry.stdout.includes(alice) && dry.stdout.includes(admin));
    assert.equal(dry.stdout.includes(recent), false);
    const refused = await run(["revoke-tokens", "--all-users", "--older-than", "7d"], { home });
    assert.equal(refused.code, 2, "without a terminal --yes is required");
    server.clearRequests();
    const r = await run(["revoke-tokens", "--all-users", "--older-than", "7d", "--yes", "--json"], {
      home,
    });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.listed, 2);
    assert.deepEqual(
      out.results.map((x: { id: string; ok: boolean }) => [x.id, x.ok]).sort(),
      [[alice, true], [admin, true]].sort(),
    );
    assert.match(r.stderr, /Revoking: 2\/2/);
    assert.ok(server.isRevoked(alice) && server.isRevoked(admin));
    assert.equal(server.isRevoked(recent), false);
  });
});

Deno.test("revoke-tokens --all-users as root in a tenant: says who is unreached, exit 1", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    const r = await run(["revoke-tokens", "--all-users", "--yes", "--tenant", SEED.tenantId], {
      home,
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /can only be listed \(and so revoked\) by that tenant's admin/);
    assert.match(r.stderr, /Error: The tokens of 2 users were not reached\./);
  });
});
