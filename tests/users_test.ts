/** User verbs: list, create (passwords never echoed), update (no rename), delete by name or id. */
import assert from "node:assert/strict";
import { NIL_UUID, SEED, type TestServer } from "./server/mod.ts";
import { loginAs, loginAsTenantAdmin, requestLines, run, withServer } from "./helpers.ts";

async function rootHome(server: TestServer): Promise<string> {
  return await loginAs(server.url, SEED.rootUsername, SEED.rootPassword);
}

async function tenantAdminHome(server: TestServer): Promise<string> {
  return await loginAsTenantAdmin(server.url);
}

async function userHome(server: TestServer): Promise<string> {
  return await loginAs(server.url, SEED.user.username, SEED.user.password, {
    tenantId: SEED.tenantId,
  });
}

function lastBody(server: TestServer): Record<string, unknown> {
  return JSON.parse(server.requests.at(-1)!.body);
}

Deno.test("list-users: the tenant's users in a table, --json, paging", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    server.clearRequests();
    const r = await run(["list-users"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/users"]);
    const lines = r.stdout.trimEnd().split("\n");
    assert.match(lines[0], /^ID +Username +Email +Role +Created At$/);
    assert.match(
      lines[1],
      new RegExp(
        `^${SEED.tenantAdmin.id}  acme-admin  acme-admin@acme.example  tenant-admin  ` +
          "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$",
      ),
    );
    assert.match(lines[2], new RegExp(`^${SEED.user.id}  alice +alice@acme.example +tenant-user `));
    assert.equal(lines.length, 3);
    assert.equal(r.stderr, "");

    const json = await run(["list-users", "--json"], { home });
    const users = JSON.parse(json.stdout);
    assert.deepEqual(users.map((u: { username: string }) => u.username), ["acme-admin", "alice"]);
    assert.equal(users[1]["tenant-id"], SEED.tenantId);

    server.clearRequests();
    const all = await run(["list-users", "--all", "--limit", "1", "--json"], { home });
    assert.equal(JSON.parse(all.stdout).length, 2);
    assert.deepEqual(server.requests.map((q) => q.query), [
      "limit=1&offset=0",
      "limit=1&offset=1",
      "limit=1&offset=2",
    ]);
  });
});

Deno.test("list-users as root: the default tenant unless --tenant names one", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    const r = await run(["list-users"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `No users found in the default tenant (${NIL_UUID})\n`);
    assert.match(r.stderr, /as root without --tenant or 'use', the server lists the default/);
    server.clearRequests();
    const acme = await run(["list-users", "--tenant", SEED.tenantId, "--json"], { home });
    assert.equal(JSON.parse(acme.stdout).length, 2);
    assert.equal(server.requests[0].headers["x-pangolin-tenant"], SEED.tenantId);
    assert.equal(acme.stderr, "");
  });
});

Deno.test("list-users: the server ignores a tenant admin's --tenant; said so", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    const r = await run(["list-users", "--tenant", NIL_UUID, "--json"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).length, 2);
    assert.match(r.stderr, /^Note: the server ignores flag --tenant for a tenant-admin session/);
  });
});

Deno.test("create-user: snake_case tenant_id, current tenant, role tenant-user", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    server.clearRequests();
    const r = await run(
      ["create-user", "bob", "--email", "bob@acme.example", "--password-stdin"],
      { home, stdin: "bob-pw\n" },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), ["POST /api/v1/users"]);
    assert.deepEqual(lastBody(server), {
      username: "bob",
      email: "bob@acme.example",
      password: "bob-pw",
      tenant_id: SEED.tenantId,
      role: "tenant-user",
    });
    const id = r.stdout.match(/^User ID: +(\S+)$/m)![1];
    assert.equal(
      r.stdout,
      `✅ User bob created (role tenant-user)\nUser ID:   ${id}\nTenant ID: ${SEED.tenantId}\n`,
    );
    assert.equal(r.stderr, "");
    await loginAs(server.url, "bob", "bob-pw", { tenantId: SEED.tenantId });

    const json = await run([
      "create-user",
      "carol",
      "--email",
      "carol@acme.example",
      "--role",
      "TenantAdmin",
      "--password-stdin",
      "--json",
    ], { home, stdin: "pw" });
    const user = JSON.parse(json.stdout);
    assert.equal(user.username, "carol");
    assert.equal(user.role, "tenant-admin");
    assert.equal(user["last-login"], null);
    assert.equal(json.stdout.includes('pw"'), false);
  });
});

