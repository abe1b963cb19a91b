/** Federated-catalog verbs: the dedicated routes, masked secrets, and the lookups first. */
import assert from "node:assert/strict";
import { SEED, type TestServer } from "./server/mod.ts";
import { loginAs, loginAsTenantAdmin, requestLines, run, withServer } from "./helpers.ts";

async function adminHome(server: TestServer): Promise<string> {
  return await loginAsTenantAdmin(server.url);
}

async function ok(argv: string[], home: string, stdin?: string) {
  const r = await run(argv, { home, stdin });
  assert.equal(r.code, 0, `${argv.join(" ")}: ${r.stderr}`);
  return r;
}

const TOKEN = "tok-5f2a9c1e7b";

async function createPartner(home: string, uri = "https://partner.example.com/catalog") {
  return await ok(
    ["create-federated-catalog", "partner", "--storage-location", "s3://lake/p", "-P", `uri=${uri}`]
      .concat(["--properties-stdin"]),
    home,
    `# partner credentials\ntoken=${TOKEN}\n`,
  );
}

Deno.test("create-federated-catalog: the 5.8.1 body, secrets off the output", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    server.clearRequests();
    const r = await createPartner(home);
    assert.equal(r.stdout, "✅ Federated catalog partner created\n");
    assert.equal(r.stderr, "");
    assert.deepEqual(requestLines(server), ["POST /api/v1/federated-catalogs"]);
    assert.deepEqual(JSON.parse(server.requests[0].body), {
      name: "partner",
      config: {
        properties: {
          uri: "https://partner.example.com/catalog",
          token: TOKEN,
          storage_location: "s3://lake/p",
        },
      },
    });

    const json = await run([
      "create-federated-catalog",
      "other",
      "--storage-location",
      "s3://lake/o",
      "-P",
      "uri=https://bob:hunter2@other.example.com",
      "-P",
      "credential=client:secret",
      "--json",
    ], { home });
    assert.equal(json.code, 0, json.stderr);
    assert.match(json.stderr, /^Warning: -P credential on the command line is visible to other/);
    const created = JSON.parse(json.stdout);
    assert.deepEqual(created.properties, {
      uri: "https://***@other.example.com",
      credential: "***",
      storage_location: "s3://lake/o",
    });
    assert.equal(json.stdout.includes("hunter2"), false);
  });
});

Deno.test("create-federated-catalog: root may; users 4; a taken name 409 (1)", async () => {
  await withServer(async (server) => {
    const root = await loginAs(server.url, SEED.rootUsername, SEED.rootPassword);
    const r = await run(
      ["create-federated-catalog", "remote", "--storage-location", "s3://x", "-P", "uri=https://r"],
      { home: root },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stderr,
      "Note: root without a tenant context creates it in the default tenant.\n",
    );

    const home = await adminHome(server);
    const taken = await run(
      ["create-federated-catalog", "sales", "--storage-location", "s3://x", "-P", "uri=https://r"],
      { home },
    );
    assert.equal(taken.code, 1);
    assert.equal(
      taken.stderr,
      "Error: API Request Failed: Failed to create federated catalog (409): Catalog name " +
        "conflict\nHint: a catalog (local or federated) named 'sales' already exists; choose " +
        "another name\n",
    );

    const alice = await loginAs(server.url, SEED.user.username, SEED.user.password, {
      tenantId: SEED.tenantId,
    });
    const user = await run(
      ["create-federated-catalog", "x", "--storage-location", "s3://x", "-P", "uri=https://r"],
      { home: alice },
    );
    assert.equal(user.code, 4);
    assert.match(user.stderr, /\(403\): Only admins can create federated catalogs\n/);

    assert.equal((await run(["create-federated-catalog", "x"], { home })).code, 2);
    const clash = await run(
      ["create-federated-catalog", "x", "--storage-location", "a", "-P", "storage_location=b"],
      { home },
    );
    assert.equal(clash.code, 2);
  });
});

Deno.test("list-federated-catalogs: the dedicated route, client-side paging, masked", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    assert.equal(
      (await ok(["list-federated-catalogs"], home)).stdout,
      "No federated catalogs found\n",
    );
    await createPartner(home);
    await ok(["create-federated-catalog", "alpha", "--storage-location", "s3://a"], home);
    server.clearRequests();
    const r = await ok(["list-federated-catalogs"], home);
    assert.equal(
      r.stdout,
      "Name     URI                                  Storage Location  Properties\n" +
        "alpha    -                                    s3://a            storage_location\n" +
        "partner  https://partner.example.com/catalog  s3://lake/p       storage_location, " +
        "token, uri\n",
    );
    assert.deepEqual(requestLines(server), ["GET /api/v1/federated-catalogs"]);
    server.clearRequests();
    const page = await ok(
      ["list-federated-catalogs", "--offset", "1", "--limit", "1", "--json"],
      home,
    );
    assert.equal(server.requests[0].query, "", "the server does not page this list");
    const rows = JSON.parse(page.stdout);
    assert.deepEqual(rows.map((c: { name: string }) => c.name), ["partner"]);
    assert.equal(rows[0].properties.token, "***");
    assert.equal(page.stdout.includes(TOKEN), false);
  });
});

