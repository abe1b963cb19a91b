/** offboard-user: every step, the server's limits said plainly, and a non-zero exit on failure. */
import assert from "node:assert/strict";
import { SEED, type TestServer } from "./server/mod.ts";
import { loginAs, requestLines, run, runProcess, withServer } from "./helpers.ts";

/** The deactivation step's line: sent and accepted, never confirmed (no active flag shown). */
const DEACTIVATED = "• Active flag set to false (sent and accepted; the server's user records " +
  "carry no active flag, so it cannot be confirmed, and it does not stop logins)";

const T = SEED.tenantId;
const LOGIN_NOTE = "Note: sessions from login are not recorded by the server, so they are not " +
  "listed and stay valid until they expire (at most 24 h).";

/** A tenant admin's HOME, plus bob: a second tenant admin who leaves, with tokens and a key. */
async function setup(server: TestServer) {
  const admin = await loginAs(server.url, SEED.tenantAdmin.username, SEED.tenantAdmin.password, {
    tenantId: T,
  });
  const created = await run([
    "create-user",
    "bob",
    "--email",
    "bob@acme.example",
    "--role",
    "tenant-admin",
    "--tenant-id",
    T,
    "--password-stdin",
    "--json",
  ], { home: admin, stdin: "bob-password\n" });
  assert.equal(created.code, 0, created.stderr);
  const bobId: string = JSON.parse(created.stdout).id;
  const bob = await loginAs(server.url, "bob", "bob-password", { tenantId: T });
  const tokens: string[] = [];
  for (const hours of ["48", "24"]) {
    const r = await run([
      "create-token",
      "--tenant-id",
      T,
      "--username",
      "bob",
      "--expires-in-hours",
      hours,
      "--json",
    ], { home: admin });
    assert.equal(r.code, 0, r.stderr);
    tokens.push(JSON.parse(r.stdout).id);
  }
  const serviceUser = async (home: string, name: string, role = "tenant-user") => {
    const r = await run(["create-service-user", "--name", name, "--role", role, "--json"], {
      home,
    });
    assert.equal(r.code, 0, r.stderr);
    const { id, api_key } = JSON.parse(r.stdout);
    return { id: id as string, key: api_key as string };
  };
  const etl = await serviceUser(bob, "etl");
  const other = await serviceUser(admin, "reports");
  server.clearRequests();
  return { admin, bob, bobId, tokens, etl, other, serviceUser };
}

function writes(server: TestServer): string[] {
  return requestLines(server).filter((l) => !l.startsWith("GET "));
}

