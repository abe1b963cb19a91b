/**
 * Names or ids (lib/resolve.ts) for every kind: a name is looked up with one listing call, an
 * unknown name is exit 5 naming where it was searched, a duplicate name is exit 2 listing the
 * ids with nothing changed, and a UUID goes through with no extra request. Warehouses and
 * catalogs, which the server addresses by name, the other way round.
 */
import assert from "node:assert/strict";
import { NIL_UUID, SEED, SEED_CATALOGS, type TestServer } from "./server/mod.ts";
import { loginAs, loginAsTenantAdmin, requestLines, run, withServer } from "./helpers.ts";
import { label, parseRef } from "../lib/resolve.ts";

async function adminHome(server: TestServer): Promise<string> {
  return await loginAsTenantAdmin(server.url);
}

async function ok(argv: string[], home: string, stdin?: string): Promise<string> {
  const r = await run(argv, { home, stdin });
  assert.equal(r.code, 0, `${argv.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** The requests that changed something (anything but GET). */
function writes(server: TestServer): string[] {
  return requestLines(server).filter((l) => !l.startsWith("GET "));
}

const ACME = `tenant acme (${SEED.tenantId})`;

Deno.test("parseRef: names and UUIDs pass; empty and mistyped ids are refused", () => {
  for (
    const v of ["alice", "acme-admin", "s3", "Bob Smith", SEED.user.id, SEED.user.id.toUpperCase()]
  ) {
    assert.equal(parseRef(v), v);
  }
  for (
    const v of ["", "  ", "3c8e5f21-6d4b", "3c8e5f21-6d4b-4a32-8f9c-2b3d4e5f6a7", "{3c8e5f21-6d4b}"]
  ) {
    assert.throws(() => parseRef(v), SyntaxError, v);
  }
  assert.equal(label({ kind: "user", id: SEED.user.id, name: "alice" }), `alice (${SEED.user.id})`);
  assert.equal(label({ kind: "user", id: SEED.user.id }), SEED.user.id);
  assert.equal(label({ kind: "catalog", name: "sales" }), "sales");
});

Deno.test("user: a name, an unknown name, a duplicate name, a UUID", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const byName = await run(["list-user-tokens", "--user-id", "alice"], { home });
    assert.equal(byName.code, 0, byName.stderr);
    assert.equal(byName.stdout, `No active tokens found for user ${SEED.user.id}\n`);
    assert.match(byName.stderr, new RegExp(`^Note: tokens of user alice \\(${SEED.user.id}\\)\\.`));
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/users",
      `GET /api/v1/users/${SEED.user.id}/tokens`,
    ]);
    assert.equal(server.requests[0].query, "", "one listing call, everything in one reply");

    server.clearRequests();
    const byId = await run(["list-user-tokens", "--user-id", SEED.user.id.toUpperCase()], { home });
    assert.equal(byId.code, 0, byId.stderr);
    assert.deepEqual(requestLines(server), [`GET /api/v1/users/${SEED.user.id}/tokens`]);

    const unknown = await run(["revoke-user-tokens", "--user-id", "zed", "--yes"], { home });
    assert.equal(unknown.code, 5);
    assert.equal(
      unknown.stderr,
      `Error: No user named 'zed' in ${ACME}.\n` +
        "Hint: names are looked up in your own tenant; check with pangolin-admin list-users, " +
        "or pass the user's id\n",
    );

    // The server keeps no usernames unique: a second alice in the same tenant.
    const twin = JSON.parse(
      await ok(
        ["create-user", "alice", "--email", "twin@acme.example", "--password-stdin", "--json"],
        home,
        "pw",
      ),
    ).id as string;
    await ok(["create-token", "--tenant-id", SEED.tenantId, "--username", "alice"], home);
    server.clearRequests();
    const twice = await run(["revoke-user-tokens", "--user-id", "alice", "--yes"], { home });
    assert.equal(twice.code, 2);
    const ids = [SEED.user.id, twin];
    assert.match(
      twice.stderr,
      new RegExp(
        `^Error: 2 users are named 'alice' in tenant acme .*\\((${ids.join(", ")}|${
          ids.reverse().join(", ")
        })\\); pass the id instead\n`,
      ),
    );
    assert.deepEqual(writes(server), [], "nothing was changed");
    const offboard = await run(["offboard-user", "--user-id", "alice", "--yes"], { home });
    assert.equal(offboard.code, 2);
    assert.deepEqual(writes(server), [], "nothing was changed");
  });
});

Deno.test("tenant: a name, an unknown name, a duplicate name, a UUID", async () => {
  await withServer(async (server) => {
    const root = await loginAs(server.url, "admin", "password");
    server.clearRequests();
    const made = await run(["create-token", "--tenant-id", "acme", "--username", "ci"], {
      home: root,
    });
    assert.equal(made.code, 0, made.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/tenants", "POST /api/v1/tokens"]);
    assert.equal(JSON.parse(server.requests[1].body).tenant_id, SEED.tenantId);
    assert.match(made.stdout, new RegExp(`^Tenant: +acme \\(${SEED.tenantId}\\)$`, "m"));

    server.clearRequests();
    const byId = await run(["create-token", "--tenant-id", SEED.tenantId, "--username", "ci"], {
      home: root,
    });
    assert.equal(byId.code, 0, byId.stderr);
    assert.deepEqual(requestLines(server), ["POST /api/v1/tokens"]);

    server.clearRequests();
    const unknown = await run(["update-tenant", "--id", "globex", "--name", "x"], { home: root });
    assert.equal(unknown.code, 5);
    assert.equal(
      unknown.stderr,
      "Error: No tenant named 'globex' on this server.\n" +
        "Hint: names are case-sensitive; list-tenants shows them\n",
    );
    assert.deepEqual(writes(server), []);

    // create-tenant refuses a name in use; a rename onto it is how a second 'acme' comes about.
    const second = JSON.parse(await ok(["create-tenant", "--name", "acme2", "--json"], root)).id;
    await ok(["update-tenant", "--id", second, "--name", "acme"], root);
    server.clearRequests();
    const twice = await run(["delete-tenant", "acme", "--yes"], { home: root });
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /^Error: 2 tenants are named 'acme' on this server \(/);
    assert.ok(twice.stderr.includes(SEED.tenantId) && twice.stderr.includes(second));
    assert.deepEqual(writes(server), [], "nothing was deleted");

    // A tenant admin cannot list tenants, but its profile knows its own tenant's name.
    const admin = await adminHome(server);
    server.clearRequests();
    const own = await run(["create-token", "--tenant-id", "acme", "--json"], { home: admin });
    assert.equal(own.code, 0, own.stderr);
    assert.deepEqual(requestLines(server), ["POST /api/v1/tokens"]);
  });
});

Deno.test("service user: a name, an unknown name, a duplicate name, a UUID; questions name it", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const bot = JSON.parse(await ok(["create-service-user", "--name", "bot", "--json"], home)).id;
    server.clearRequests();
    const got = await run(["get-service-user", "--id", "bot", "--json"], { home });
    assert.equal(got.code, 0, got.stderr);
    assert.equal(JSON.parse(got.stdout).id, bot);
    // The listing returned the whole record: no second read.
    assert.deepEqual(requestLines(server), ["GET /api/v1/service-users"]);

    const asked = await run(["delete-service-user", "--id", "bot"], {
      home,
      terminal: true,
      answers: [false],
    });
    assert.equal(asked.code, 1);
    assert.deepEqual(asked.prompts, [`Delete service user bot (${bot})?`]);
    server.clearRequests();
    const askedById = await run(["delete-service-user", "--id", bot], {
      home,
      terminal: true,
      answers: [false],
    });
    assert.equal(askedById.code, 1);
    assert.deepEqual(askedById.prompts, [`Delete service user bot (${bot})?`]);
    assert.deepEqual(requestLines(server), [`GET /api/v1/service-users/${bot}`]);

    const unknown = await run(["rotate-service-user-key", "--id", "nightly"], { home });
    assert.equal(unknown.code, 5);
    assert.match(
      unknown.stderr,
      new RegExp(
        `^Error: No service user named 'nightly' in ${
          ACME.replace(/[()]/g, "\\$&")
        }\\.\nHint: names are looked up in your own tenant; check with pangolin-admin list-service-users`,
      ),
    );

    const twin = JSON.parse(await ok(["create-service-user", "--name", "bot", "--json"], home)).id;
    server.clearRequests();
    const twice = await run(["delete-service-user", "--id", "bot", "--yes"], { home });
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /^Error: 2 service users are named 'bot' in tenant acme /);
    assert.ok(twice.stderr.includes(bot) && twice.stderr.includes(twin));
    const rotate = await run(["rotate-service-user-key", "--id", "bot"], { home });
    assert.equal(rotate.code, 2);
    assert.deepEqual(writes(server), [], "nothing was deleted or rotated");
    assert.ok(server.requests.length > 0);

    server.clearRequests();
    const byId = await run(["delete-service-user", "--id", twin, "--yes"], { home });
    assert.equal(byId.code, 0, byId.stderr);
    assert.equal(byId.stdout, `✅ Service user ${twin} deleted\n`);
    assert.deepEqual(requestLines(server), [`DELETE /api/v1/service-users/${twin}`]);
    const byName = await run(["delete-service-user", "--id", "bot", "--yes"], { home });
    assert.equal(byName.stdout, `✅ Service user bot (${bot}) deleted\n`);
  });
});

Deno.test("role: a name, an unknown name, a duplicate name, a UUID", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const role =
      (await ok(["create-role", "--name", "analyst"], home)).match(/^Role ID: (\S+)$/m)![1];
    server.clearRequests();
    const a = await run(["assign-role", "--user-id", "alice", "--role-id", "analyst"], { home });
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, `✅ Role analyst (${role}) assigned to user alice (${SEED.user.id})\n`);
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/users",
      "GET /api/v1/roles",
      `POST /api/v1/users/${SEED.user.id}/roles`,
    ]);

    server.clearRequests();
    const byId = await run(["get-role", "--id", role, "--json"], { home });
    assert.equal(byId.code, 0, byId.stderr);
    assert.deepEqual(requestLines(server), [`GET /api/v1/roles/${role}`]);

    const unknown = await run(["delete-role", "--id", "auditor", "--yes"], { home });
    assert.equal(unknown.code, 5);
    assert.equal(
      unknown.stderr,
      `Error: No role named 'auditor' in ${ACME}.\n` +
        "Hint: names are case-sensitive; list-roles shows them, or pass the role's id\n",
    );

    const twin =
      (await ok(["create-role", "--name", "analyst"], home)).match(/^Role ID: (\S+)$/m)![1];
    server.clearRequests();
    const twice = await run(["delete-role", "--id", "analyst", "--yes"], { home });
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /^Error: 2 roles are named 'analyst' in tenant acme /);
    assert.ok(twice.stderr.includes(role) && twice.stderr.includes(twin));
    const revoke = await run([
      "revoke-user-role",
      "--user-id",
      "alice",
      "--role-id",
      "analyst",
      "--yes",
    ], {
      home,
    });
    assert.equal(revoke.code, 2);
    assert.deepEqual(writes(server), [], "nothing was deleted or revoked");

    // As root, role listings cover the default tenant only: said so.
    const root = await loginAs(server.url, "admin", "password");
    const rootMiss = await run(["get-role", "--id", "analyst"], { home: root });
    assert.equal(rootMiss.code, 5);
    assert.match(
      rootMiss.stderr,
      new RegExp(
        `^Error: No role named 'analyst' in the default tenant \\(${NIL_UUID}\\)\\.\nHint: root's`,
      ),
    );
  });
});

