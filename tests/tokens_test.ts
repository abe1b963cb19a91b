/** The nine token verbs, in-process against the test server. */
import assert from "node:assert/strict";
import { SEED, type TestServer } from "./server/mod.ts";
import {
  loginAs,
  loginAsTenantAdmin,
  readConfig,
  requestLines,
  run,
  tempHome,
  withServer,
} from "./helpers.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function tenantAdminHome(server: TestServer): Promise<string> {
  return await loginAsTenantAdmin(server.url);
}

async function mintForAlice(home: string, hours?: number): Promise<string> {
  const argv = ["create-token", "--tenant-id", SEED.tenantId, "--username", "alice", "--json"];
  if (hours) argv.push("--expires-in-hours", String(hours));
  const r = await run(argv, { home });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).id;
}

Deno.test("revoke-token: real revocation route, token removed, next command exits 3", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    const before = (await readConfig(home)).profiles.default;
    server.clearRequests();
    const r = await run(["revoke-token"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      "✅ Token revoked successfully!\nYou have been logged out. Please login again to continue.\n",
    );
    const revoke = server.requests.find((q) => q.path === "/api/v1/auth/revoke")!;
    assert.equal(revoke.method, "POST");
    assert.equal(revoke.body, "{}");
    assert.equal(revoke.headers["content-type"], "application/json");
    assert.equal(requestLines(server).includes("POST /api/v1/users/logout"), false);
    assert.ok(server.isRevoked(String(before.token_id)));
    const after = (await readConfig(home)).profiles.default;
    assert.equal(after.token, undefined);
    assert.equal(after.username, "admin");
    server.clearRequests();
    const next = await run(["list-catalogs"], { home });
    assert.equal(next.code, 3);
    assert.match(next.stderr, /Not logged in/);
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("logout is revoke-token and never calls the cosmetic logout route", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    const r = await run(["logout", "--json"], { home });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.match(out.revoked, UUID);
    assert.equal(out.verified, true);
    assert.equal(requestLines(server).includes("POST /api/v1/users/logout"), false);
  });
});

Deno.test("revoke-token with an API-key session says there is no token to revoke", async () => {
  await withServer(async (server) => {
    const r = await run(["revoke-token", "--url", server.url], {
      env: { PANGOLIN_API_KEY: "pgl_" + "a".repeat(64) },
    });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.split("\n")[0].includes("no revocable token"), true);
  });
});

Deno.test("revoke-token-by-id: admin revokes by id; the token stops working", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    const id = await mintForAlice(home);
    server.clearRequests();
    const r = await run(["revoke-token-by-id", "--id", id.toUpperCase()], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `✅ Token ${id} revoked successfully!\n`);
    assert.deepEqual(requestLines(server), [`POST /api/v1/auth/revoke/${id}`]);
    assert.equal(server.requests[0].body, "{}");
    assert.ok(server.isRevoked(id));
    const json = await run(["revoke-token-by-id", "--id", id, "--json"], { home });
    assert.deepEqual(JSON.parse(json.stdout), { revoked: id });
  });
});

Deno.test("revoke-token-by-id as a non-admin: the 403 line, hint and exit 4", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, SEED.user.username, SEED.user.password, {
      tenantId: SEED.tenantId,
    });
    const id = crypto.randomUUID();
    const r = await run(["revoke-token-by-id", "--id", id], { home });
    assert.equal(r.code, 4);
    assert.equal(
      r.stderr,
      "Error: API Request Failed: Failed to revoke token (403): Admin access required\n" +
        "Hint: only admins can do this (or this role cannot, see the server's message)\n",
    );
    assert.equal(r.stdout, "");
    const del = await run(["delete-token", "--token-id", id], { home });
    assert.equal(del.code, 4);
    assert.match(
      del.stderr,
      /^Error: API Request Failed: Failed to delete token \(403\): Admin access required to delete arbitrary token\nHint: /,
    );
  });
});