Deno.test("offboard-user: password, deactivation, tokens, service users", async () => {
  await withServer(async (server) => {
    const { admin, bob, bobId, tokens, etl, other } = await setup(server);
    const r = await run([
      "offboard-user",
      "--user-id",
      bobId,
      "--include-service-users",
      "--reason",
      "left the company",
      "--yes",
    ], { home: admin });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        `Offboarding bob (${bobId}) of tenant ${T}`,
        "✅ Password replaced with a random one nobody has seen (logins stop working)",
        DEACTIVATED,
        "✅ Revoked 2 of 2 listed tokens",
        `✅ Service user etl (${etl.id}) deactivated and its key rotated (the new key was ` +
        "thrown away unseen)",
        `✅ User bob (${bobId}) offboarded: 4 of 4 steps done; 2 of 2 listed tokens revoked; ` +
        "1 of 1 service user deactivated, 1 key rotated",
        "",
      ].join("\n"),
    );
    assert.deepEqual(requestLines(server).slice(0, 4), [
      `GET /api/v1/users/${bobId}`,
      `PUT /api/v1/users/${bobId}`,
      `PUT /api/v1/users/${bobId}`,
      `GET /api/v1/users/${bobId}/tokens`,
    ]);
    assert.deepEqual(
      requestLines(server).slice(4, 6).sort(),
      [
        `POST /api/v1/auth/revoke/${tokens[0]}`,
        `POST /api/v1/auth/revoke/${tokens[1]}`,
      ].sort(),
    );
    assert.deepEqual(requestLines(server).slice(6), [
      "GET /api/v1/service-users",
      `PUT /api/v1/service-users/${etl.id}`,
      `POST /api/v1/service-users/${etl.id}/rotate`,
    ]);
    const bodies = server.requests.map((q) => q.body);
    const password = JSON.parse(bodies[1]).password;
    assert.match(password, /^[0-9a-f]{64}$/);
    assert.deepEqual(Object.keys(JSON.parse(bodies[1])), ["password"]);
    assert.deepEqual(JSON.parse(bodies[2]), { active: false });
    assert.deepEqual(JSON.parse(bodies[4]), { reason: "left the company" });
    assert.deepEqual(JSON.parse(bodies[7]), { active: false });
    // The new password is never printed, logged or kept.
    const audit = await Deno.readTextFile(`${admin}/.pangolin/audit.log`);
    const config = await Deno.readTextFile(`${admin}/.pangolin/config`);
    for (const text of [r.stdout, r.stderr, audit, config]) {
      assert.equal(text.includes(password), false);
    }
    assert.match(audit, /"command":"offboard-user"/);
    // The server's limits, said plainly on stderr.
    assert.ok(r.stderr.includes(LOGIN_NOTE), r.stderr);
    assert.match(r.stderr, /^Note: the server's active flag does not stop logins or end sessions/m);
    assert.match(r.stderr, /^Note: tokens the service users already got from the client-cred/m);
    assert.match(
      r.stderr,
      new RegExp(
        `^Warning: the server keeps this revocation for 24 h only; token ${tokens[0]}`,
        "m",
      ),
    );
    assert.equal(r.stderr.includes("a revocation by id lasts 24 h"), false, "warned once");

    assert.ok(server.isRevoked(tokens[0]) && server.isRevoked(tokens[1]));
    assert.equal(server.serviceUserKeyWorks(etl.id, etl.key), false);
    assert.equal(server.serviceUserKeyWorks(other.id, other.key), true, "not bob's: untouched");
    const login = await run(["login", "-u", "bob", "-t", T, "--password-stdin"], {
      home: bob,
      stdin: "bob-password\n",
    });
    assert.equal(login.code, 3, "the old password no longer works");
    // What the server cannot do: bob's login session is not listed, so it still works.
    const session = await run(["list-catalogs"], { home: bob });
    assert.equal(session.code, 0, "a login session stays valid until it expires");
  });
});