Deno.test("warehouse: a name goes as it is; a UUID is looked up to its name; unknown ids", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    const wh = JSON.parse(
      await ok(["create-warehouse", "lake", "--bucket", "lake", "--json"], home),
    );
    await ok(["create-warehouse", "old", "--bucket", "old"], home);
    server.clearRequests();
    const byName = await run(["update-warehouse", "lake", "--name", "lake2"], { home });
    assert.equal(byName.code, 0, byName.stderr);
    assert.equal(byName.stdout, "✅ Warehouse lake renamed to lake2\n");
    // The name is not looked up; the one listing checks that the new name is free.
    assert.deepEqual(requestLines(server).slice(0, 2), [
      "GET /api/v1/warehouses",
      "PUT /api/v1/warehouses/lake",
    ]);

    server.clearRequests();
    const byId = await run(["delete-warehouse", wh.id.toUpperCase(), "--yes"], { home });
    assert.equal(byId.code, 0, byId.stderr);
    assert.equal(byId.stdout, `✅ Warehouse lake2 (${wh.id}) deleted\n`);
    assert.deepEqual(requestLines(server)[0], "GET /api/v1/warehouses");
    assert.equal(requestLines(server).at(-1), "DELETE /api/v1/warehouses/lake2");

    server.clearRequests();
    const unknown = await run(["delete-warehouse", wh.id, "--yes"], { home });
    assert.equal(unknown.code, 5);
    assert.equal(
      unknown.stderr,
      `Error: No warehouse named or with id '${wh.id}' in ${ACME}.\n` +
        "Hint: list-warehouses shows their names and ids\n",
    );
    assert.deepEqual(writes(server), []);

    // A catalog pointed at a warehouse given by id gets the warehouse's name.
    const old = JSON.parse(await ok(["list-warehouses", "--json"], home))[0];
    server.clearRequests();
    await ok(["update-catalog", "sales", "--warehouse", old.id], home);
    const put = server.requests.find((r) => r.method === "PUT")!;
    assert.deepEqual(JSON.parse(put.body), { warehouse_name: "old" });
  });
});

