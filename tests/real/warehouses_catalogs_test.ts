// Warehouses, catalogs, federated catalogs, namespaces, assets, their metadata and access
// requests, search, stats and name validation through the CLI as a subprocess, against the
// real Pangolin server; every effect is read back from the server itself.
import assert from "node:assert/strict";
import { exits, fetchJson, listedNames, login, shell, tenantAdminShell } from "./cli.ts";
import { realTest } from "./harness.ts";

interface NameCheck {
  name: string;
  available: boolean;
}

interface Catalog {
  name: string;
  warehouse_name: string | null;
  storage_location: string | null;
  properties: Record<string, string>;
}

interface Warehouse {
  id: string;
  name: string;
  storage_config: Record<string, string>;
}

realTest("real server: warehouses, catalogs, federated catalogs and assets", async (t, ctx) => {
  const { server, fixtures } = ctx;
  const token = fixtures.adminToken;
  const admin = await tenantAdminShell(ctx);
  const warehouses = () => fetchJson<Warehouse[]>(server, token, "/api/v1/warehouses");
  const byName = async (name: string) => (await warehouses()).find((w) => w.name === name);
  const secret = "wJalrXUtnFEMI-real-tier-secret";

  await t.step(
    "create-warehouse and list-warehouses: stored, secret kept off the output",
    async () => {
      const r = exits(
        await admin.run([
          "create-warehouse",
          "s3-x",
          "--bucket",
          "x-bucket",
          "--region",
          "eu-west-1",
          "--access-key",
          "AKIAREALTIER",
          "--secret-key-stdin",
        ], { stdin: secret + "\n" }),
        0,
      );
      assert.equal(r.stdout, "✅ Warehouse s3-x created\n");
      const stored = await byName("s3-x");
      assert.deepEqual(stored?.storage_config, {
        "s3.bucket": "x-bucket",
        "s3.region": "eu-west-1",
        "s3.access-key-id": "AKIAREALTIER",
        "s3.secret-access-key": secret,
      });
      const listed = exits(await admin.run(["list-warehouses", "--json"]), 0);
      assert.equal(listed.stdout.includes(secret), false);
      const rows = JSON.parse(listed.stdout) as Warehouse[];
      assert.deepEqual(rows.map((w) => w.name).sort(), ["s3-main", "s3-x"]);
      const table = exits(await admin.run(["list-warehouses"]), 0);
      assert.match(table.stdout, /^s3-x +s3 +x-bucket +eu-west-1 /m);
    },
  );

  await t.step("update-warehouse renames; the old name is free again for create", async () => {
    const id = (await byName("s3-x"))!.id;
    const r = exits(await admin.run(["update-warehouse", "s3-x", "--name", "s3-x-retired"]), 0);
    assert.equal(r.stdout, "✅ Warehouse s3-x renamed to s3-x-retired\n");
    assert.equal((await byName("s3-x-retired"))?.id, id);
    assert.equal(await byName("s3-x"), undefined);
    // The server keeps answering GET by the old name with the renamed record: the CLI must
    // not take that for "s3-x exists".
    const stale = await server.request("GET", "/api/v1/warehouses/s3-x", { token });
    assert.equal(stale.status, 200, "the server's by-name GET answers for a renamed name");
    assert.equal((stale.json as Warehouse).name, "s3-x-retired");
    exits(await admin.run(["create-warehouse", "s3-x", "--bucket", "new-bucket"]), 0);
    const fresh = await byName("s3-x");
    assert.ok(fresh && fresh.id !== id, "a new warehouse, not the renamed one");
    assert.equal(fresh.storage_config["s3.bucket"], "new-bucket");
    assert.equal((await byName("s3-x-retired"))?.storage_config["s3.bucket"], "x-bucket");
  });

  await t.step("update-warehouse: a taken name is refused; a free one renamed", async () => {
    const taken = exits(await admin.run(["update-warehouse", "s3-main", "--name", "s3-x"]), 1);
    assert.match(taken.stderr, /A warehouse named 's3-x' already exists/);
    assert.deepEqual(await listedNames(server, token, "/api/v1/warehouses"), [
      "s3-main",
      "s3-x",
      "s3-x-retired",
    ]);
    exits(await admin.run(["update-warehouse", "--id", "s3-x-retired", "--name", "s3-old"]), 0);
    assert.deepEqual(await listedNames(server, token, "/api/v1/warehouses"), [
      "s3-main",
      "s3-old",
      "s3-x",
    ]);
    const gone = exits(await admin.run(["update-warehouse", "s3-x-retired", "--name", "y"]), 5);
    assert.match(gone.stderr, /Warehouse not found/);
  });

  await t.step("delete-warehouse: gone from the listing; again is exit 5", async () => {
    const r = exits(await admin.run(["delete-warehouse", "s3-old", "--yes"]), 0);
    assert.equal(r.stdout, "✅ Warehouse s3-old deleted\n");
    assert.deepEqual(await listedNames(server, token, "/api/v1/warehouses"), ["s3-main", "s3-x"]);
    exits(await admin.run(["delete-warehouse", "s3-old", "--yes"]), 5);
  });

  await t.step(
    "update-catalog --warehouse: a renamed-away or deleted name is refused",
    async () => {
      // GET /api/v1/warehouses/s3-x-retired still answers 200 after the rename and the delete.
      for (const name of ["s3-old", "s3-x-retired"]) {
        const r = exits(await admin.run(["update-catalog", "sales", "--warehouse", name]), 5);
        assert.match(r.stderr, new RegExp(`Warehouse '${name}' not found in this tenant`));
      }
      // The server's own check on create takes the stale answer: it would store the name.
      const direct = await server.request("POST", "/api/v1/catalogs", {
        token,
        body: { name: "ghost", warehouse_name: "s3-x-retired", storage_location: "s3://x/ghost" },
      });
      assert.equal(direct.status, 201, "the server accepts a warehouse name renamed away");
      await server.request("DELETE", "/api/v1/catalogs/ghost", { token });
      const refused = exits(
        await admin.run(["create-catalog", "ghost", "--warehouse", "s3-x-retired"]),
        5,
      );
      assert.match(refused.stderr, /Warehouse 's3-x-retired' not found in this tenant/);
      assert.deepEqual(await listedNames(server, token, "/api/v1/catalogs"), [
        "marketing",
        "sales",
      ]);
      const sales = await fetchJson<{ warehouse_name: string }>(
        server,
        token,
        "/api/v1/catalogs/sales",
      );
      assert.equal(sales.warehouse_name, "s3-main");
      exits(await admin.run(["update-catalog", "sales", "--warehouse", "s3-x"]), 0);
      assert.equal(
        (await fetchJson<{ warehouse_name: string }>(server, token, "/api/v1/catalogs/sales"))
          .warehouse_name,
        "s3-x",
      );
    },
  );

  await t.step("create-catalog, list-catalogs, delete-catalog", async () => {
    const r = exits(
      await admin.run([
        "create-catalog",
        "lakehouse",
        "--warehouse",
        "s3-x",
        "--storage-location",
        "s3://new-bucket/lakehouse",
        "-P",
        "owner=data",
      ]),
      0,
    );
    assert.equal(r.stdout, "✅ Catalog lakehouse created\n");
    const stored = await fetchJson<Catalog>(server, token, "/api/v1/catalogs/lakehouse");
    assert.equal(stored.warehouse_name, "s3-x");
    assert.equal(stored.storage_location, "s3://new-bucket/lakehouse");
    assert.equal(stored.properties.owner, "data");
    const listed = JSON.parse(exits(await admin.run(["list-catalogs", "--json"]), 0).stdout);
    assert.deepEqual(listed.map((c: Catalog) => c.name).sort(), [
      "lakehouse",
      "marketing",
      "sales",
    ]);
    exits(await admin.run(["delete-catalog", "lakehouse", "--yes"]), 0);
    assert.deepEqual(await listedNames(server, token, "/api/v1/catalogs"), ["marketing", "sales"]);
  });

  await t.step("list-namespace-tree and catalog-summary read the server's namespaces", async () => {
    for (const namespace of [["db"], ["db", "inner"]]) {
      const made = await server.request("POST", "/v1/sales/v1/namespaces", {
        token,
        body: { namespace },
      });
      assert.equal(made.status, 200, made.text);
    }
    const tree = exits(await admin.run(["list-namespace-tree", "sales"]), 0);
    assert.match(tree.stdout, /^db$/m);
    assert.match(tree.stdout, /^ +inner$/m);
    const json = JSON.parse(
      exits(await admin.run(["list-namespace-tree", "sales", "--json"]), 0).stdout,
    );
    const served = await fetchJson<unknown>(
      server,
      token,
      "/api/v1/catalogs/sales/namespaces/tree",
    );
    assert.deepEqual(json, served);
    const summary = JSON.parse(
      exits(await admin.run(["catalog-summary", "sales", "--json"]), 0).stdout,
    );
    assert.deepEqual(summary, await fetchJson(server, token, "/api/v1/catalogs/sales/summary"));
  });

  let assetId = "";
  await t.step("assets: get-asset-details, set/get/delete-metadata, search", async () => {
    const asset = await server.request("POST", "/api/v1/catalogs/sales/namespaces/db/assets", {
      token,
      body: { name: "orders", kind: "ICEBERG_TABLE", location: "s3://lake/sales/db/orders" },
    });
    assert.equal(asset.status, 201, asset.text);
    assetId = (asset.json as { id: string }).id;
    const details = JSON.parse(
      exits(await admin.run(["get-asset-details", "--id", assetId, "--json"]), 0).stdout,
    );
    assert.equal(JSON.stringify(details).includes("orders"), true, JSON.stringify(details));

    exits(
      await admin.run([
        "set-metadata",
        "--asset-id",
        assetId,
        "--description",
        "Orders fact table",
        "--tags",
        "finance,pii",
        "--discoverable",
        "true",
      ]),
      0,
    );
    const meta = await fetchJson<{ metadata: Record<string, unknown> }>(
      server,
      token,
      `/api/v1/assets/${assetId}/metadata`,
    );
    assert.equal(meta.metadata.description, "Orders fact table");
    assert.deepEqual(meta.metadata.tags, ["finance", "pii"]);
    const got = exits(await admin.run(["get-metadata", "--asset-id", assetId]), 0);
    assert.match(got.stdout, /Orders fact table/);

    const found = JSON.parse(exits(await admin.run(["search", "orders", "--json"]), 0).stdout);
    assert.ok(JSON.stringify(found).includes(assetId), JSON.stringify(found));
    const inCatalog = exits(await admin.run(["search", "ord", "--catalog", "sales"]), 0);
    assert.match(inCatalog.stdout, /orders/);

    exits(await admin.run(["delete-metadata", "--asset-id", assetId, "--yes"]), 0);
    const gone = await server.request("GET", `/api/v1/assets/${assetId}/metadata`, { token });
    assert.notEqual(gone.status, 200, gone.text);
  });

  await t.step("access requests: request-access, list, update-access-request", async () => {
    const alice = await shell(server);
    await login(alice, "alice", "password", { tenantId: fixtures.tenantId });
    const r = exits(
      await alice.run(["request-access", "--asset-id", assetId, "--reason", "q3 report", "--json"]),
      0,
    );
    const requestId = JSON.parse(r.stdout).id;
    const listed = JSON.parse(exits(await admin.run(["list-access-requests", "--json"]), 0).stdout);
    assert.deepEqual(listed.map((x: { id: string }) => x.id), [requestId]);
    exits(
      await admin.run([
        "update-access-request",
        "--id",
        requestId,
        "--status",
        "approved",
        "--comment",
        "ok",
      ]),
      0,
    );
    const stored = await fetchJson<{ status: string; "review-comment": string }>(
      server,
      token,
      `/api/v1/access-requests/${requestId}`,
    );
    assert.equal(stored.status.toLowerCase(), "approved");
    assert.equal(stored["review-comment"], "ok");
  });

  await t.step("stats and validate agree with the server", async () => {
    const stats = JSON.parse(exits(await admin.run(["stats", "--json"]), 0).stdout);
    assert.deepEqual(
      stats,
      await fetchJson<Record<string, unknown>>(server, token, "/api/v1/dashboard/stats"),
    );
    assert.equal(stats.catalogs_count, 2);
    const v = JSON.parse(
      exits(await admin.run(["validate", "catalog", "sales", "fresh-name", "--json"]), 1).stdout,
    );
    assert.deepEqual(
      v.map((x: { name: string; available: boolean }) => [x.name, x.available]),
      [["sales", false], ["fresh-name", true]],
    );
    // A warehouse renamed away: the server's own check still calls the old name taken.
    await server.request("POST", "/api/v1/warehouses", {
      token,
      body: { name: "tmp-a", storage_config: { "s3.bucket": "tmp" } },
    });
    await server.request("PUT", "/api/v1/warehouses/tmp-a", { token, body: { name: "tmp-b" } });
    const raw = await server.request("POST", "/api/v1/validate/names", {
      token,
      body: { resource_type: "warehouse", names: ["tmp-a"] },
    });
    assert.equal((raw.json as { results: NameCheck[] }).results[0].available, false);
    const w = exits(await admin.run(["validate", "warehouse", "tmp-a", "tmp-b", "--json"]), 1);
    assert.deepEqual(
      JSON.parse(w.stdout).map((x: NameCheck) => [x.name, x.available]),
      [["tmp-a", true], ["tmp-b", false]],
    );
    assert.match(w.stderr, /^Note: the server reports warehouse name 'tmp-a' as taken, but/m);
    exits(await admin.run(["create-warehouse", "tmp-a", "--bucket", "tmp2"]), 0);
  });

  await t.step("bulk-delete removes the asset", async () => {
    exits(await admin.run(["bulk-delete", "--ids", assetId, "--yes"]), 0);
    const gone = await server.request("GET", `/api/v1/assets/${assetId}`, { token });
    assert.equal(gone.status, 404, gone.text);
  });

  await t.step(
    "federated catalogs: create, list, test (503: unreachable), sync, stats, delete",
    async () => {
      const r = exits(
        await admin.run([
          "create-federated-catalog",
          "partner",
          "--storage-location",
          "s3://lake/partner",
          "-P",
          "uri=http://partner.invalid/catalog",
          "-P",
          "token=partner-secret-token",
        ]),
        0,
      );
      assert.equal(r.stdout, "✅ Federated catalog partner created\n");
      const stored = await fetchJson<{ properties: Record<string, string> }>(
        server,
        token,
        "/api/v1/federated-catalogs/partner",
      );
      assert.equal(stored.properties.uri, "http://partner.invalid/catalog");
      const listed = exits(await admin.run(["list-federated-catalogs", "--json"]), 0);
      assert.equal(listed.stdout.includes("partner-secret-token"), false, "the token is masked");
      assert.deepEqual(JSON.parse(listed.stdout).map((c: { name: string }) => c.name), ["partner"]);

      const test = exits(await admin.run(["test-federated-catalog", "partner"]), 1);
      assert.match(test.stderr, /\(503\)/);
      const sync = exits(await admin.run(["sync-federated-catalog", "partner"]), 1);
      assert.match(sync.stderr, /\(500\).*not supported/);
      const stats = JSON.parse(
        exits(await admin.run(["get-federated-stats", "partner", "--json"]), 0).stdout,
      );
      assert.equal(stats.sync_status, "Never Synced");

      exits(await admin.run(["delete-federated-catalog", "partner", "--yes"]), 0);
      const gone = await server.request("GET", "/api/v1/federated-catalogs/partner", { token });
      assert.equal(gone.status, 404);
    },
  );
});