Deno.test("offboard-user lists service users unless asked; --dry-run changes nothing", async () => {
  await withServer(async (server) => {
    const { admin, bobId, tokens, etl } = await setup(server);
    const dry = await run(["offboard-user", "--user-id", bobId, "--dry-run"], { home: admin });
    assert.equal(dry.code, 0, dry.stderr);
    const lines = dry.stdout.split("\n");
    assert.deepEqual(lines.slice(0, 6), [
      "Dry run: nothing was changed.",
      `Offboarding bob (${bobId}) of tenant ${T} would:`,
      "  1. replace the password with a random one nobody sees (logins stop working)",
      "  2. deactivate the user (the server accepts it but shows no active flag, and the flag " +
      "stops no logins)",
      "  3. revoke 2 listed tokens for bob",
      "  4. list the service users they created (1), unchanged (--include-service-users " +
      "deactivates and rotates them)",
    ]);
    assert.ok(dry.stdout.includes(tokens[0]) && dry.stdout.includes(etl.id));
    assert.match(dry.stderr, /^Note: a revocation by id lasts 24 h on the server: 1 token /m);
    const dryJson = await run(
      ["offboard-user", "--user-id", bobId, "--dry-run", "--delete-user", "--json"],
      { home: admin },
    );
    const plan = JSON.parse(dryJson.stdout);
    assert.equal(plan.dry_run, true);
    assert.equal(plan.plan.length, 5);
    assert.equal(plan.plan[4], "delete the user (skipped if an earlier step fails)");
    assert.deepEqual(plan.tokens.map((t: { id: string }) => t.id).sort(), [...tokens].sort());
    assert.equal(plan.tokens.some((t: object) => "token" in t), false, "no JWTs");
    assert.deepEqual(plan.service_users.map((s: { id: string }) => s.id), [etl.id]);
    assert.equal("api-key-hash" in plan.service_users[0], false);
    assert.deepEqual(writes(server), [], "a dry run changes nothing");

    const r = await run(["offboard-user", "--user-id", bobId, "--yes", "--json"], {
      home: admin,
    });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.user, {
      id: bobId,
      username: "bob",
      tenant_id: T,
      role: "tenant-admin",
    });
    assert.equal(report.complete, true);
    assert.deepEqual(
      report.steps.map((s: { step: string; ok: boolean }) => [s.step, s.ok]),
      [["replace-password", true], ["deactivate", true], ["revoke-tokens", true], [
        "service-users",
        true,
      ]],
    );
    assert.match(
      report.steps[3].detail,
      /^1 service user created by bob, not changed \(run again with --include-service-users/,
    );
    assert.deepEqual(report.service_users, [
      { id: etl.id, name: "etl", deactivated: false, key_rotated: false, errors: [] },
    ]);
    assert.deepEqual(report.counts, {
      steps: 4,
      steps_done: 4,
      steps_failed: 0,
      steps_skipped: 0,
      tokens_listed: 2,
      tokens_revoked: 2,
      tokens_failed: 0,
      service_users: 1,
      service_users_deactivated: 0,
      service_user_keys_rotated: 0,
    });
    assert.match(report.server_limits[0], /^Sessions from login are not recorded by the server/);
    assert.equal(server.serviceUserKeyWorks(etl.id, etl.key), true, "listed, not changed");
    assert.equal(writes(server).some((l) => l.includes("service-users")), false);
  });
});

Deno.test("offboard-user confirms, needs --yes off a terminal, refuses bad targets", async () => {
  await withServer(async (server) => {
    const { admin, bobId } = await setup(server);
    const piped = await run(["offboard-user", "--user-id", bobId], { home: admin });
    assert.equal(piped.code, 2);
    assert.match(piped.stderr, /refusing without --yes \(no terminal to ask on\)/);
    const no = await run(["offboard-user", "--user-id", bobId], {
      home: admin,
      terminal: true,
      answers: [false],
    });
    assert.equal(no.code, 1);
    assert.deepEqual(no.prompts, [`Offboard user bob (${bobId})?`]);
    assert.match(no.stderr, /^ {2}3\. revoke every token the server lists for bob$/m);
    assert.match(no.stderr, /Error: Nothing was changed \(not confirmed\)\./);
    assert.deepEqual(writes(server), []);

    const unknown = "3c8e5f21-6d4b-4a32-8f9c-000000000000";
    const missing = await run(["offboard-user", "--user-id", unknown, "--yes"], { home: admin });
    assert.equal(missing.code, 5);
    assert.equal(
      missing.stderr,
      "Error: API Request Failed: Failed to get user (404): User not found\n" +
        "Hint: nothing was changed; check the id with pangolin-admin list-users\n",
    );
    assert.deepEqual(writes(server), []);

    server.clearRequests();
    const self = await run(["offboard-user", "--user-id", SEED.tenantAdmin.id, "--yes"], {
      home: admin,
    });
    assert.equal(self.code, 1);
    assert.match(
      self.stderr,
      /^Error: Refusing to offboard user .*: this run is logged in as that user\. Nothing was/,
    );
    assert.deepEqual(server.requests, [], "refused before anything is sent");
    const bad = await run(["offboard-user", "--user-id", "bob"], { home: admin });
    assert.equal(bad.code, 2);
  });
});

