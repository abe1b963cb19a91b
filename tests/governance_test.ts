/** Roles and permissions verbs, in-process against the test server. */
import assert from "node:assert/strict";
import { SEED, SEED_CATALOGS, SEED_PERMISSION_ID, type TestServer } from "./server/mod.ts";
import { SEED_ASSETS } from "./server/handlers/metadata.ts";
import {
  loginAs,
  loginAsTenantAdmin,
  readConfig,
  requestLines,
  run,
  withServer,
} from "./helpers.ts";

const ALICE = SEED.user.id;
const ADMIN = SEED.tenantAdmin.id;
const DATE = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC`;

async function adminHome(server: TestServer): Promise<string> {
  return await loginAsTenantAdmin(server.url);
}

async function aliceHome(server: TestServer): Promise<string> {
  return await loginAs(server.url, SEED.user.username, SEED.user.password, {
    tenantId: SEED.tenantId,
  });
}

function bodyOf(server: TestServer, method: string, path: string): unknown {
  const req = server.requests.find((r) => r.method === method && r.path === path);
  assert.ok(req, `no ${method} ${path}`);
  return JSON.parse(req.body);
}

async function createRole(home: string, name: string): Promise<string> {
  const r = await run(["create-role", "--name", name, "--json"], { home });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).id;
}

/** Sets a role's grants the way the server allows it: PUT of the whole role. */
async function putGrants(server: TestServer, home: string, id: string, grants: unknown[]) {
  const token = String((await readConfig(home)).profiles.default.token);
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const role = await (await fetch(`${server.url}/api/v1/roles/${id}`, { headers })).json();
  const put = await fetch(`${server.url}/api/v1/roles/${id}`, {
    method: "PUT",
    headers,
    body: JSON.stringify({ ...role, permissions: grants }),
  });
  await put.body?.cancel();
  assert.equal(put.status, 200);
}

Deno.test("grant-permission: user and catalog looked up, the body sent, exact output", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(["grant-permission", "alice", "Read,WRITE,read", "catalog:sales"], {
      home,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/users",
      "GET /api/v1/catalogs/sales",
      "POST /api/v1/permissions",
    ]);
    assert.deepEqual(bodyOf(server, "POST", "/api/v1/permissions"), {
      "user-id": ALICE,
      scope: { type: "catalog", catalog_id: SEED_CATALOGS.sales.id },
      actions: ["read", "write"],
    });
    const id = r.stdout.match(/^Permission ID: (\S+)$/m)![1];
    assert.equal(
      r.stdout,
      `✅ Permission granted to user alice (${ALICE}) on 'catalog:sales' (read, write)\n` +
        `Permission ID: ${id}\n`,
    );

    const forms: Array<[string, unknown, string[]]> = [
      [
        "namespace:sales.analytics.eu",
        { type: "namespace", catalog_id: SEED_CATALOGS.sales.id, namespace: "analytics.eu" },
        ["GET /api/v1/catalogs/sales"],
      ],
      ["tag:pii", { type: "tag", tag_name: "pii" }, []],
      ["tenant", { type: "tenant" }, []],
      [
        `asset:${SEED_ASSETS.orders.id.toUpperCase()}`,
        {
          type: "asset",
          catalog_id: SEED_CATALOGS.sales.id,
          namespace: "analytics.sales",
          asset_id: SEED_ASSETS.orders.id,
        },
        [`GET /api/v1/assets/${SEED_ASSETS.orders.id}`, "GET /api/v1/catalogs/sales"],
      ],
    ];
    for (const [resource, scope, lookups] of forms) {
      server.clearRequests();
      // A user id is taken as it is: no user lookup.
      const g = await run(["grant-permission", ALICE, "list", resource, "--json"], { home });
      assert.equal(g.code, 0, g.stderr);
      assert.deepEqual(requestLines(server), [...lookups, "POST /api/v1/permissions"]);
      assert.deepEqual(
        (bodyOf(server, "POST", "/api/v1/permissions") as { scope: unknown }).scope,
        scope,
      );
      const perm = JSON.parse(g.stdout);
      assert.deepEqual(Object.keys(perm).sort(), [
        "actions",
        "granted-at",
        "granted-by",
        "id",
        "scope",
        "tenant-id",
        "user-id",
      ]);
    }
  });
});

Deno.test("grant-permission refusals: root, bad input, unknown user or catalog", async () => {
  await withServer(async (server) => {
    const root = await loginAs(server.url, "admin", "password");
    server.clearRequests();
    const r = await run(["grant-permission", "alice", "read", "catalog:sales"], { home: root });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /^Error: Root cannot grant permissions: the server refuses it to root/);
    assert.match(r.stderr, /\nHint: log in as an admin of the tenant/);
    assert.equal(server.requests.length, 0, "nothing sent");

    const home = await adminHome(server);
    server.clearRequests();
    for (
      const argv of [
        ["alice", "admin", "catalog:sales"],
        ["alice", "read", "sales"],
        ["alice", "read", "namespace:sales"],
        ["alice", "read", "asset:orders"],
        ["alice", "read", "table:sales.a.b"],
        ["alice", "read"],
      ]
    ) {
      const bad = await run(["grant-permission", ...argv], { home });
      assert.equal(bad.code, 2, argv.join(" "));
    }
    assert.equal(server.requests.length, 0);

    const nobody = await run(["grant-permission", "Alice", "read", "catalog:sales"], { home });
    assert.equal(nobody.code, 5);
    assert.equal(
      nobody.stderr,
      `Error: No user named 'Alice' in tenant acme (${SEED.tenantId}).\n` +
        "Hint: names are looked up in your own tenant; check with pangolin-admin list-users, " +
        "or pass the user's id\n",
    );
    const noCatalog = await run(["grant-permission", "alice", "read", "catalog:Sales"], { home });
    assert.equal(noCatalog.code, 5);
    assert.match(
      noCatalog.stderr,
      /^Error: API Request Failed: Failed to get catalog \(404\): Catalog not found\nHint: no /,
    );
    assert.equal(requestLines(server).includes("POST /api/v1/permissions"), false);
  });
});

Deno.test("list-permissions --user: keys, readable scopes, --json; root needs --user", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await run(["list-permissions", "--user", "alice"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/users",
      "GET /api/v1/permissions",
      "GET /api/v1/catalogs",
    ]);
    assert.match(server.requests[1].query, new RegExp(`(^|&)user=${ALICE}(&|$)`));
    assert.equal(server.requests[1].query.includes("role="), false);
    assert.match(r.stdout, /^ID +User ID +Scope +Actions +Granted By +Granted At$/m);
    assert.match(
      r.stdout,
      new RegExp(`^${SEED_PERMISSION_ID} +${ALICE} +catalog:sales +read +${ADMIN} +${DATE}$`, "m"),
    );
    assert.match(r.stderr, /permissions through roles are not listed; see list-user-roles/);

    const json = await run(["list-permissions", "--user", ALICE, "--json"], { home });
    assert.equal(json.code, 0, json.stderr);
    const perms = JSON.parse(json.stdout);
    assert.equal(perms.length, 1);
    assert.equal(perms[0]["user-id"], ALICE);
    assert.deepEqual(perms[0].scope, { type: "catalog", catalog_id: SEED_CATALOGS.sales.id });

    const none = await run(["list-permissions", "--user", "acme-admin"], { home });
    assert.equal(
      none.stdout,
      `No permissions found for user acme-admin (${SEED.tenantAdmin.id})\n`,
    );

    const root = await loginAs(server.url, "admin", "password");
    server.clearRequests();
    const bare = await run(["list-permissions"], { home: root });
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /As root, pass --user/);
    assert.equal(server.requests.length, 0);
    const byId = await run(["list-permissions", "--user", ALICE, "--json"], { home: root });
    assert.equal(byId.code, 0, byId.stderr);
    assert.equal(JSON.parse(byId.stdout)[0].id, SEED_PERMISSION_ID);

    const both = await run(["list-permissions", "--user", "alice", "--role", "x"], { home });
    assert.equal(both.code, 2);
  });
});

Deno.test("list-permissions keeps the session's tenant when the server returns all", async () => {
  await withServer(async (server) => {
    const other = await server.mintJwt({
      username: "globex-admin",
      tenant_id: "9d0e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a",
      role: "tenant-admin",
    });
    const env = { PANGOLIN_URL: server.url, PANGOLIN_TOKEN: other };
    const g = await run(["grant-permission", ALICE, "read", "tag:pii"], { env });
    assert.equal(g.code, 0, g.stderr);
    const home = await adminHome(server);
    const r = await run(["list-permissions", "--all", "--json"], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).map((p: { id: string }) => p.id), [SEED_PERMISSION_ID]);
    assert.match(r.stderr, /left out 1 permission\(s\) of other tenants/);
    const page = await run(["list-permissions", "--limit", "1", "--offset", "5"], { home });
    assert.equal(page.stdout, "No permissions found\n");
  });
});

Deno.test("list-permissions --role lists the role's grants, by name or id", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const id = await createRole(home, "analyst");
    await putGrants(server, home, id, [
      { scope: { type: "catalog", catalog_id: SEED_CATALOGS.sales.id }, actions: ["read", "list"] },
      { scope: { type: "tag", tag_name: "pii" }, actions: ["read"] },
    ]);
    server.clearRequests();
    const r = await run(["list-permissions", "--role", "analyst"], { home });
    assert.equal(r.code, 0, r.stderr);
    // The role came whole in the listing: no second read of it.
    assert.deepEqual(requestLines(server), ["GET /api/v1/roles", "GET /api/v1/catalogs"]);
    assert.equal(
      r.stdout,
      "Scope          Actions\ncatalog:sales  list, read\ntag:pii        read\n",
    );
    assert.match(r.stderr, /grants of role analyst \(.*\); they apply to every holder/);
    const json = await run([
      "list-permissions",
      "--role",
      id,
      "--limit",
      "1",
      "--offset",
      "1",
      "--json",
    ], {
      home,
    });
    assert.deepEqual(JSON.parse(json.stdout), [{
      scope: { type: "tag", tag_name: "pii" },
      actions: ["read"],
    }]);
    const missing = await run(["list-permissions", "--role", "nobody"], { home });
    assert.equal(missing.code, 5);
    assert.match(missing.stderr, /No role named 'nobody'/);
  });
});

Deno.test("revoke-permission <user> <action> <resource>: one exact match, confirmed", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const noYes = await run(["revoke-permission", "alice", "read", "catalog:sales"], { home });
    assert.equal(noYes.code, 2);
    assert.match(noYes.stderr, /refusing without --yes/);
    assert.equal(requestLines(server).some((l) => l.startsWith("DELETE")), false);

    const near = await run(["revoke-permission", "alice", "read,list", "catalog:sales", "--yes"], {
      home,
    });
    assert.equal(near.code, 5);
    assert.match(
      near.stderr,
      /^Error: No permission grants exactly alice: list, read on catalog:sales\./,
    );
    assert.match(
      near.stderr,
      new RegExp(`Hint: on that resource alice holds: ${SEED_PERMISSION_ID} \\(read\\)`),
    );

    server.clearRequests();
    const asked = await run(["revoke-permission", "alice", "read", "catalog:sales"], {
      home,
      terminal: true,
      answers: [true],
    });
    assert.equal(asked.code, 0, asked.stderr);
    assert.deepEqual(asked.prompts, [
      `Revoke permission ${SEED_PERMISSION_ID} (alice: read on catalog:sales)?`,
    ]);
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/users",
      "GET /api/v1/catalogs/sales",
      "GET /api/v1/permissions",
      `DELETE /api/v1/permissions/${SEED_PERMISSION_ID}`,
    ]);
    assert.equal(asked.stdout, `✅ Permission ${SEED_PERMISSION_ID} revoked\n`);

    const gone = await run(["revoke-permission", "alice", "read", "catalog:sales", "--yes"], {
      home,
    });
    assert.equal(gone.code, 5);
    assert.match(gone.stderr, /Hint: list-permissions --user alice shows/);

    for (let i = 0; i < 2; i++) {
      const g = await run(["grant-permission", "alice", "write", "tag:pii"], { home });
      assert.equal(g.code, 0, g.stderr);
    }
    const twice = await run(["revoke-permission", "alice", "write", "tag:pii", "--yes"], { home });
    assert.equal(twice.code, 2);
    assert.match(
      twice.stderr,
      /2 permissions match \(alice: write on tag:pii\): .*revoke each with --id/,
    );
  });
});

Deno.test("revoke-permission --id: DELETE by id, --json, usage errors", async () => {
  await withServer(async (server) => {
    const home = await aliceHome(server);
    server.clearRequests();
    const r = await run([
      "revoke-permission",
      "--id",
      SEED_PERMISSION_ID.toUpperCase(),
      "--yes",
      "--json",
    ], {
      home,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), [`DELETE /api/v1/permissions/${SEED_PERMISSION_ID}`]);
    assert.deepEqual(JSON.parse(r.stdout), { revoked: SEED_PERMISSION_ID });
    server.clearRequests();
    for (
      const argv of [
        ["revoke-permission"],
        ["revoke-permission", "alice", "read"],
        ["revoke-permission", "--id", SEED_PERMISSION_ID, "alice", "read", "tenant"],
        ["revoke-permission", "--id", "not-a-uuid", "--yes"],
      ]
    ) {
      const bad = await run(argv, { home });
      assert.equal(bad.code, 2, argv.join(" "));
    }
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("create-role, list-roles, get-role, delete-role", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const c = await run(["create-role", "--name", "analyst", "--description", "Read-only"], {
      home,
    });
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual(bodyOf(server, "POST", "/api/v1/roles"), {
      name: "analyst",
      "tenant-id": SEED.tenantId,
      description: "Read-only",
    });
    const id = c.stdout.match(/^Role ID: (\S+)$/m)![1];
    assert.equal(c.stdout, `✅ Role analyst created\nRole ID: ${id}\n`);

    const list = await run(["list-roles"], { home });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^ID +Name +Grants +Created At +Description$/m);
    assert.match(list.stdout, new RegExp(`^${id} +analyst +0 +${DATE} +Read-only$`, "m"));
    const json = await run(["list-roles", "--all", "--json"], { home });
    assert.equal(JSON.parse(json.stdout)[0]["tenant-id"], SEED.tenantId);

    await putGrants(server, home, id, [{ scope: { type: "tenant" }, actions: ["read"] }]);
    const get = await run(["get-role", "--id", id], { home });
    assert.equal(get.code, 0, get.stderr);
    assert.match(get.stdout, /^Name: +analyst$/m);
    assert.match(get.stdout, new RegExp(`^Tenant: +${SEED.tenantId}$`, "m"));
    assert.match(get.stdout, /\n\nScope +Actions\ntenant +read\n$/);
    const getJson = await run(["get-role", "--id", id, "--json"], { home });
    assert.deepEqual(JSON.parse(getJson.stdout).permissions, [
      { scope: { type: "tenant" }, actions: ["read"] },
    ]);

    const refused = await run(["delete-role", "--id", id], { home });
    assert.equal(refused.code, 2);
    server.clearRequests();
    const del = await run(["delete-role", "--id", id, "--yes"], { home });
    assert.equal(del.code, 0, del.stderr);
    assert.deepEqual(requestLines(server), [
      `GET /api/v1/roles/${id}`,
      `DELETE /api/v1/roles/${id}`,
    ]);
    assert.equal(del.stdout, `✅ Role analyst (${id}) deleted\n`);
    server.clearRequests();
    const again = await run(["delete-role", "--id", id, "--yes", "--json"], { home });
    assert.equal(again.code, 5);
    assert.equal(again.stdout, "");
    assert.match(
      again.stderr,
      /Failed to get role \(404\): Role not found\nHint: nothing was deleted/,
    );
    assert.deepEqual(requestLines(server), [`GET /api/v1/roles/${id}`]);
    assert.equal((await run(["list-roles"], { home })).stdout, "No roles found\n");
    const get404 = await run(["get-role", "--id", id], { home });
    assert.equal(get404.code, 5);
    assert.match(
      get404.stderr,
      /^Error: API Request Failed: Failed to get role \(404\): Role not found\n/,
    );
  });
});

Deno.test("roles as root and as a tenant user: the server's tenant rules and 403s", async () => {
  await withServer(async (server) => {
    const root = await loginAs(server.url, "admin", "password");
    server.clearRequests();
    const noTenant = await run(["create-role", "--name", "ops"], { home: root });
    assert.equal(noTenant.code, 2);
    assert.match(noTenant.stderr, /Root's session has no tenant.*pass --tenant-id <uuid>/);
    assert.equal(server.requests.length, 0);
    const made = await run(
      ["create-role", "--name", "ops", "--tenant-id", SEED.tenantId, "--json"],
      {
        home: root,
      },
    );
    assert.equal(made.code, 0, made.stderr);
    assert.equal(JSON.parse(made.stdout)["tenant-id"], SEED.tenantId);
    assert.match(made.stderr, /root's list-roles shows only the default tenant's roles/);
    const list = await run(["list-roles"], { home: root });
    assert.equal(list.stdout, "No roles found\n");
    assert.match(list.stderr, /only the default tenant's roles/);

    const alice = await aliceHome(server);
    const aliceList = await run(["list-roles", "--json"], { home: alice });
    assert.equal(JSON.parse(aliceList.stdout)[0].name, "ops");
    const denied = await run(["create-role", "--name", "mine"], { home: alice });
    assert.equal(denied.code, 4);
    assert.match(
      denied.stderr,
      /^Error: API Request Failed: Failed to create role \(403\): Only admins can create roles\n/,
    );
  });
});

Deno.test("assign-role, list-user-roles, revoke-user-role", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const id = await createRole(home, "analyst");
    server.clearRequests();
    const a = await run(["assign-role", "--user-id", ALICE, "--role-id", id], { home });
    assert.equal(a.code, 0, a.stderr);
    assert.deepEqual(requestLines(server), [
      `GET /api/v1/roles/${id}`,
      `POST /api/v1/users/${ALICE}/roles`,
    ]);
    assert.deepEqual(bodyOf(server, "POST", `/api/v1/users/${ALICE}/roles`), { "role-id": id });
    assert.equal(a.stdout, `✅ Role analyst (${id}) assigned to user ${ALICE}\n`);
    const aJson = await run(["assign-role", "--user-id", ALICE, "--role-id", id, "--json"], {
      home,
    });
    assert.deepEqual(JSON.parse(aJson.stdout), { assigned: id, "user-id": ALICE });

    const list = await run(["list-user-roles", "--user-id", ALICE], { home });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`^${id} +analyst +0 +${DATE} +-$`, "m"));
    const json = await run(["list-user-roles", "--user-id", ALICE, "--offset", "1", "--json"], {
      home,
    });
    assert.deepEqual(JSON.parse(json.stdout), []);

    const refused = await run(["revoke-user-role", "--user-id", ALICE, "--role-id", id], { home });
    assert.equal(refused.code, 2);
    server.clearRequests();
    const r = await run(["revoke-user-role", "--user-id", ALICE, "--role-id", id, "--yes"], {
      home,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), [
      `GET /api/v1/users/${ALICE}/roles`,
      `DELETE /api/v1/users/${ALICE}/roles/${id}`,
    ]);
    assert.equal(r.stdout, `✅ Role analyst (${id}) revoked from user ${ALICE}\n`);
    const empty = await run(["list-user-roles", "--user-id", ALICE], { home });
    assert.equal(empty.stdout, `No roles found for user ${ALICE}\n`);
    const notHeld = await run([
      "revoke-user-role",
      "--user-id",
      ALICE,
      "--role-id",
      id,
      "--yes",
      "--json",
    ], {
      home,
    });
    assert.equal(notHeld.code, 0, notHeld.stderr);
    assert.match(notHeld.stderr, /does not list role .* there may be nothing to revoke/);
    assert.deepEqual(JSON.parse(notHeld.stdout), { revoked: id, "user-id": ALICE });
  });
});

Deno.test("assign-role refusals: unknown role (nothing sent), unknown user, user", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const missing = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
    server.clearRequests();
    const r = await run(["assign-role", "--user-id", ALICE, "--role-id", missing], { home });
    assert.equal(r.code, 5);
    assert.match(
      r.stderr,
      /Failed to get role \(404\): Role not found\nHint: nothing was assigned/,
    );
    assert.deepEqual(requestLines(server), [`GET /api/v1/roles/${missing}`]);

    const id = await createRole(home, "analyst");
    const nobody = await run(["assign-role", "--user-id", missing, "--role-id", id], { home });
    assert.equal(nobody.code, 5);
    assert.match(nobody.stderr, /Failed to assign role \(404\): User or Service User not found/);
    const alice = await aliceHome(server);
    const denied = await run(["assign-role", "--user-id", ALICE, "--role-id", id], { home: alice });
    assert.equal(denied.code, 4);
    assert.match(denied.stderr, /Failed to assign role \(403\): Only admins can assign roles/);
    server.clearRequests();
    const bad = await run(["assign-role", "--user-id", "3c8e5f21-6d4b-4a32", "--role-id", id], {
      home,
    });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /'3c8e5f21-6d4b-4a32' is not a UUID \(and looks like a mistyped/);
    assert.deepEqual(requestLines(server), []);
  });
});