Deno.test("an id that is not a UUID is refused with exit 2 and nothing is sent", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    server.clearRequests();
    for (
      const argv of [
        ["revoke-token-by-id", "--id", "token-1"],
        ["delete-token", "--token-id", "12345"],
        // Flags that take a name or an id refuse what can be neither: a mistyped UUID.
        ["list-user-tokens", "--user-id", "3c8e5f21-6d4b-4a32-8f9c"],
        ["revoke-user-tokens", "--user-id", "3c8e5f216d4b4a328f9c2b3d4e5f6a7", "--yes"],
        ["create-token", "--tenant-id", "6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b0"],
        ["get-service-user", "--id", "{c2d4e6f8-1a3b-4c5d-8e7f}"],
        ["delete-user", "--yes", "3c8e5f21-6d4b-4a32-8f9c-2b3d4e5f6a7"],
        ["list-user-roles", "--user-id", ""],
      ]
    ) {
      const r = await run(argv, { home });
      assert.equal(r.code, 2, argv.join(" "));
      assert.match(
        r.stderr,
        /^Error: .*(is not a UUID|must not be empty).*\nRun 'pangolin-admin [a-z-]+ --help' for usage\.\n$/,
      );
    }
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("delete-token deletes by id (DELETE /api/v1/tokens/{id})", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    const id = await mintForAlice(home);
    server.clearRequests();
    const r = await run(["delete-token", "--token-id", id], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `✅ Token ${id} deleted successfully!\n`);
    assert.deepEqual(requestLines(server), [`DELETE /api/v1/tokens/${id}`]);
    assert.ok(server.isRevoked(id));
  });
});

Deno.test("per-device tokens: create three, list them, revoke one, then the rest", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    const created = [];
    for (const device of ["desktop", "laptop", "ci"]) {
      const r = await run([
        "create-token",
        "--tenant-id",
        SEED.tenantId,
        "--username",
        "alice",
        "--expires-in-hours",
        device === "ci" ? "48" : "24",
      ], { home });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^✅ Token created for alice\n/);
      const id = r.stdout.match(/^Token ID: +(\S+)$/m)![1];
      const token = r.stdout.match(/^Token: +(\S+)$/m)![1];
      assert.match(id, UUID);
      assert.match(token, /^ey[\w-]+\.[\w-]+\.[\w-]+$/);
      assert.match(r.stderr, /shown only now/);
      created.push(id);
    }
    const body = JSON.parse(server.requests.find((q) => q.path === "/api/v1/tokens")!.body);
    assert.deepEqual(body, { tenant_id: SEED.tenantId, username: "alice", expires_in_hours: 24 });

    const list = await run(["list-user-tokens", "--user-id", SEED.user.id], { home });
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trimEnd().split("\n");
    assert.match(lines[0], /^Token ID +Created At +Expires At +Valid$/);
    assert.equal(lines.length, 4);
    for (const id of created) assert.ok(list.stdout.includes(id));
    assert.match(lines[1], / UTC +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC +yes$/);
    assert.match(list.stderr, /sessions from login are not recorded/);
    assert.equal(list.stdout.includes("eyJ"), false, "no token in the listing");

    const json = await run(["list-user-tokens", "--user-id", SEED.user.id, "--json"], { home });
    const parsed = JSON.parse(json.stdout);
    assert.equal(parsed.length, 3);
    assert.equal(parsed.some((t: Record<string, unknown>) => "token" in t), false);

    const one = await run(["revoke-token-by-id", "--id", created[0]], { home });
    assert.equal(one.code, 0);
    const rest = await run(["revoke-user-tokens", "--user-id", SEED.user.id, "--yes"], { home });
    assert.equal(rest.code, 0, rest.stderr);
    assert.equal(rest.stdout, `✅ Revoked 2 of 2 tokens for user ${SEED.user.id}\n`);
    assert.match(rest.stderr, /sessions from login are not recorded by the server/);
    assert.match(rest.stderr, /Revoking: 2\/2/);
    for (const id of created) assert.ok(server.isRevoked(id));
    const empty = await run(["list-user-tokens", "--user-id", SEED.user.id], { home });
    assert.equal(empty.stdout, `No active tokens found for user ${SEED.user.id}\n`);
  });
});