Deno.test("offboard-user as root for a tenant user: says who must do the rest", async () => {
  await withServer(async (server) => {
    const root = await loginAs(server.url, "admin", "password");
    const alice = SEED.user.id;
    server.clearRequests();
    const dry = await run(["offboard-user", "--user-id", alice, "--dry-run"], { home: root });
    assert.equal(dry.code, 1, "the plan cannot be completed");
    assert.deepEqual(writes(server), []);
    server.clearRequests();
    const r = await run(["offboard-user", "--user-id", alice, "--delete-user", "--yes"], {
      home: root,
    });
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      [
        `Offboarding alice (${alice}) of tenant ${T}`,
        "✅ Password replaced with a random one nobody has seen (logins stop working)",
        DEACTIVATED,
        `❌ No listed tokens of alice to revoke; the tokens recorded in tenant ${T} were not ` +
        "reached (only that tenant's admin can list and revoke them)",
        "✅ No service users created by alice",
        "• Deleting the user skipped: 1 earlier step failed (fix, then run again with " +
        "--delete-user)",
        `❌ Offboarding of alice (${alice}) incomplete: 3 of 5 steps done, 1 failed, 1 skipped; ` +
        "0 of 0 listed tokens revoked",
        "",
      ].join("\n"),
    );
    assert.match(
      r.stderr,
      new RegExp(
        "^Note: token listings: as root, the server lists only the default tenant's tokens; " +
          `alice's tokens in tenant ${T} can only be listed \\(and so revoked\\) by that ` +
          "tenant's admin\\.$",
        "m",
      ),
    );
    assert.ok(
      r.stderr.endsWith(
        `Error: Offboarding of user alice (${alice}) is incomplete: 1 of 5 steps failed; the ` +
          "steps that succeeded stay done (nothing is undone).\n" +
          `Hint: log in as that tenant's admin (pangolin-admin login --tenant-id ${T}) and run: ` +
          `pangolin-admin offboard-user --user-id ${alice} --yes\n`,
      ),
      r.stderr,
    );
    // Root lists the service users of the user's tenant through X-Pangolin-Tenant.
    const list = server.requests.find((q) => q.path === "/api/v1/service-users");
    assert.equal(list?.headers["x-pangolin-tenant"], T);
    assert.equal(writes(server).some((l) => l.startsWith("DELETE")), false);
    const login = await run([
      "login",
      "--url",
      server.url,
      "-u",
      "alice",
      "-t",
      T,
      "--password-stdin",
    ], {
      stdin: "password\n",
    });
    assert.equal(login.code, 3, "alice can no longer log in");
  });
});

Deno.test("offboard-user on a SQL backend: rotation fails, the rest is done, exit 1", async () => {
  await withServer(async (server) => {
    const { admin, bobId, etl } = await setup(server);
    server.setFault({ kind: "status", status: 500, path: "/api/v1/auth/revoke/*", times: 1 });
    const r = await run([
      "offboard-user",
      "--user-id",
      bobId,
      "--include-service-users",
      "--delete-user",
      "--yes",
    ], { home: admin });
    assert.equal(r.code, 1);
    const lines = r.stdout.split("\n");
    assert.equal(lines[3], "❌ Revoked 1 of 2 listed tokens; 1 failed (listed above)");
    assert.match(
      lines[4],
      new RegExp(
        `^❌ Service user etl \\(${etl.id}\\) deactivated, but rotating its key failed: ` +
          "Failed to rotate API key \\(500\\): Failed to rotate API key: .* \\(this " +
          "server's backend cannot rotate keys \\(rotation fails with 500 on the SQL " +
          "backends\\); it is deactivated, so the old key is refused anyway\\)$",
      ),
    );
    assert.equal(
      lines[5],
      "• Deleting the user skipped: 2 earlier steps failed (fix, then run again with " +
        "--delete-user)",
    );
    assert.match(r.stderr, /^Failed to revoke [0-9a-f-]{36}: API Request Failed: .*\(500\)/m);
    assert.match(r.stderr, /Hint: every step is safe to repeat/);
    assert.ok(
      writes(server).includes(`PUT /api/v1/service-users/${etl.id}`),
      "deactivated although the key could not be rotated",
    );
    assert.equal(writes(server).some((l) => l.startsWith("DELETE")), false);
  }, { backend: "sql" });
});

