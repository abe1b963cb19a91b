// Tenants, users and the remaining session commands through the CLI as a subprocess, against
// the real Pangolin server; every effect is read back from the server itself.
import assert from "node:assert/strict";
import {
  exits,
  fetchJson,
  field,
  listedNames,
  login,
  savedToken,
  shell,
  tenantAdminShell,
  tokenStatus,
} from "./cli.ts";
import { realTest } from "./harness.ts";

interface Tenant {
  id: string;
  name: string;
  properties?: Record<string, string>;
}

interface User {
  id: string;
  username: string;
  email: string;
  role: string;
}

realTest("real server: tenants, users and the session commands", async (t, ctx) => {
  const { server, fixtures } = ctx;
  const root = await server.rootToken();
  const token = fixtures.adminToken;
  const rootSh = await shell(server);
  await login(rootSh, "admin", "password");
  const admin = await tenantAdminShell(ctx);
  let tenantId = "";
  let bobId = "";

  await t.step("create-tenant with its admin, list-tenants, update-tenant", async () => {
    const created = exits(
      await rootSh.run([
        "create-tenant",
        "--name",
        "globex",
        "--property",
        "region=eu",
        "--admin-username",
        "globex-admin",
        "--admin-email",
        "globex-admin@example.invalid",
        "--admin-password-stdin",
      ], { stdin: "globex-pass\n" }),
      0,
    );
    assert.match(created.stdout, /^✅ Tenant globex created$/m);
    tenantId = field(created.stdout, "Tenant ID");
    const tenant = await fetchJson<Tenant>(server, root, `/api/v1/tenants/${tenantId}`);
    assert.equal(tenant.name, "globex");
    assert.equal(tenant.properties?.region, "eu");
    // The admin it made can log in to the new tenant.
    await server.login("globex-admin", "globex-pass", tenantId);

    const listed = JSON.parse(exits(await rootSh.run(["list-tenants", "--json"]), 0).stdout);
    assert.deepEqual(listed.map((x: Tenant) => x.name).sort(), ["acme", "default", "globex"]);

    exits(
      await rootSh.run([
        "update-tenant",
        "--id",
        "globex",
        "--name",
        "globex-eu",
        "-P",
        "tier=gold",
      ]),
      0,
    );
    const updated = await fetchJson<Tenant>(server, root, `/api/v1/tenants/${tenantId}`);
    assert.equal(updated.name, "globex-eu");
    assert.deepEqual(updated.properties, { region: "eu", tier: "gold" });
  });

  await t.step("use <tenant> as root: listings follow the tenant context", async () => {
    exits(await rootSh.run(["use", fixtures.tenantName]), 0);
    const users = JSON.parse(exits(await rootSh.run(["list-users", "--json"]), 0).stdout);
    assert.deepEqual(users.map((u: User) => u.username).sort(), ["acme-admin", "alice"]);
  });

  await t.step("create-user, list-users", async () => {
    const r = exits(
      await admin.run([
        "create-user",
        "bob",
        "--email",
        "bob@example.invalid",
        "--password-stdin",
        "--tenant-id",
        fixtures.tenantId,
      ], { stdin: "bob-pass\n" }),
      0,
    );
    assert.match(r.stdout, /^✅ User bob created \(role tenant-user\)$/m);
    bobId = field(r.stdout, "User ID");
    const bob = await fetchJson<User>(server, token, `/api/v1/users/${bobId}`);
    assert.equal(bob.email, "bob@example.invalid");
    assert.equal(bob.role, "tenant-user");
    await server.login("bob", "bob-pass", fixtures.tenantId);
    const table = exits(await admin.run(["list-users"]), 0);
    assert.match(table.stdout, new RegExp(`^${bobId} +bob +`, "m"));
  });

  await t.step("update-user: email; --active false says it cannot be confirmed", async () => {
    exits(await admin.run(["update-user", "--id", "bob", "--email", "bob@globex.invalid"]), 0);
    const bob = await fetchJson<Record<string, unknown>>(server, token, `/api/v1/users/${bobId}`);
    assert.equal(bob.email, "bob@globex.invalid");

    const off = exits(await admin.run(["update-user", "--id", "bob", "--active", "false"]), 0);
    assert.equal(off.stdout, `✅ User bob (${bobId}) updated\n`);
    assert.match(
      off.stderr,
      /^Note: the server accepted active=false, but its user records carry no active flag, so the change cannot be confirmed\. It does not stop the user from logging in/,
    );
    // What the note says is what the server does: no active field, and bob still logs in.
    const after = await fetchJson<Record<string, unknown>>(server, token, `/api/v1/users/${bobId}`);
    assert.equal(Object.hasOwn(after, "active"), false, JSON.stringify(after));
    await server.login("bob", "bob-pass", fixtures.tenantId);
    const json = exits(
      await admin.run(["update-user", "--id", bobId, "--active", "false", "--json"]),
      0,
    );
    assert.deepEqual(JSON.parse(json.stdout), {
      updated: bobId,
      active: false,
      active_confirmed: false,
    });
  });

  await t.step("update-user --password-stdin: the old password stops working", async () => {
    exits(
      await admin.run(["update-user", "--id", "bob", "--password-stdin"], { stdin: "b2\n" }),
      0,
    );
    const old = await server.request("POST", "/api/v1/users/login", {
      body: { username: "bob", password: "bob-pass", "tenant-id": fixtures.tenantId },
    });
    assert.equal(old.status, 401);
    await server.login("bob", "b2", fixtures.tenantId);
  });

  await t.step("offboard-user --json: the deactivation is sent, not confirmed", async () => {
    const r = exits(await admin.run(["offboard-user", "--user-id", "bob", "--yes", "--json"]), 0);
    const doc = JSON.parse(r.stdout);
    const step = doc.steps.find((s: { step: string }) => s.step === "deactivate");
    assert.equal(step.ok, true);
    assert.equal(step.confirmed, false);
    assert.match(step.detail, /cannot be confirmed/);
    assert.equal(doc.complete, true);
    const old = await server.request("POST", "/api/v1/users/login", {
      body: { username: "bob", password: "b2", "tenant-id": fixtures.tenantId },
    });
    assert.equal(old.status, 401, "the replaced password is what stops the login");
  });

  await t.step("delete-user: gone from the server", async () => {
    exits(await admin.run(["delete-user", "bob", "--yes"]), 0);
    const gone = await server.request("GET", `/api/v1/users/${bobId}`, { token });
    assert.equal(gone.status, 404);
  });

  await t.step("delete-tenant: gone from the listing", async () => {
    exits(await rootSh.run(["delete-tenant", tenantId, "--yes"]), 0);
    const tenants = await listedNames(server, root, "/api/v1/tenants");
    assert.deepEqual(tenants, ["acme", "default"]);
  });

  await t.step("list-service-users, cleanup-expired-tokens", async () => {
    exits(await admin.run(["create-service-user", "--name", "etl"]), 0);
    const listed = JSON.parse(exits(await admin.run(["list-service-users", "--json"]), 0).stdout);
    assert.deepEqual(listed.map((s: { name: string }) => s.name), ["etl"]);
    const r = exits(await rootSh.run(["cleanup-expired-tokens"]), 0);
    assert.ok(r.stdout.length > 0);
  });

  await t.step("revoke-tokens --all-users: every listed token refused", async () => {
    const minted = exits(
      await admin.run(["create-token", "--tenant-id", fixtures.tenantId, "--username", "alice"]),
      0,
    );
    const aliceToken = field(minted.stdout, "Token");
    assert.equal(await tokenStatus(server, aliceToken), 200);
    exits(await admin.run(["revoke-tokens", "--all-users", "--except-current", "--yes"]), 0);
    assert.equal(await tokenStatus(server, aliceToken), 401);
    assert.equal(await tokenStatus(server, await savedToken(admin.home)), 200);
  });

  await t.step("remove-profile revokes its session; revoke-token ends the last", async () => {
    const saved = await savedToken(rootSh.home);
    const extra = await shell(server);
    await login(extra, "admin", "password", { profile: "spare" });
    const spare = await savedToken(extra.home, "spare");
    exits(await extra.run(["remove-profile", "spare", "--yes"]), 0);
    assert.equal(await tokenStatus(server, spare), 401);
    const r = exits(await rootSh.run(["revoke-token"]), 0);
    assert.match(r.stdout, /^✅ Token revoked successfully!/);
    assert.equal(await tokenStatus(server, saved), 401);
  });
});