Deno.test("create-user password: asked twice on a terminal; exit 2 without one", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    server.clearRequests();
    const base = ["create-user", "bob", "--email", "bob@acme.example"];
    const none = await run(base, { home });
    assert.equal(none.code, 2);
    assert.equal(
      none.stderr,
      "Error: Missing --password: pass --password-stdin and pipe it in (no terminal to ask on)\n",
    );
    const differ = await run(base, { home, terminal: true, answers: ["a", "b"] });
    assert.equal(differ.code, 2);
    assert.deepEqual(requestLines(server), []);

    const asked = await run(base, { home, terminal: true, answers: ["pw-1", "pw-1"] });
    assert.equal(asked.code, 0, asked.stderr);
    assert.deepEqual(asked.prompts, ["Password for bob:", "Repeat the password:"]);
    assert.equal(lastBody(server).password, "pw-1");

    const visible = await run([...base, "--password", "pw-2"], { home });
    assert.equal(visible.code, 0, visible.stderr);
    assert.equal(
      visible.stderr,
      "Warning: a password on the command line is visible to other local users " +
        "(process list, shell history); prefer --password-stdin.\n",
    );
    const both = await run([...base, "--password", "x", "--password-stdin"], { home });
    assert.equal(both.code, 2);
    assert.equal((await run([...base, "--role", "root", "--password", "x"], { home })).code, 2);
    assert.equal((await run(["create-user", "bob", "--email", "bob"], { home })).code, 2);
  });
});

Deno.test("create-user as root: tenant admins only, refused before sending otherwise", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    server.clearRequests();
    const base = ["create-user", "bob", "--email", "bob@acme.example", "--password-stdin"];
    const noRole = await run(base, { home, stdin: "pw" });
    assert.equal(noRole.code, 2);
    assert.match(noRole.stderr, /^Error: As root, pass --role tenant-admin: /);
    const user = await run([...base, "--role", "tenant-user"], { home, stdin: "pw" });
    assert.equal(user.code, 4);
    assert.equal(
      user.stderr,
      "Error: Root cannot create tenant users (the server refuses it with 403). Nothing was " +
        "sent.\nHint: log in as an admin of the tenant to create tenant users, or pass " +
        "--role tenant-admin\n",
    );
    const noTenant = await run([...base, "--role", "tenant-admin"], { home, stdin: "pw" });
    assert.equal(noTenant.code, 2);
    assert.match(noTenant.stderr, /Which tenant\? Pass --tenant-id <uuid>/);
    assert.deepEqual(requestLines(server), []);

    const admin = await run([...base, "--role", "tenant-admin", "--tenant-id", SEED.tenantId], {
      home,
      stdin: "pw",
    });
    assert.equal(admin.code, 0, admin.stderr);
    assert.equal(lastBody(server).tenant_id, SEED.tenantId);
    assert.equal(lastBody(server).role, "tenant-admin");
    assert.equal((await run(["use", "acme"], { home })).code, 0);
    const used = await run([
      "create-user",
      "dan",
      "--email",
      "d@acme.example",
      "--role",
      "tenant-admin",
      "--password-stdin",
    ], { home, stdin: "pw" });
    assert.equal(used.code, 0, used.stderr);
    assert.equal(lastBody(server).tenant_id, SEED.tenantId);
  });
});