Deno.test("offboard-user skips the service user this run authenticates as", async () => {
  await withServer(async (server) => {
    const { bob, bobId, serviceUser } = await setup(server);
    const ops = await serviceUser(bob, "ops", "tenant-admin");
    server.clearRequests();
    const r = await run(["offboard-user", "--user-id", bobId, "--include-service-users", "--yes"], {
      env: { PANGOLIN_URL: server.url, PANGOLIN_CLIENT_ID: ops.id, PANGOLIN_API_KEY: ops.key },
    });
    assert.equal(r.code, 1);
    assert.ok(
      r.stdout.includes(
        `❌ Service user ops (${ops.id}) skipped: this run authenticates as it; deactivate it ` +
          "and rotate its key with another credential\n",
      ),
      r.stdout,
    );
    assert.match(r.stdout, /^✅ Service user etl .* deactivated and its key rotated/m);
    assert.equal(server.serviceUserKeyWorks(ops.id, ops.key), true);
    assert.ok(requestLines(server).includes("GET /api/v1/users/me"));
  });
});

Deno.test("offboard-user as a process: one JSON document, exit 1 on a failed step", async () => {
  await withServer(async (server) => {
    const root = await loginAs(server.url, "admin", "password");
    const r = await runProcess(
      ["offboard-user", "--user-id", SEED.user.id, "--yes", "--json"],
      { home: root },
    );
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.complete, false);
    assert.deepEqual(
      report.steps.map((s: { step: string; ok: boolean }) => [s.step, s.ok]),
      [["replace-password", true], ["deactivate", true], ["revoke-tokens", false], [
        "service-users",
        true,
      ]],
    );
    assert.equal(report.server_limits.length, 3);
    assert.match(r.stderr, /^Error: Offboarding of user alice .* is incomplete/m);
  });
});

Deno.test("offboard-user by another tenant's admin: tokens, service users unreached", async () => {
  await withServer(async (server) => {
    const root = await loginAs(server.url, "admin", "password");
    const tenant = await run([
      "create-tenant",
      "--name",
      "globex",
      "--admin-username",
      "gadmin",
      "--admin-email",
      "g@globex.example",
      "--admin-password-stdin",
      "--json",
    ], { home: root, stdin: "pw\n" });
    assert.equal(tenant.code, 0, tenant.stderr);
    const { id: globex, admin: { id: gadmin } } = JSON.parse(tenant.stdout);
    const acme = await loginAs(server.url, SEED.tenantAdmin.username, SEED.tenantAdmin.password, {
      tenantId: T,
    });
    server.clearRequests();
    const r = await run(["offboard-user", "--user-id", gadmin, "--yes"], { home: acme });
    assert.equal(r.code, 1);
    const lines = r.stdout.split("\n");
    assert.deepEqual(lines.slice(1, 3), [
      "✅ Password replaced with a random one nobody has seen (logins stop working)",
      DEACTIVATED,
    ]);
    assert.equal(
      lines[4],
      `❌ Service users not listed: the service users of tenant ${globex} can only be listed ` +
        "by that tenant's admin or root",
    );
    assert.match(
      r.stderr,
      new RegExp(
        `^Note: token listings: the server lists only the tokens of your own tenant \\(${T}\\); ` +
          `gadmin's tokens in tenant ${globex} can only be listed`,
        "m",
      ),
    );
    assert.match(r.stderr, /Error: .* 2 of 4 steps failed;/);
    assert.equal(requestLines(server).includes("GET /api/v1/service-users"), false);
  });
});