Deno.test("catalog: a name goes as it is; a UUID is looked up; a UUID-looking name wins", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const byName = await run(["catalog-summary", "sales", "--json"], { home });
    assert.equal(byName.code, 0, byName.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/catalogs/sales/summary"]);

    server.clearRequests();
    const byId = await run(["catalog-summary", SEED_CATALOGS.sales.id, "--json"], { home });
    assert.equal(byId.code, 0, byId.stderr);
    assert.equal(JSON.parse(byId.stdout).name, "sales");
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/catalogs",
      "GET /api/v1/catalogs/sales/summary",
    ]);

    const missing = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
    server.clearRequests();
    const unknown = await run(["delete-catalog", missing, "--yes"], { home });
    assert.equal(unknown.code, 5);
    assert.match(unknown.stderr, new RegExp(`^Error: No catalog named or with id '${missing}' in`));
    assert.deepEqual(writes(server), []);

    // A catalog may be named like a UUID: the name is taken before any id.
    await ok(["create-warehouse", "w", "--bucket", "w"], home);
    const odd = SEED_CATALOGS.marketing.id;
    await ok(["create-catalog", odd, "--warehouse", "w"], home);
    server.clearRequests();
    const named = await run(["catalog-summary", odd, "--json"], { home });
    assert.equal(named.code, 0, named.stderr);
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/catalogs",
      `GET /api/v1/catalogs/${odd}/summary`,
    ]);
  });
});