Deno.test("create-user as a tenant user: the server's 403 for an admin, exit 4", async () => {
  await withServer(async (server) => {
    const home = await userHome(server);
    const r = await run(
      [
        "create-user",
        "eve",
        "--email",
        "e@acme.example",
        "--role",
        "tenant-admin",
        "--password-stdin",
      ],
      { home, stdin: "pw" },
    );
    assert.equal(r.code, 4);
    assert.match(
      r.stderr,
      /^Error: API Request Failed: Failed to create user \(403\): Only Root or Tenant Admin can /,
    );
  });
});

Deno.test("update-user: email, active and password; the text reply; no rename", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    server.clearRequests();
    const r = await run(["update-user", "--id", SEED.user.id, "--email", "a@acme.io"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `✅ User ${SEED.user.id} updated\n`);
    assert.equal(r.stderr, "");
    assert.deepEqual(requestLines(server), [`PUT /api/v1/users/${SEED.user.id}`]);
    assert.deepEqual(lastBody(server), { email: "a@acme.io" });

    const off = await run(["update-user", "--id", SEED.user.id, "--active", "false", "--json"], {
      home,
    });
    assert.equal(off.code, 0, off.stderr);
    assert.deepEqual(JSON.parse(off.stdout), {
      updated: SEED.user.id,
      active: false,
      active_confirmed: false,
    });
    assert.deepEqual(lastBody(server), { active: false });
    assert.match(
      off.stderr,
      /^Note: the server accepted active=false, but its user records carry no active flag, so the change cannot be confirmed\. It does not stop the user from logging in/,
    );
    assert.match(off.stderr, /revoke-user-tokens --user-id 3c8e5f21-/);
    // It is true: alice still logs in.
    await loginAs(server.url, SEED.user.username, SEED.user.password, { tenantId: SEED.tenantId });

    const pw = await run(["update-user", "--id", SEED.user.id, "--password-stdin", "--json"], {
      home,
      stdin: "new-pw\n",
    });
    assert.equal(pw.code, 0, pw.stderr);
    assert.deepEqual(JSON.parse(pw.stdout), { updated: SEED.user.id, password_changed: true });
    assert.deepEqual(lastBody(server), { password: "new-pw" });
    assert.match(pw.stderr, /a new password does not end the user's existing sessions/);
    await loginAs(server.url, SEED.user.username, "new-pw", { tenantId: SEED.tenantId });

    server.clearRequests();
    const rename = await run(["update-user", "--id", SEED.user.id, "--username", "al"], { home });
    assert.equal(rename.code, 2);
    assert.match(rename.stderr, /^Error: The server cannot rename users .*nothing was sent/);
    assert.equal((await run(["update-user", "--id", SEED.user.id], { home })).code, 2);
    assert.equal(
      (await run(["update-user", "--id", "3c8e5f21-6d4b", "--email", "a@b.c"], { home })).code,
      2,
    );
    assert.deepEqual(requestLines(server), []);
    // By name: one listing, then the update by id; the line names both.
    const byName = await run(["update-user", "--id", "alice", "--email", "a@b.c"], { home });
    assert.equal(byName.code, 0, byName.stderr);
    assert.equal(byName.stdout, `✅ User alice (${SEED.user.id}) updated\n`);
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/users",
      `PUT /api/v1/users/${SEED.user.id}`,
    ]);
    const missing = await run(["update-user", "--id", NIL_UUID, "--email", "a@b.c"], { home });
    assert.equal(missing.code, 5);
    assert.match(missing.stderr, /Failed to update user \(404\): User not found/);
  });
});