Deno.test("revoke-user-tokens: --dry-run revokes nothing; without a terminal --yes is required", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    const a = await mintForAlice(home);
    const b = await mintForAlice(home);
    const dry = await run(["revoke-user-tokens", "--user-id", SEED.user.id, "--dry-run"], { home });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`Would revoke 2 tokens for user ${SEED.user.id}`));
    assert.ok(dry.stdout.includes(a) && dry.stdout.includes(b));
    const refused = await run(["revoke-user-tokens", "--user-id", SEED.user.id], { home });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /refusing without --yes \(no terminal to ask on\)/);
    assert.equal(server.isRevoked(a) || server.isRevoked(b), false);
    const declined = await run(["revoke-user-tokens", "--user-id", SEED.user.id], {
      home,
      terminal: true,
      answers: [false],
    });
    assert.equal(declined.code, 1);
    assert.match(declined.stderr, /^Error: Nothing was revoked \(not confirmed\)\.$/m);
    // Given by id on a terminal: the question names the user, read for it.
    assert.deepEqual(declined.prompts, [`Revoke 2 tokens of user alice (${SEED.user.id})?`]);
    assert.equal(server.isRevoked(a), false);
    // revoke-tokens asks the same way, counting the users its tokens belong to.
    const all = await run(["revoke-tokens", "--all-users", "--older-than", "0s"], {
      home,
      terminal: true,
      answers: [false],
    });
    assert.equal(all.code, 1, all.stderr);
    assert.match(all.stderr, /^Error: Nothing was revoked \(not confirmed\)\.$/m);
    assert.match(all.prompts[0] ?? "", /^Revoke \d+ tokens of \d+ users(\?|, this session's own)/);
    assert.equal(server.isRevoked(a) || server.isRevoked(b), false);
    const json = await run(["revoke-user-tokens", "--user-id", SEED.user.id, "--json"], {
      home,
      terminal: true,
      answers: [true],
    });
    assert.equal(json.code, 0, json.stderr);
    const out = JSON.parse(json.stdout);
    assert.deepEqual(out.revoked.sort(), [a, b].sort());
    assert.deepEqual(out.failed, []);
  });
});

Deno.test("revoke-user-tokens warns when a revocation will lapse before the token expires", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    await mintForAlice(home, 24 * 30);
    const r = await run(["revoke-user-tokens", "--user-id", SEED.user.id, "--yes"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /keeps this revocation for 24 h only; token .* works again after/);
  });
});

Deno.test("no lapse warning for a token that outlives the revocation by clock skew only", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    // A server whose clock runs two minutes ahead mints its 24-hour tokens two minutes "late";
    // ten minutes past the revocation's end is no skew, and is warned about.
    const [skewed] = await server.addTokens(SEED.user.id, 1, 24 * 3600 + 120);
    const [longer] = await server.addTokens(SEED.user.id, 1, 24 * 3600 + 600);
    const r = await run(["revoke-user-tokens", "--user-id", SEED.user.id, "--yes"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.includes(`token ${skewed} expires`), false, r.stderr);
    assert.match(r.stderr, new RegExp(`24 h only; token ${longer} expires .* works again after`));
  });
});