Deno.test("--tenant and PANGOLIN_TENANT take a tenant name: one listing, or none when known", async () => {
  await withServer(async (server) => {
    const root = await loginAs(server.url, "admin", "password");
    server.clearRequests();
    const r = await run(["list-users", "--tenant", "acme", "--json"], { home: root });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/tenants", "GET /api/v1/users"]);
    assert.equal(server.requests[1].headers["x-pangolin-tenant"], SEED.tenantId);
    assert.ok(JSON.parse(r.stdout).some((u: { username: string }) => u.username === "alice"));

    const unknown = await run(["list-users"], { home: root, env: { PANGOLIN_TENANT: "globex" } });
    assert.equal(unknown.code, 5);
    assert.match(unknown.stderr, /^Error: No tenant named 'globex' on this server\.\n/);

    // After 'use acme' the profile knows the name: no listing.
    await ok(["use", "acme"], root);
    server.clearRequests();
    const known = await run(["list-users", "--tenant", "acme", "--json"], { home: root });
    assert.equal(known.code, 0, known.stderr);
    assert.deepEqual(requestLines(server), ["GET /api/v1/users"]);
    assert.equal(server.requests[0].headers["x-pangolin-tenant"], SEED.tenantId);
  });
});

Deno.test("audit filters and grant-permission resources take names or ids too", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const audit = await run(["list-audit-events", "--user-id", "alice", "--json"], { home });
    assert.equal(audit.code, 0, audit.stderr);
    assert.deepEqual(requestLines(server)[0], "GET /api/v1/users");
    assert.match(server.requests[1].query, new RegExp(`user_id=${SEED.user.id}`));

    server.clearRequests();
    const g = await run(
      ["grant-permission", "alice", "read", `catalog:${SEED_CATALOGS.marketing.id}`, "--json"],
      { home },
    );
    assert.equal(g.code, 0, g.stderr);
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/users",
      "GET /api/v1/catalogs",
      "POST /api/v1/permissions",
    ]);
    assert.deepEqual(JSON.parse(g.stdout).scope, {
      type: "catalog",
      catalog_id: SEED_CATALOGS.marketing.id,
    });
  });
});