Deno.test("delete-federated-catalog: own route; local (1), missing (5)", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    await createPartner(home);
    server.clearRequests();
    const refused = await run(["delete-federated-catalog", "partner"], { home });
    assert.equal(refused.code, 2);
    assert.deepEqual(requestLines(server), []);

    const r = await ok(["delete-federated-catalog", "partner", "--yes"], home);
    assert.equal(r.stdout, "✅ Federated catalog partner deleted\n");
    assert.deepEqual(requestLines(server), ["DELETE /api/v1/federated-catalogs/partner"]);

    const local = await run(["delete-federated-catalog", "sales", "--yes"], { home });
    assert.equal(local.code, 1);
    assert.match(local.stderr, /\(400\): Catalog is not a federated catalog\nHint: 'sales' is a /);
    const missing = await run(["delete-federated-catalog", "partner", "--yes", "--json"], { home });
    assert.equal(missing.code, 5);
    assert.equal(missing.stdout, "");
    await createPartner(home);
    const json = await ok(["delete-federated-catalog", "partner", "-y", "--json"], home);
    assert.deepEqual(JSON.parse(json.stdout), { deleted: "partner" });
  });
});

Deno.test("test-federated-catalog: connected, or the remote's error with exit 1", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    await createPartner(home);
    server.clearRequests();
    const r = await ok(["test-federated-catalog", "partner"], home);
    assert.equal(
      r.stdout,
      "✅ Connection to federated catalog partner successful " +
        "(https://partner.example.com/catalog)\n",
    );
    assert.deepEqual(requestLines(server), ["POST /api/v1/federated-catalogs/partner/test"]);
    const json = JSON.parse(
      (await ok(["test-federated-catalog", "partner", "--json"], home)).stdout,
    );
    assert.equal(json.status, "connected");

    await ok([
      "create-federated-catalog",
      "down",
      "--storage-location",
      "s3://d",
      "-P",
      "uri=https://svc:pa55w0rd@down.invalid",
    ], home);
    const down = await run(["test-federated-catalog", "down"], { home });
    assert.equal(down.code, 1);
    assert.equal(down.stderr.includes("pa55w0rd"), false, "the uri's password is masked");
    assert.match(down.stderr, /https:\/\/\*\*\*@down\.invalid/);
    assert.match(
      down.stderr,
      /^Error: API Request Failed: Failed to test federated catalog \(503\)/,
    );
    assert.match(down.stderr, /\nHint: the server could not reach the remote catalog/);
    assert.equal((await run(["test-federated-catalog", "nope"], { home })).code, 5);
  });
});

Deno.test("sync-federated-catalog: looked up first; the memory store's 500 explained", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    await createPartner(home);
    server.clearRequests();
    const r = await run(["sync-federated-catalog", "partner"], { home });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      "Error: API Request Failed: Failed to sync federated catalog (500): Sync failed: Operation " +
        "not supported by this store\nHint: this server's store cannot sync federated catalogs " +
        "(the in-memory store never does); queries still reach the remote catalog directly\n",
    );
    assert.deepEqual(requestLines(server), [
      "GET /api/v1/federated-catalogs/partner",
      "POST /api/v1/federated-catalogs/partner/sync",
    ]);
    server.clearRequests();
    const missing = await run(["sync-federated-catalog", "nope"], { home });
    assert.equal(missing.code, 5);
    assert.match(missing.stderr, /\(404\): Federated catalog 'nope' not found\nHint: check the/);
    assert.deepEqual(requestLines(server), ["GET /api/v1/federated-catalogs/nope"]);
  });
});

Deno.test("sync and stats where the store syncs; stats are looked up first", async () => {
  await withServer(async (server) => {
    const home = await adminHome(server);
    await createPartner(home);
    const before = await ok(["get-federated-stats", "partner"], home);
    assert.equal(
      before.stdout,
      "Catalog:           partner\n" +
        "Sync Status:       Never Synced\n" +
        "Last Synced:       never\n" +
        "Tables Synced:     0\n" +
        "Namespaces Synced: 0\n" +
        "Error:             -\n",
    );
    const r = await ok(["sync-federated-catalog", "partner"], home);
    assert.equal(r.stdout, "✅ Sync of federated catalog partner triggered\n");
    const json = await ok(["sync-federated-catalog", "partner", "--json"], home);
    assert.deepEqual(JSON.parse(json.stdout), { status: "Sync triggered" });
    const stats = JSON.parse((await ok(["get-federated-stats", "partner", "--json"], home)).stdout);
    assert.equal(stats.sync_status, "Success");
    assert.match(
      (await ok(["get-federated-stats", "partner"], home)).stdout,
      /Last Synced: +\d{4}-/,
    );

    server.clearRequests();
    const missing = await run(["get-federated-stats", "nope"], { home });
    assert.equal(missing.code, 5, "the server would answer stats for any name");
    assert.deepEqual(requestLines(server), ["GET /api/v1/federated-catalogs/nope"]);
    const local = await run(["get-federated-stats", "sales"], { home });
    assert.equal(local.code, 1);
    assert.match(local.stderr, /'sales' is not a federated catalog/);

    const alice = await loginAs(server.url, SEED.user.username, SEED.user.password, {
      tenantId: SEED.tenantId,
    });
    const user = await run(["get-federated-stats", "partner"], { home: alice });
    assert.equal(user.code, 4);
    assert.match(user.stderr, /\(403\): Admin access required\n/);
  }, { backend: "sql" });
});