Deno.test("revoke-user-tokens --except-current keeps the caller's own token", async () => {
  await withServer(async (server) => {
    const admin = await tenantAdminHome(server);
    const r = await run([
      "create-token",
      "--tenant-id",
      SEED.tenantId,
      "--username",
      SEED.tenantAdmin.username,
      "--json",
    ], { home: admin });
    const { token, id: other } = JSON.parse(r.stdout);
    const mine = await run([
      "create-token",
      "--tenant-id",
      SEED.tenantId,
      "--username",
      SEED.tenantAdmin.username,
      "--json",
    ], { home: admin });
    const minted = JSON.parse(mine.stdout);
    const out = await run([
      "revoke-user-tokens",
      "--user-id",
      SEED.tenantAdmin.id,
      "--except-current",
      "--yes",
      "--json",
    ], { env: { PANGOLIN_TOKEN: token, PANGOLIN_URL: server.url } });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout).revoked, [minted.id]);
    assert.equal(server.isRevoked(other), false);
  });
});

Deno.test("as root, token listings miss tenant users: a note, and revoke-user-tokens exits 1", async () => {
  await withServer(async (server) => {
    const admin = await tenantAdminHome(server);
    await mintForAlice(admin);
    const home = await loginAs(server.url, "admin", "password");
    const list = await run(["list-user-tokens", "--user-id", SEED.user.id], { home });
    assert.equal(list.code, 0);
    assert.equal(list.stdout, `No active tokens found for user ${SEED.user.id}\n`);
    assert.match(list.stderr, /as root, the server lists only the default tenant's tokens/);
    const r = await run(["revoke-user-tokens", "--user-id", SEED.user.id, "--yes"], { home });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /can only be listed \(and so revoked\) by that tenant's admin/);
  });
});

Deno.test("list-my-tokens adds the current login session, marked", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    const session = (await readConfig(home)).profiles.default;
    const r = await run(["list-my-tokens"], { home });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.match(lines[0], /^Token ID +Created At +Expires At +Valid$/);
    assert.ok(lines[1].startsWith(`${session.token_id} *`));
    assert.match(r.stdout, /\* the current session \(from login: the server does not record it\)/);
    const json = JSON.parse((await run(["list-my-tokens", "--json"], { home })).stdout);
    assert.equal(json[0].id, session.token_id);
    assert.equal(json[0].current, true);
    assert.equal(json[0].listed_by_server, false);
  });
});