Deno.test("delete-user by name: looked up in the tenant, confirmed, deleted by id", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    server.clearRequests();
    const refused = await run(["delete-user", "alice"], { home });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /Delete user alice \(3c8e5f21-.*\): refusing without --yes/);
    const declined = await run(["delete-user", "alice"], {
      home,
      terminal: true,
      answers: [false],
    });
    assert.equal(declined.code, 1);
    assert.deepEqual(declined.prompts, [`Delete user alice (${SEED.user.id})?`]);
    assert.deepEqual(requestLines(server), ["GET /api/v1/users", "GET /api/v1/users"]);

    server.clearRequests();
    const r = await run(["delete-user", "alice", "--yes"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `✅ User alice (${SEED.user.id}) deleted\n`);
    assert.match(r.stderr, /^Note: the server does not revoke a deleted user's tokens/);
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/users",
      `DELETE /api/v1/users/${SEED.user.id}`,
    ]);
    const gone = await run(["delete-user", "alice", "--yes"], { home });
    assert.equal(gone.code, 5);
    assert.equal(
      gone.stderr,
      `Error: No user named 'alice' in tenant acme (${SEED.tenantId}).\n` +
        "Hint: names are looked up in your own tenant; check with pangolin-admin list-users, " +
        "or pass the user's id\n",
    );
  });
});

Deno.test("delete-user by id, --json, and the server's 500 for an unknown id", async () => {
  await withServer(async (server) => {
    const home = await tenantAdminHome(server);
    server.clearRequests();
    const r = await run(["delete-user", SEED.user.id.toUpperCase(), "--yes", "--json"], { home });
    assert.equal(r.code, 0, r.stderr);
    // An id with --yes is taken as it is: no lookup before the delete.
    assert.deepEqual(JSON.parse(r.stdout), { deleted: SEED.user.id });
    assert.deepEqual(requestLines(server), [`DELETE /api/v1/users/${SEED.user.id}`]);
    const unknown = await run(["delete-user", SEED.user.id, "--yes"], { home });
    assert.equal(unknown.code, 5);
    assert.match(unknown.stderr, /^Error: User 3c8e5f21-.* not found \(the server answered 500/);

    // Someone else deletes the user between the lookup and the delete: the server's 500.
    const created = await run(
      ["create-user", "bob", "--email", "b@acme.example", "--password-stdin", "--json"],
      { home, stdin: "pw" },
    );
    const bob = JSON.parse(created.stdout).id as string;
    const racing: typeof fetch = async (input, init) => {
      if (init?.method === "DELETE") await (await fetch(input, init)).body?.cancel();
      return await fetch(input, init);
    };
    const raced = await run(["delete-user", bob, "--yes"], { home, fetch: racing });
    assert.equal(raced.code, 5);
    assert.equal(
      raced.stderr,
      `Error: User ${bob} not found (the server answered 500: Failed to delete user: User not ` +
        "found).\nHint: it may already be gone; check with pangolin-admin list-users\n",
    );
  });
});

Deno.test("delete-user as root: names in the default tenant only; --tenant finds", async () => {
  await withServer(async (server) => {
    const home = await rootHome(server);
    const r = await run(["delete-user", "alice", "--yes"], { home });
    assert.equal(r.code, 5);
    assert.equal(
      r.stderr,
      `Error: No user named 'alice' in the default tenant (${NIL_UUID}).\n` +
        "Hint: as root, names are looked up in the tenant of --tenant or 'use' only; pass the " +
        "user's tenant with --tenant <tenant>, or the user's id\n",
    );
    const found = await run(["delete-user", "alice", "--tenant", SEED.tenantId, "--yes"], { home });
    assert.equal(found.code, 0, found.stderr);
    assert.equal(found.stdout, `✅ User alice (${SEED.user.id}) deleted\n`);
  });
});

Deno.test("delete-user as a tenant user: the server's 403, exit 4", async () => {
  await withServer(async (server) => {
    const home = await userHome(server);
    const r = await run(["delete-user", "acme-admin", "--yes"], { home });
    assert.equal(r.code, 4);
    assert.match(
      r.stderr,
      /^Error: API Request Failed: Failed to delete user \(403\): Only admins can delete users\n/,
    );
  });
});