Deno.test("create-token --token-file writes a 0600 file and prints only its path", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    const file = `${home}/ci.token`;
    const argv = [
      "create-token",
      "--tenant-id",
      SEED.tenantId,
      "--username",
      "alice",
      "--token-file",
      file,
    ];
    const r = await run(argv, { home });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Token file: +${file}$`, "m"));
    assert.equal(r.stdout.includes("eyJ"), false);
    const token = (await Deno.readTextFile(file)).trim();
    assert.match(token, /^eyJ/);
    if (Deno.build.os !== "windows") assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
    const again = await run(argv, { home });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists; pass --force/);
    assert.equal((await Deno.readTextFile(file)).trim(), token);
  });
});

Deno.test("create-token refuses lifetimes the server would clamp or make already expired", async () => {
  const home = await tempHome();
  for (const h of ["0", "8761", "-1", "ten"]) {
    const r = await run(["create-token", "--tenant-id", SEED.tenantId, "--expires-in-hours", h], {
      home,
    });
    assert.equal(r.code, 2, h);
  }
});

Deno.test("rotate-token saves a new working token; the old one is refused", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    const old = (await readConfig(home)).profiles.default;
    const r = await run(["rotate-token"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^✅ Token rotated successfully!\nNew token expires at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n$/,
    );
    const now = (await readConfig(home)).profiles.default;
    assert.notEqual(now.token, old.token);
    assert.ok(server.isRevoked(String(old.token_id)));
    assert.ok(requestLines(server).includes("POST /api/v1/tokens/rotate"));
    const who = await run(["list-catalogs"], { home });
    assert.equal(who.code, 0, who.stderr);
  });
});

Deno.test("rotate-token refuses a root session: the server would lock it out", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    const before = (await readConfig(home)).profiles.default;
    server.clearRequests();
    const r = await run(["rotate-token"], { home });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Refusing to rotate a session without a tenant \(root\)/);
    assert.match(r.stderr, /Hint: log in again instead/);
    assert.equal(server.requests.length, 0);
    assert.deepEqual((await readConfig(home)).profiles.default, before);
  });
});

Deno.test("cleanup-expired-tokens prints the server's count", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    const r = await run(["cleanup-expired-tokens"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^✅ Cleaned up \d+ expired tokens\n$/);
    const json = await run(["cleanup-expired-tokens", "--json"], { home });
    assert.equal(typeof JSON.parse(json.stdout).count, "number");
  });
});

Deno.test("revoke-token: a server that still accepts the token is a loud warning, exit 1", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    const r = await run(["revoke-token"], { home });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^Error: WARNING: the server still accepts the token after revoking it/);
  }, { ignoreRevocations: true });
});

Deno.test("revoke-token when the server already refuses the token: removed locally, exit 3", async () => {
  await withServer(async (server) => {
    const home = await loginAs(server.url, "admin", "password");
    const id = String((await readConfig(home)).profiles.default.token_id);
    const other = await loginAs(server.url, "admin", "password");
    await run(["revoke-token-by-id", "--id", id], { home: other });
    const r = await run(["revoke-token"], { home });
    assert.equal(r.code, 3);
    // The seed's shape, which scripts grep for; the local removal is the hint.
    assert.equal(
      r.stderr,
      "Error: API Request Failed: Failed to revoke token (401): Token has been revoked\n" +
        "Hint: the token was removed from profile 'default'; log in again: pangolin-admin " +
        "login --username admin\n",
    );
    assert.equal((await readConfig(home)).profiles.default.token, undefined);
  });
});

Deno.test("rotate-token with PANGOLIN_TOKEN prints the new token once (nothing to save)", async () => {
  await withServer(async (server) => {
    const admin = await loginAsTenantAdmin(server.url);
    const minted = JSON.parse(
      (await run(["create-token", "--tenant-id", SEED.tenantId, "--username", "alice", "--json"], {
        home: admin,
      })).stdout,
    );
    const home = await tempHome();
    const r = await run(["rotate-token"], {
      home,
      env: { PANGOLIN_TOKEN: minted.token, PANGOLIN_URL: server.url },
    });
    assert.equal(r.code, 0, r.stderr);
    const fresh = r.stdout.match(/^New token: (\S+)$/m)![1];
    assert.notEqual(fresh, minted.token);
    assert.match(r.stderr, /PANGOLIN_TOKEN is now revoked/);
    assert.ok(server.isRevoked(minted.id));
    await assert.rejects(Deno.stat(`${home}/.pangolin/config`));
  });
});

Deno.test("revoke-token-by-id of the session's own token drops it from the profile", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    const id = String((await readConfig(home)).profiles.default.token_id);
    const r = await run(["revoke-token-by-id", "--id", id], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /that was this session's own token; it was removed from the profile/);
    assert.equal((await readConfig(home)).profiles.default.token, undefined);
  });
});

Deno.test("revoke-user-tokens --older-than 0s revokes every token issued before now", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    const ids = [await mintForAlice(home), await mintForAlice(home)];
    const r = await run(
      ["revoke-user-tokens", "--user-id", SEED.user.id, "--older-than", "0s", "--yes", "--json"],
      { home },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(new Set(JSON.parse(r.stdout).revoked), new Set(ids));
    for (const id of ids) assert.ok(server.isRevoked(id));
    // A negative age is still bad input: exit 2, no stack trace.
    const bad = await run(
      ["revoke-user-tokens", "--user-id", SEED.user.id, "--older-than", "-1s"],
      {
        home,
      },
    );
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /^Error: Failed to parse "-1s" for older-than: '-1s' is not a duration/,
    );
  });
});
